"""Files no sales export looks like: each refused in one line naming the line, nothing saved."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest

from facilitation.history.importer import ImportProblem, import_sales_file, read_sales_file
from facilitation.history.monthly import monthly_history


def write(tmp_path: Path, text: str, name: str = "sales.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refusal(tmp_path: Path, text: str, **kwargs) -> str:
    parsed = read_sales_file(write(tmp_path, text, **kwargs))
    assert parsed.problems, parsed.totals
    return parsed.refusal()


@pytest.mark.parametrize("amount", ["inf", "-inf", "Infinity", "0x1F", "1e308", "2000000000000"])
def test_non_finite_hex_and_huge_amounts_are_refused_with_their_line(tmp_path, amount):
    text = f"date,rep,amount\n2024-01-01,Ann,5\n2024-01-02,Ann,{amount}\n"
    message = refusal(tmp_path, text)
    assert "line 3: amount" in message
    assert "not a number" in message or "beyond" in message


def test_two_huge_amounts_in_a_month_cannot_sum_to_infinity(tmp_path, store):
    path = write(tmp_path, "date,rep,amount\n2024-01-01,Ann,1e308\n2024-01-02,Ann,1e308\n")
    with pytest.raises(ImportProblem, match="line 2: amount .* is beyond"):
        import_sales_file(store, path)
    assert monthly_history(store, "salesperson").empty


def test_amounts_in_scientific_notation_within_bounds_are_read(tmp_path):
    parsed = read_sales_file(write(tmp_path, "date,rep,amount\n2024-01-01,Ann,1.5E+06\n"))
    assert [t.amount for t in parsed.totals] == [1_500_000.0]


@pytest.mark.parametrize("day", ["0001-01-01", "1500-03-01", "9999-12-31"])
def test_implausible_years_are_refused_even_when_the_column_parses_as_dates(tmp_path, day):
    rows = "".join(f"2024-01-{d:02d},Ann,5\n" for d in range(1, 28))
    message = refusal(tmp_path, f"date,rep,amount\n{rows}{day},Ann,5\n")
    assert f"line 29: date \"{day}\" is in the year {int(day[:4])}" in message


def test_many_rows_with_far_apart_years_are_refused_quickly(tmp_path):
    rows = "".join(f"{1 + i * 4:04d}-01-01,Rep {i % 50},5\n" for i in range(2000))
    started = time.perf_counter()
    message = refusal(tmp_path, "date,rep,amount\n" + rows)
    assert "is in the year 1;" in message
    assert time.perf_counter() - started < 20  # was 34 s and 3.9 GB


def test_dates_over_more_than_a_century_are_refused_naming_both_lines(tmp_path):
    path = write(tmp_path, "date,rep,amount\n1905-01-01,Ann,5\n2024-01-01,Ann,5\n2150-06-01,Bo,1\n")
    with pytest.raises(ImportProblem) as caught:
        read_sales_file(path)
    assert "1905-01 (line 2) to 2150-06 (line 4)" in str(caught.value)
    assert "100 years" in str(caught.value)


def test_a_header_of_200000_columns_is_refused_before_it_is_read(tmp_path):
    header = ",".join(f"c{i}" for i in range(200_000))
    path = write(tmp_path, header + "\n" + ",".join("1" * 200_000) + "\n")
    started = time.perf_counter()
    with pytest.raises(ImportProblem, match="which is not a header"):
        read_sales_file(path)
    assert time.perf_counter() - started < 2


def test_a_header_of_600_short_columns_is_refused(tmp_path):
    header = ",".join(f"c{i}" for i in range(600))
    with pytest.raises(ImportProblem, match="600 columns; spip reads files of up to 500"):
        read_sales_file(write(tmp_path, header + "\n" + ",".join(["1"] * 600) + "\n"))


def test_a_subject_name_of_a_million_characters_is_refused(tmp_path):
    message = refusal(tmp_path, "date,rep,amount\n2024-01-01," + "A" * 1_000_000 + ",5\n")
    assert "line 2: subject \"AAA" in message
    assert "fits in 200 characters (this one has 1,000,000)" in message
    assert len(message) < 300


def test_control_characters_in_a_subject_name_are_refused_and_shown_visibly(tmp_path):
    message = refusal(tmp_path, "date,rep,amount\n2024-01-01,Ann,5\n2024-01-02,\x1b]0;owned\x07,5\n")
    assert "line 3: subject" in message and "control character" in message
    assert "\x1b" not in message and "\x07" not in message
    assert "␛]0;owned␇" in message


def test_cells_quoted_in_a_refusal_show_control_characters_visibly(tmp_path):
    message = refusal(tmp_path, "date,rep,amount\n2024-01-01,Ann,\x1b[2J12\n")
    assert "\x1b" not in message and "␛[2J12" in message


def test_latin1_file_with_one_row_keeps_its_accents(tmp_path):
    parsed = read_sales_file(write(tmp_path, "date;rep;amount\n2024-01-01;Zoë;5\n",
                                   encoding="latin-1"))
    assert [t.subject_name for t in parsed.totals] == ["Zoë"]


def test_utf16_file_with_a_bom_is_read(tmp_path):
    parsed = read_sales_file(write(tmp_path, "\ufeffdate\trep\tamount\n2024-01-01\tZoë\t5\n",
                                   encoding="utf-16-le"))
    assert [(t.subject_name, t.amount) for t in parsed.totals] == [("Zoë", 5.0)]


def test_an_xlsx_that_makes_openpyxl_warn_imports_without_a_warning(tmp_path, recwarn):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Sales Rep", "Amount"])
    sheet.append(["2024-01-01", "Ann", 5])
    # A data validation extension is one of the things openpyxl warns it drops.
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.add_data_validation(DataValidation(type="whole"))
    path = tmp_path / "sales.xlsx"
    book.save(path)
    _add_unsupported_extension(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = read_sales_file(path)
    assert [t.amount for t in parsed.totals] == [5.0]


def _add_unsupported_extension(path: Path) -> None:
    """Put an extension list openpyxl does not know into the sheet (it warns on reading)."""
    import zipfile

    sheet_name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[sheet_name] = parts[sheet_name].replace(
        b"</worksheet>",
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}">'
        b"<x14:dataValidations xmlns:x14=\"http://schemas.microsoft.com/office/"
        b'spreadsheetml/2009/9/main" count="0"/></ext></extLst></worksheet>')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_subject_names_made_of_digits_keep_their_leading_zeros(tmp_path):
    parsed = read_sales_file(write(tmp_path, "date,rep,amount\n2024-01-01,007,5\n2024-01-02,00,1\n"))
    assert sorted(t.subject_name for t in parsed.totals) == ["00", "007"]
