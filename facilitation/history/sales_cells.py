"""Reading the cells of a sales file: dates to months, money to numbers.

Each reader takes a whole column and returns its values plus the problems of
the rows that could not be read, by row position. The checks here are what
stand between a hostile or broken file and a forecast of "inf": only finite
decimal amounts within MAX_AMOUNT, only dates in FIRST_YEAR..LAST_YEAR.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from facilitation.history.sales_reading import ImportProblem
from facilitation.store.text import quoted

if TYPE_CHECKING:
    import pandas as pd

FIRST_YEAR, LAST_YEAR = 1900, 2200
# No single sale or monthly line is a trillion; far above that is a typo or an
# overflow (1e308 twice in a month sums to inf), and a forecast would print "inf".
MAX_AMOUNT = 1e12
# A cell longer than this is neither a date nor an amount; not worth parsing.
MAX_CELL = 64

MONTH_NAMES = {
    name: number
    for number, names in enumerate((
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
        ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
        ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
        ("dec", "december"),
    ), start=1)
    for name in names
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_WORD = re.compile(r"[a-z]+|\d+")
# What a decimal number looks like once currency and separators are gone; anything
# else that Python or pandas would still read as a float (inf, nan, 0x1F, 1_000) is
# not an amount a sales export writes.
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")


def _year_problem(year: int, text: Any) -> str | None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return (f"date {quoted(text)} is in the year {year}; spip reads sales from "
            f"{FIRST_YEAR} to {LAST_YEAR}")


def month_of(value: Any, date_order: str | None) -> int | str:
    """A cell's month as an ordinal (year * 12 + month - 1), or a reason it is not a date.

    A day/month date whose order cannot be told is returned as 'ambiguous'.
    """
    if isinstance(value, (datetime, date)):
        return _year_problem(value.year, value) or value.year * 12 + value.month - 1
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none"):
        return "date is empty"
    if len(text) > MAX_CELL:
        return f"date {quoted(text)} is not a date"
    if (match := _ISO.match(text)) or (match := _COMPACT.match(text)):
        year, month = int(match[1]), int(match[2])
    elif match := _YEAR_LAST.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        year += 2000 if year < 100 else 0
        if date_order == "day-first" or (date_order is None and first > 12):
            month = second
        elif date_order == "month-first" or (date_order is None and second > 12) or first == second:
            month = first
        else:
            return "ambiguous"
    else:
        words = _WORD.findall(text.lower())
        months = [MONTH_NAMES[w] for w in words if w in MONTH_NAMES]
        years = [int(w) for w in words if w.isdigit() and len(w) == 4]
        if len(months) != 1 or len(years) != 1:
            return f"date {quoted(text)} is not a date"
        year, month = years[0], months[0]
    if not 1 <= month <= 12:
        return f"date {quoted(text)} is not a date"
    return _year_problem(year, text) or year * 12 + month - 1


_AMOUNT_JUNK = re.compile(r"[\s$€£¥₹'’]|[A-Z]{3}$|^[A-Z]{3}")


def amount_of(text: Any) -> float | str:
    """A money cell as a number, or the reason it is not one.

    Accepts currency symbols and codes, thousands separators (1,234.50 and
    1.234,50), and parentheses or a trailing minus for negatives; refuses
    amounts beyond MAX_AMOUNT.
    """
    raw = str(text).strip()
    if not raw or raw.lower() in ("nan", "none", "<na>"):
        return "amount is empty"
    if len(raw) > MAX_CELL:
        return f"amount {quoted(raw)} is not a number"
    cleaned = _AMOUNT_JUNK.sub("", raw.upper()).replace("\u00a0", "")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned.endswith("-"):
        negative, cleaned = True, cleaned[:-1]
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,50 written the European way
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?|-?\.\d+", cleaned):
        cleaned = cleaned.replace(",", "")
    elif not _DECIMAL.fullmatch(cleaned):  # 1.5E+06, as spreadsheets write large numbers
        return f"amount {quoted(raw)} is not a number"
    value = float(cleaned)
    if abs(value) > MAX_AMOUNT:
        return _too_big(raw)
    return -value if negative else value


def _too_big(raw: Any) -> str:
    return f"amount {quoted(raw)} is beyond {MAX_AMOUNT:,.0f}"


def file_date_order(values: Any) -> str | None:
    """The day/month order the file's dd/mm/yyyy-like dates show, None if they don't tell."""
    pairs = [(int(m[1]), int(m[2])) for v in values if (m := _YEAR_LAST.match(str(v).strip()))]
    day_first = next((f"{a}/{b}" for a, b in pairs if a > 12), None)
    month_first = next((f"{a}/{b}" for a, b in pairs if b > 12), None)
    if day_first and month_first:
        raise ImportProblem(
            f"the dates mix day-first ({day_first}/…) and month-first ({month_first}/…) forms; "
            "fix the file or choose with --date-order")
    return "day-first" if day_first else "month-first" if month_first else None


def month_column(column: pd.Series, date_order: str | None) -> tuple[Any, dict[int, str]]:
    """Month ordinals of a date column (int array, -1 where unreadable) and problems by
    row position."""
    import numpy as np
    import pandas as pd

    if not pd.api.types.is_datetime64_any_dtype(column) and len(column) > 1000 \
            and isinstance(column.iloc[0], (date, datetime)):
        # pyarrow hands ISO dates over as date objects: one vectorised conversion.
        try:
            column = pd.to_datetime(column)
        except (TypeError, ValueError):
            pass
    if pd.api.types.is_datetime64_any_dtype(column) and not column.isna().any():
        years = column.dt.year.to_numpy()
        if ((years >= FIRST_YEAR) & (years <= LAST_YEAR)).all():
            return (column.dt.year * 12 + column.dt.month - 1).to_numpy(), {}
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    date_order = date_order or file_date_order(uniques)
    parsed = [month_of(u, date_order) for u in uniques]
    if "ambiguous" in parsed:
        example = next(u for u, p in zip(uniques, parsed, strict=True) if p == "ambiguous")
        raise ImportProblem(
            f"dates such as {quoted(example)} could be day-first or month-first; choose with "
            "--date-order day-first or --date-order month-first"
        )
    ordinals = np.array([p if isinstance(p, int) else -1 for p in parsed] + [-1], dtype=np.int64)
    months = ordinals[codes]  # code -1 (empty cell) picks the trailing -1
    problems = {}
    for position in np.flatnonzero(months < 0):
        code = codes[position]
        problems[int(position)] = "date is empty" if code < 0 else str(parsed[code])
    return months, problems


def amount_column(column: pd.Series, what: str) -> tuple[Any, dict[int, str]]:
    """Numbers of an amount column and problems by row position (empty, not a number,
    not finite, beyond MAX_AMOUNT)."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        problems = {int(p): f"{what} is empty" for p in np.flatnonzero(np.isnan(values))}
        for position in np.flatnonzero(np.isinf(values)):
            problems[int(position)] = f"{what} {quoted(column.iloc[position])} is not a number"
        for position in np.flatnonzero(np.isfinite(values) & (np.abs(values) > MAX_AMOUNT)):
            problems[int(position)] = _too_big(column.iloc[position]).replace("amount", what, 1)
        return values, problems
    text = column.astype("string")
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    # pandas also reads "inf", "nan", "1e999" and "0x1F"; only plain decimals count.
    plain = text.str.strip().str.fullmatch(_DECIMAL.pattern).fillna(False).to_numpy(dtype=bool)
    values[~plain] = np.nan
    if np.isnan(values).sum() > 1000:
        # Many formatted amounts ("$1,234.50"): clean the common forms in one pass.
        us_style = text.str.replace(r"[\s$€£¥]|^[A-Z]{3}|[A-Z]{3}$", "", regex=True)
        us_style = us_style.str.replace(r"^\((.*)\)$", r"-\1", regex=True)
        us_style = us_style.where(~us_style.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?").fillna(False),
                                  us_style.str.replace(",", "", regex=False))
        shaped = us_style.str.fullmatch(r"-?\d+(\.\d+)?").fillna(False).to_numpy(dtype=bool)
        cleaned = pd.to_numeric(us_style.where(shaped), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        values = np.where(np.isnan(values), cleaned, values)
    problems: dict[int, str] = {}
    with np.errstate(invalid="ignore"):
        suspect = np.isnan(values) | (np.abs(values) > MAX_AMOUNT)
    for position in np.flatnonzero(suspect):
        result = amount_of(text.iloc[position])
        if isinstance(result, str):
            problems[int(position)] = result.replace("amount", what, 1)
        else:
            values[position] = result
    return values, problems
