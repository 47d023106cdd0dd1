"""Importing sales history from CRM and spreadsheet exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitation.history.importer import (
    ImportProblem,
    amount_of,
    guess_mapping,
    import_sales_file,
    month_of,
    read_sales_file,
)
from facilitation.history.monthly import monthly_history, subject_series
from facilitation.store.events import read_events

CRM_EXPORT = """\
Opportunity ID,Close Date,Sales Rep,Stage,Amount (USD),Quantity
OPP-001,2024-01-05,Dana Whitfield,Closed Won,"$12,500.00",3
OPP-002,2024-01-19,Sam Ortega,Closed Won,"$ 8,000",1
OPP-003,2024-01-28,Dana Whitfield,Closed Won,"(1,500.00)",-1
OPP-004,2024-02-02,Dana Whitfield,Closed Won,"€4.250,50",2
OPP-005,2024-02-14,Sam Ortega,Closed Won,USD 700,1
OPP-006,2024-03-30T14:02:00,Sam Ortega,Closed Won,"1,000",1
"""


def write(tmp_path: Path, text: str, name: str = "crm.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_crm_transaction_export_with_messy_amounts_becomes_monthly_totals(store, tmp_path):
    saved = import_sales_file(store, write(tmp_path, CRM_EXPORT))
    assert (saved.rows_read, saved.subjects, saved.months) == (6, 2, 3)
    history = monthly_history(store, "salesperson")
    dana = subject_series(history, "Dana Whitfield")
    assert dana["2024-01"] == pytest.approx(11_000.0)
    assert dana["2024-02"] == pytest.approx(4_250.50)
    sam = subject_series(history, "Sam Ortega")
    assert sam.tolist() == pytest.approx([8_000.0, 700.0, 1_000.0])
    units = store.query("SELECT units FROM sales_history WHERE subject_name = 'Dana Whitfield' "
                        "AND month = '2024-01'")[0][0]
    assert units == 2


def test_a_file_with_bad_rows_is_refused_whole_and_the_database_is_unchanged(store, tmp_path):
    import_sales_file(store, write(tmp_path, CRM_EXPORT, "earlier.csv"))
    before_rows = store.query("SELECT * FROM sales_history ORDER BY id")
    before_events = len(read_events(store))
    lines = CRM_EXPORT.splitlines()
    lines[2] = 'OPP-002,2024-01-19,Sam Ortega,Closed Won,"12,3x",1'
    lines[4] = "OPP-004,someday,,Closed Won,400,2"
    with pytest.raises(ImportProblem) as refused:
        import_sales_file(store, write(tmp_path, "\n".join(lines) + "\n", "earlier.csv"))
    message = str(refused.value)
    assert 'line 3: amount "12,3x" is not a number' in message
    assert 'line 5: date "someday" is not a date, subject is empty' in message
    assert "2 bad rows, nothing imported" in message
    assert [tuple(r) for r in store.query("SELECT * FROM sales_history ORDER BY id")] == \
        [tuple(r) for r in before_rows]
    assert len(read_events(store)) == before_events


def test_mapping_is_guessed_from_common_headers():
    mapping = guess_mapping(["Order Date", "Region", "Revenue", "Notes"])
    assert (mapping.date, mapping.subject, mapping.amount) == ("Order Date", "Region", "Revenue")
    mapping = guess_mapping(["Month", "Account", "Sales"])
    assert (mapping.date, mapping.subject, mapping.amount) == ("Month", "Account", "Sales")
    mapping = guess_mapping(["Booked On", "Sales Rep", "Net Deal Value (EUR)", "Closing Date"])
    assert (mapping.date, mapping.subject, mapping.amount) == \
        ("Closing Date", "Sales Rep", "Net Deal Value (EUR)")


def test_mapping_that_cannot_be_guessed_names_the_columns_and_the_option():
    with pytest.raises(ImportProblem, match=r"amount .*the file has: When, Who, How much.*--amount-col"):
        guess_mapping(["When", "Who", "How much"], {"date": "When", "subject": "Who"})


def test_explicit_mapping_and_kind(store, tmp_path):
    path = write(tmp_path, "When,Who,How much\n2024-05-02,Harbor Logistics,100\n")
    saved = import_sales_file(store, path, mapping={"date": "When", "subject": "Who",
                                                   "amount": "How much"}, kind="key account")
    assert saved.subjects == 1
    assert list(monthly_history(store, "key account").columns) == ["Harbor Logistics"]


def test_kind_column_per_row(store, tmp_path):
    path = write(tmp_path, "Month,Subject,Kind,Amount\n2024 Apr,North,Territory,5\n"
                           "2024 Apr,Inside Sales,team,7\n2024 May,North,territory,6\n")
    import_sales_file(store, path)
    assert subject_series(monthly_history(store, "territory"), "North").tolist() == [5.0, 6.0]
    assert list(monthly_history(store, "team").columns) == ["Inside Sales"]


def test_ambiguous_day_month_dates_are_an_error_naming_the_choice(tmp_path):
    path = write(tmp_path, "Date,Territory,Amount\n03/04/2024,North,1\n05/06/2024,North,2\n")
    with pytest.raises(ImportProblem, match="--date-order day-first or --date-order month-first"):
        read_sales_file(path)
    parsed = read_sales_file(path, date_order="day-first")
    assert [t.month for t in parsed.totals] == ["2024-04", "2024-06"]


def test_day_first_dates_are_recognised_when_a_day_is_above_twelve(tmp_path):
    path = write(tmp_path, "Date,Territory,Amount\n03/04/2024,North,1\n25/12/2024,North,2\n")
    assert [t.month for t in read_sales_file(path).totals] == ["2024-04", "2024-12"]


@pytest.mark.parametrize(("text", "month"), [
    ("2018 Apr", "2018-04"), ("Apr 2018", "2018-04"), ("April 2018", "2018-04"),
    ("2018-04", "2018-04"), ("2018-04-30", "2018-04"), ("20180430", "2018-04"),
    ("30 Apr 2018", "2018-04"), ("2018-04-30 10:00:00", "2018-04"),
])
def test_date_forms(text, month):
    ordinal = month_of(text, None)
    assert f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}" == month


@pytest.mark.parametrize(("text", "value"), [
    ("$1,234.50", 1234.5), ("(1,000)", -1000.0), ("1.234,50 €", 1234.5), ("£ 99", 99.0),
    ("-12", -12.0), ("250-", -250.0), ("EUR 10", 10.0), ("3,5", 3.5),
])
def test_amount_forms(text, value):
    assert amount_of(text) == pytest.approx(value)


def test_amounts_that_are_not_numbers_say_so():
    assert amount_of("12,3x") == 'amount "12,3x" is not a number'
    assert amount_of("") == "amount is empty"


def test_excel_workbook_imports(store, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Invoice Date", "Customer", "Net Amount"])
    sheet.append([datetime(2024, 1, 3), "Harbor Logistics", 1200])
    sheet.append([datetime(2024, 2, 9), "Harbor Logistics", "1,300.00"])
    sheet.append(["2024-02-10", "Bay Freight", 50])
    path = tmp_path / "invoices.xlsx"
    book.save(path)
    saved = import_sales_file(store, path)
    assert saved.subjects == 2
    history = monthly_history(store, "key account")
    assert subject_series(history, "Harbor Logistics").tolist() == [1200.0, 1300.0]


def test_files_that_are_not_tables_get_a_clear_message(store, tmp_path):
    with pytest.raises(ImportProblem, match="no such file"):
        import_sales_file(store, tmp_path / "missing.csv")
    with pytest.raises(ImportProblem, match="no rows"):
        import_sales_file(store, write(tmp_path, "Date,Territory,Amount\n"))
    binary = tmp_path / "sheet.xlsx"
    binary.write_bytes(b"not a workbook")
    with pytest.raises(ImportProblem, match="cannot be read"):
        import_sales_file(store, binary)


def test_empty_cells_are_named_by_line(tmp_path):
    path = write(tmp_path, "Date,Territory,Amount\n2024-01-02,North,\n,North,5\n2024-01-03,North,7\n")
    parsed = read_sales_file(path)
    assert parsed.problems == ["line 2: amount is empty", "line 3: date is empty"]


@pytest.mark.parametrize("region", ["North", "0x1A"])  # 0x1A: read as text
def test_a_row_with_too_many_fields_is_named_by_line(store, tmp_path, region):
    path = write(tmp_path, f"Date,Region,Revenue\n2024-01-01,{region},12\n"
                           f"2024-01-02,{region},12,30\n")
    with pytest.raises(ImportProblem, match="line 3 has 4 fields where the header has 3"):
        import_sales_file(store, path)
