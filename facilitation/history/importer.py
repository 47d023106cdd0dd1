"""Reading sales history from CSV and Excel files as CRMs and spreadsheets export them.

A file is read whole, checked row by row, aggregated to monthly totals per
subject and only then saved (one transaction, one event). A file with any bad
row is refused whole; the refusal lists the first bad rows by line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitation.history.monthly import MonthlyTotal, SavedImport, save_history
from facilitation.store.database import Store
from facilitation.store.model import SUBJECT_KINDS

if TYPE_CHECKING:
    import pandas as pd

MAX_PROBLEMS_SHOWN = 10
DATE_ORDERS = ("day-first", "month-first")

# Header names CRMs and spreadsheets use, normalised (lower case, single spaces).
DATE_HEADERS = (
    "date", "month", "close date", "closed date", "closedate", "order date", "invoice date",
    "transaction date", "sale date", "sales date", "booking date", "posting date", "period",
    "created date", "year month", "day", "week",
)
SUBJECT_HEADERS = {
    "subject": None, "subject name": None, "name": None,
    "territory": "territory", "region": "territory", "state": "territory", "area": "territory",
    "district": "territory", "sales territory": "territory", "sales region": "territory",
    "rep": "salesperson", "sales rep": "salesperson", "salesperson": "salesperson",
    "sales person": "salesperson", "seller": "salesperson", "opportunity owner": "salesperson",
    "account owner": "salesperson", "owner": "salesperson", "agent": "salesperson",
    "account": "key account", "account name": "key account", "customer": "key account",
    "customer name": "key account", "client": "key account", "key account": "key account",
    "team": "team", "sales team": "team",
}
AMOUNT_HEADERS = (
    "amount", "revenue", "sales", "turnover", "value", "total", "net amount", "deal value",
    "deal amount", "net sales", "sales amount", "booking amount", "total amount", "net revenue",
    "invoice amount", "price", "total price",
)
KIND_HEADERS = ("subject kind", "kind", "subject type", "type")
UNITS_HEADERS = ("units", "quantity", "qty", "volume", "units sold")
KNOWN_HEADERS = {*DATE_HEADERS, *SUBJECT_HEADERS, *AMOUNT_HEADERS, *KIND_HEADERS, *UNITS_HEADERS}

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


class ImportProblem(ValueError):
    """The file cannot be imported; nothing was saved. `problems` lists every reason found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of the file holds what (names as in the file's header)."""

    date: str
    subject: str
    amount: str
    kind: str | None = None
    units: str | None = None

    def columns(self) -> dict[str, str]:
        return {k: v for k, v in
                (("date", self.date), ("subject", self.subject), ("amount", self.amount),
                 ("kind", self.kind), ("units", self.units)) if v}


@dataclass
class ParsedSales:
    """A file checked and aggregated: monthly totals per subject, or the bad rows."""

    source: str
    mapping: ColumnMapping
    rows_read: int
    totals: list[MonthlyTotal] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_rows: int = 0

    @property
    def subjects(self) -> int:
        return len({(t.subject_kind, t.subject_name) for t in self.totals})

    @property
    def months(self) -> int:
        return len({t.month for t in self.totals})

    def refusal(self) -> str:
        """One line: why the file is refused, with the first bad rows."""
        shown = "; ".join(self.problems[:5])
        more = f" (and {self.bad_rows - 5} more)" if self.bad_rows > 5 else ""
        rows = "row" if self.bad_rows == 1 else "rows"
        return (f"{self.source}: {self.bad_rows} bad {rows}, nothing imported: {shown}{more}")


def normalise_header(name: Any) -> str:
    """'Close_Date ' → 'close date'; '(USD)' style suffixes dropped."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(name)).lower()
    return " ".join(re.sub(r"[_\-.:#]+", " ", text).split())


# --- reading ---------------------------------------------------------------------------------

def _sniff_delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace") as f:
        first = f.readline()
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","


def _encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the block's end
            return "cp1252"
    return "utf-8"


def read_table(path: str | Path, *, as_text: bool = False) -> pd.DataFrame:
    """The file's rows as a DataFrame (header from the first row).

    CSV is read with pyarrow, letting it type clean columns (fast); `as_text`
    reads every cell as text, for files whose columns do not type cleanly.
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise ImportProblem(f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=object if as_text else None, engine="openpyxl")
        elif suffix == ".xls":
            raise ImportProblem(f"{path.name}: old .xls workbooks are not supported; "
                                "save it as .xlsx or CSV")
        else:
            encoding = _encoding(path)
            frame = pd.read_csv(
                path, engine="pyarrow", sep=_sniff_delimiter(path, encoding),
                encoding=encoding, dtype=str if as_text else None,
            )
    except ImportProblem:
        raise
    except Exception as exc:  # noqa: BLE001  (pyarrow and openpyxl raise their own types)
        if not as_text and suffix not in (".xlsx", ".xlsm") and "columns, got" not in str(exc):
            return read_table(path, as_text=True)
        raise ImportProblem(_unreadable(path, exc)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise ImportProblem(f"{path.name}: the file has no rows under its header")
    return frame


def _unreadable(path: Path, exc: Exception) -> str:
    """Why a file is not a table, naming the line when the parser says which row it was."""
    text = " ".join(str(exc).split())
    if match := re.search(r"Expected (\d+) columns, got (\d+): (.*)", text):
        expected, got, row = match[1], match[2], match[3].strip()
        with path.open(encoding="utf-8", errors="replace") as f:
            line = next((n for n, content in enumerate(f, 1) if content.strip() == row), None)
        where = f"line {line}" if line else f'the row "{row[:60]}"'
        return (f"{path.name}: {where} has {got} fields where the header has {expected} "
                "(an unquoted comma inside a number or name?); nothing imported")
    return f"{path.name}: cannot be read as a table ({text[:160]})"


# --- the column mapping -----------------------------------------------------------------------

def _find(columns: Iterable[str], wanted: Iterable[str], exclude: set[str]) -> str | None:
    by_name = {normalise_header(c): c for c in columns if c not in exclude}
    for name in wanted:
        if name in by_name:
            return by_name[name]
    for name in wanted:  # 'Amount in EUR', 'Total Revenue' (but never 'Sales Rep' as an amount)
        for normalised, original in by_name.items():
            if normalised in KNOWN_HEADERS:
                continue
            if (len(name) > 3 and name in normalised.split(" ")) or normalised.startswith(name + " "):
                return original
    return None


def guess_mapping(columns: list[str], given: dict[str, str | None] | None = None) -> ColumnMapping:
    """The column mapping guessed from header names, with any column given explicitly
    taking precedence; ImportProblem naming the missing roles and the file's columns."""
    given = {k: v for k, v in (given or {}).items() if v}
    for role, column in given.items():
        if column not in columns:
            matches = [c for c in columns if normalise_header(c) == normalise_header(column)]
            if not matches:
                raise ImportProblem(f'there is no column "{column}" for the {role}; the file has: '
                                    + ", ".join(columns))
            given[role] = matches[0]
    taken = set(given.values())
    found: dict[str, str | None] = dict(given)
    for role, wanted in (("date", DATE_HEADERS), ("amount", AMOUNT_HEADERS),
                         ("subject", tuple(SUBJECT_HEADERS)), ("kind", KIND_HEADERS),
                         ("units", UNITS_HEADERS)):
        if role not in found:
            found[role] = _find(columns, wanted, taken)
            if found[role]:
                taken.add(found[role])
    missing = [role for role in ("date", "subject", "amount") if not found.get(role)]
    if missing:
        options = " ".join(f"--{role}-col" for role in missing)
        raise ImportProblem(
            f"cannot tell which column holds the {' and the '.join(missing)} "
            f"(the file has: {', '.join(columns)}); name it with {options}"
        )
    return ColumnMapping(**found)  # type: ignore[arg-type]


def kind_from_header(subject_column: str) -> str | None:
    """'Territory' → 'territory', 'Sales Rep' → 'salesperson'; None when the header says nothing."""
    name = normalise_header(subject_column)
    if name in SUBJECT_HEADERS:
        return SUBJECT_HEADERS[name]
    for header, kind in SUBJECT_HEADERS.items():
        if kind and header in name:
            return kind
    return None


def normalise_kind(text: str) -> str | None:
    """'Key Account', 'key_account', 'Territories' → one of SUBJECT_KINDS, or None."""
    name = normalise_header(text).replace("sales person", "salesperson").rstrip("s")
    name = {"rep": "salesperson", "sales rep": "salesperson", "region": "territory",
            "territorie": "territory", "account": "key account", "customer": "key account"}.get(
        name, name)
    return name if name in SUBJECT_KINDS else None


# --- cell parsing -----------------------------------------------------------------------------

def month_of(value: Any, date_order: str | None) -> int | str:
    """A cell's month as an ordinal (year * 12 + month - 1), or a reason it is not a date.

    A day/month date whose order cannot be told is returned as 'ambiguous'.
    """
    if isinstance(value, (datetime, date)):
        return value.year * 12 + value.month - 1
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none"):
        return "date is empty"
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
            return f'date "{text}" is not a date'
        year, month = years[0], months[0]
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return f'date "{text}" is not a date'
    return year * 12 + month - 1


_AMOUNT_JUNK = re.compile(r"[\s$€£¥₹'’]|[A-Z]{3}$|^[A-Z]{3}")


def amount_of(text: Any) -> float | str:
    """A money cell as a number, or the reason it is not one.

    Accepts currency symbols and codes, thousands separators (1,234.50 and
    1.234,50), and parentheses or a trailing minus for negatives.
    """
    raw = str(text).strip()
    if not raw or raw.lower() in ("nan", "none", "<na>"):
        return "amount is empty"
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
    else:
        return f'amount "{raw}" is not a number'
    value = float(cleaned)
    return -value if negative else value


# --- parsing a whole table ----------------------------------------------------------------------

def _file_date_order(values: Any) -> str | None:
    """The day/month order the file's dd/mm/yyyy-like dates show, None if they don't tell."""
    pairs = [(int(m[1]), int(m[2])) for v in values if (m := _YEAR_LAST.match(str(v).strip()))]
    day_first = next((f"{a}/{b}" for a, b in pairs if a > 12), None)
    month_first = next((f"{a}/{b}" for a, b in pairs if b > 12), None)
    if day_first and month_first:
        raise ImportProblem(
            f"the dates mix day-first ({day_first}/…) and month-first ({month_first}/…) forms; "
            "fix the file or choose with --date-order")
    return "day-first" if day_first else "month-first" if month_first else None


def _months(column: pd.Series, date_order: str | None) -> tuple[Any, dict[int, str]]:
    """Month ordinals of a date column (NaN-free int array) and problems by row position."""
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
        return (column.dt.year * 12 + column.dt.month - 1).to_numpy(), {}
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    date_order = date_order or _file_date_order(uniques)
    parsed = [month_of(u, date_order) for u in uniques]
    if "ambiguous" in parsed:
        example = next(str(u) for u, p in zip(uniques, parsed, strict=True) if p == "ambiguous")
        raise ImportProblem(
            f'dates such as "{example}" could be day-first or month-first; choose with '
            "--date-order day-first or --date-order month-first"
        )
    ordinals = np.array([p if isinstance(p, int) else -1 for p in parsed] + [-1], dtype=np.int64)
    months = ordinals[codes]  # code -1 (empty cell) picks the trailing -1
    problems = {}
    for position in np.flatnonzero(months < 0):
        code = codes[position]
        problems[int(position)] = "date is empty" if code < 0 else str(parsed[code])
    return months, problems


def _amounts(column: pd.Series, what: str) -> tuple[Any, dict[int, str]]:
    """Numbers of an amount column and problems by row position."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        problems = {int(p): f"{what} is empty" for p in np.flatnonzero(np.isnan(values))}
        return values, problems
    text = column.astype("string")
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan).copy()
    if np.isnan(values).sum() > 1000:
        # Many formatted amounts ("$1,234.50"): clean the common forms in one pass.
        us_style = text.str.replace(r"[\s$€£¥]|^[A-Z]{3}|[A-Z]{3}$", "", regex=True)
        us_style = us_style.str.replace(r"^\((.*)\)$", r"-\1", regex=True)
        us_style = us_style.where(~us_style.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?").fillna(False),
                                  us_style.str.replace(",", "", regex=False))
        cleaned = pd.to_numeric(us_style, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        values = np.where(np.isnan(values), cleaned, values)
    problems: dict[int, str] = {}
    for position in np.flatnonzero(np.isnan(values)):
        result = amount_of(text.iloc[position])
        if isinstance(result, str):
            problems[int(position)] = result.replace("amount", what, 1)
        else:
            values[position] = result
    return values, problems


def parse_sales(
    frame: pd.DataFrame, mapping: ColumnMapping, *, source: str, kind: str | None = None,
    date_order: str | None = None, first_line: int = 2,
) -> ParsedSales:
    """Check every row and aggregate to monthly totals per subject.

    `kind` is the subject kind of every row when the file has no kind column.
    Problems name the file's line (`first_line` is the line of the first data row).
    """
    import numpy as np

    if date_order is not None and date_order not in DATE_ORDERS:
        raise ImportProblem(f'date order "{date_order}": choose day-first or month-first')
    if kind is not None and normalise_kind(kind) is None:
        raise ImportProblem(f'"{kind}" is not a subject kind; choose one of: '
                            + ", ".join(SUBJECT_KINDS))
    kind = normalise_kind(kind) if kind else None
    if not mapping.kind and not kind:
        kind = kind_from_header(mapping.subject)
        if kind is None:
            raise ImportProblem(
                f'cannot tell what kind of subject "{mapping.subject}" holds; say it with '
                "--kind (" + ", ".join(SUBJECT_KINDS) + ")")
    problems: dict[int, list[str]] = {}

    def note(found: dict[int, str]) -> None:
        for position, reason in found.items():
            problems.setdefault(position, []).append(reason)

    months, found = _months(frame[mapping.date], date_order)
    note(found)
    amounts, found = _amounts(frame[mapping.amount], "amount")
    note(found)
    subject_codes, subject_names = _labels(frame[mapping.subject])
    note({int(p): "subject is empty" for p in np.flatnonzero(subject_codes < 0)})
    if mapping.kind:
        kind_codes, kind_labels = _labels(frame[mapping.kind])
        normalised = [normalise_kind(label) for label in kind_labels]
        kind_names = sorted({k for k in normalised if k})
        lookup = np.array([kind_names.index(k) if k else -1 for k in normalised] + [-1])
        kind_of_row = lookup[kind_codes]
        note({int(p): f'kind "{frame[mapping.kind].iloc[p]}" is not one of: '
              f'{", ".join(SUBJECT_KINDS)}' for p in np.flatnonzero(kind_of_row < 0)})
    else:
        kind_names = [kind]
        kind_of_row = np.zeros(len(frame), dtype=np.int64)
    units = None
    if mapping.units:
        units, found = _amounts(frame[mapping.units], "units")
        note({p: r for p, r in found.items() if r != "units is empty"})
        units = np.nan_to_num(units)
    parsed = ParsedSales(source=source, mapping=mapping, rows_read=len(frame))
    if problems:
        parsed.bad_rows = len(problems)
        parsed.problems = [f"line {p + first_line}: {', '.join(problems[p])}"
                           for p in sorted(problems)[:MAX_PROBLEMS_SHOWN]]
        return parsed
    parsed.totals = _monthly_totals(kind_of_row, kind_names, subject_codes, subject_names,
                                    months, amounts, units)
    return parsed


def _labels(column: pd.Series) -> tuple[Any, list[str]]:
    """Codes of a text column's values after trimming spaces (-1 for empty cells) and the
    trimmed labels; trimming the distinct values only keeps a million rows fast."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    trimmed = [str(u).strip() for u in uniques]
    labels = sorted({t for t in trimmed if t}, key=str.casefold)
    position = {label: i for i, label in enumerate(labels)}
    lookup = np.array([position.get(t, -1) for t in trimmed] + [-1], dtype=np.int64)
    return lookup[codes], labels


def _monthly_totals(kind_of_row: Any, kind_names: list[str], subject_codes: Any,
                    subject_names: list[str], months: Any, amounts: Any,
                    units: Any | None) -> list[MonthlyTotal]:
    """Sum rows into (kind, subject, month) cells with one bincount (a groupby on a
    million rows costs several times more)."""
    import numpy as np

    first_month = int(months.min())
    span = int(months.max()) - first_month + 1
    subjects = len(subject_names)
    cell = (kind_of_row * subjects + subject_codes) * span + (months - first_month)
    size = len(kind_names) * subjects * span
    counts = np.bincount(cell, minlength=size)
    sums = np.bincount(cell, weights=amounts, minlength=size)
    unit_sums = None if units is None else np.bincount(cell, weights=units, minlength=size)
    totals = []
    for index in np.flatnonzero(counts):
        rest, month = divmod(int(index), span)
        kind, subject = divmod(rest, subjects)
        ordinal = first_month + month
        totals.append(MonthlyTotal(
            kind_names[kind], subject_names[subject],
            f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}", float(sums[index]),
            None if unit_sums is None else float(unit_sums[index])))
    return totals


# --- the whole import ---------------------------------------------------------------------------

Progress = Callable[[float, str], None]


def read_sales_file(
    path: str | Path, *, mapping: dict[str, str | None] | ColumnMapping | None = None,
    kind: str | None = None, date_order: str | None = None, progress: Progress | None = None,
) -> ParsedSales:
    """Read, check and aggregate a file (nothing is saved): for the preview and for import."""
    path = Path(path)
    report = progress or (lambda fraction, stage: None)
    report(0.0, "reading")
    frame = read_table(path)
    report(0.5, "checking")
    if not isinstance(mapping, ColumnMapping):
        mapping = guess_mapping(list(frame.columns), mapping)
    try:
        return parse_sales(frame, mapping, source=path.name, kind=kind, date_order=date_order)
    finally:
        report(0.9, "aggregating")


def import_sales_file(
    store: Store, path: str | Path, *, mapping: dict[str, str | None] | ColumnMapping | None = None,
    kind: str | None = None, date_order: str | None = None, progress: Progress | None = None,
    actor: str | None = None,
) -> SavedImport:
    """Import a file's monthly totals (replacing an earlier import of the same file name);
    ImportProblem with the first bad rows if any row is bad, and then nothing is saved."""
    parsed = read_sales_file(path, mapping=mapping, kind=kind, date_order=date_order,
                             progress=progress)
    if parsed.problems:
        raise ImportProblem(parsed.refusal(), parsed.problems)
    if not parsed.totals:
        raise ImportProblem(f"{parsed.source}: no sales rows to import")
    saved = save_history(store, parsed.source, parsed.totals, parsed.rows_read, actor=actor)
    if progress:
        progress(1.0, "saved")
    return saved
