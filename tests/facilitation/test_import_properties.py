"""Properties of the sales-file reader over generated cells and files: it reads what a
sales export writes, and anything else is a one-line refusal, never a crash."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from facilitation.history.importer import ImportProblem, amount_of, month_of, read_sales_file
from facilitation.history.sales_cells import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
FILES = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])

amounts = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False)
days = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31))
names = st.text(st.characters(codec="latin-1", exclude_categories=("Cc", "Zs", "Zl", "Zp")),
                min_size=1, max_size=20).filter(lambda n: n.strip() == n and n.lower() not in (
                    "nan", "none", "null", "n/a", "na", "<na>", "#n/a", "nat", "true", "false"))


@FAST
@given(st.text(max_size=80))
def test_any_text_is_a_finite_bounded_amount_or_a_reason(text):
    result = amount_of(text)
    if isinstance(result, float):
        assert math.isfinite(result) and abs(result) <= MAX_AMOUNT
    else:
        assert isinstance(result, str) and "\x1b" not in result


@FAST
@given(amounts, st.sampled_from(["{:,.2f}", "{:.2f}", "${:,.2f}", "{:.2f} EUR"]))
def test_amounts_written_the_usual_ways_read_back(value, form):
    text = form.format(abs(value))
    negative = f"-{text}" if text.endswith("EUR") else f"({text})"
    assert amount_of(text if value >= 0 else negative) == float(value)


@FAST
@given(st.one_of(st.text(max_size=40), st.dates(), st.datetimes()),
       st.sampled_from([None, "day-first", "month-first"]))
def test_any_cell_is_a_plausible_month_or_a_reason(value, order):
    result = month_of(value, order)
    if isinstance(result, int):
        assert FIRST_YEAR * 12 <= result <= LAST_YEAR * 12 + 11
    else:
        assert isinstance(result, str)


@FAST
@given(days, st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%b %Y", "%Y-%m"]))
def test_dates_written_the_usual_ways_read_as_their_month(day, form):
    order = "day-first" if form.startswith("%d") else None
    assert month_of(day.strftime(form), order) == day.year * 12 + day.month - 1


recent_days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))
rows = st.lists(st.tuples(recent_days, names, amounts), min_size=1, max_size=30)


@FILES
@given(rows, st.sampled_from([",", ";", "\t", "|"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
def test_a_generated_sales_file_totals_its_rows(tmp_path_factory, rows, separator, encoding):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerow(["Date", "Sales Rep", "Amount"])
    for day, name, amount in rows:
        writer.writerow([day.isoformat(), name, f"{amount:.2f}"])
    data = out.getvalue().encode(encoding)
    # Latin-1 bytes that are also valid UTF-8 ("Â¡" is "¡") cannot be told apart; UTF-8 wins.
    assume(encoding != "latin-1" or not _is_utf8(data))
    path = tmp_path_factory.mktemp("csv") / "sales.csv"
    path.write_bytes(data)
    parsed = read_sales_file(path)
    assert not parsed.problems, parsed.refusal()
    assert math.isclose(sum(t.amount for t in parsed.totals),
                        float(sum(a for _, _, a in rows)), abs_tol=0.01)
    assert {t.subject_name for t in parsed.totals} == {n for _, n, _ in rows}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


cells = st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.just("x" * 100_000),
                  st.sampled_from(["inf", "0x1F", "1e308", "9999-01-01", "\x1b[2J", ""]))


@FILES
@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=12),
       st.sampled_from([",", ";", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
def test_any_csv_is_read_or_refused_in_one_line(tmp_path_factory, table, separator, encoding):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerow(["date", "rep", "amount", *[f"extra {i}" for i in range(3)]][:6])
    writer.writerows(table)
    path = tmp_path_factory.mktemp("csv") / "any.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    _read_or_refuse(path)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.integers(-(2**53), 2**53), st.floats(), days, names,
                                   st.sampled_from(["inf", "0x1F", "1e308", "x" * 40_000])),
                         min_size=3, max_size=4), min_size=1, max_size=8))
def test_any_xlsx_is_read_or_refused_in_one_line(tmp_path_factory, table):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Date", "Sales Rep", "Amount", "Units"])
    for row in table:
        book.active.append([c if not isinstance(c, float) or math.isfinite(c) else str(c)
                            for c in row])
    path = tmp_path_factory.mktemp("xlsx") / "any.xlsx"
    book.save(path)
    _read_or_refuse(path)


def _read_or_refuse(path: Path) -> None:
    try:
        parsed = read_sales_file(path, kind="salesperson")
    except ImportProblem as problem:
        message = str(problem)
    else:
        if not parsed.problems:
            for total in parsed.totals:
                assert math.isfinite(total.amount)
            return
        message = parsed.refusal()
    assert "\n" not in message and "\x1b" not in message and len(message) < 2000
