"""Reading a CSV or Excel file into a table, refusing files no sales export looks like.

The limits are far above any real export and far below what would make a read
take minutes or gigabytes (a 200,000-column header used to take 15 s and be
accepted): a file beyond them is refused before pandas reads it, in one line.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from facilitation.store.text import NAME_LIMIT, quoted

if TYPE_CHECKING:
    import pandas as pd

MAX_COLUMNS = 500
# The first line must hold the whole header; a longer one is not a header.
MAX_HEADER_BYTES = MAX_COLUMNS * (NAME_LIMIT + 3)


class ImportProblem(ValueError):
    """The file cannot be imported; nothing was saved. `problems` lists every reason found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def _first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        return f.readline(MAX_HEADER_BYTES + 1)


def _sniff_delimiter(first: str) -> str:
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","


def _encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # Excel's "Unicode text" and some CRMs
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut at the end of a full block is not a sign of another encoding.
        if len(head) < 1 << 20 or exc.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


# pyarrow types a column of 0x1F-style cells as integers; no sales export writes hex,
# so a file holding such a token is read as text and its cells checked one by one.
_HEX_TOKEN = re.compile(rb"(?<![\w.])[+-]?0[xX][0-9a-fA-F]")


def _has_hex_token(path: Path) -> bool:
    """Whether the file holds a 0x1F-like token; bytes.find keeps 50 MB under 0.1 s
    where a regex over the whole file took seconds."""
    tail = b""
    with path.open("rb") as f:
        while block := f.read(1 << 24):
            block, tail = tail + block, block[-8:]
            for marker in (b"0x", b"0X"):
                at = block.find(marker)
                while at != -1:
                    if _HEX_TOKEN.search(block, max(0, at - 2), at + 3):
                        return True
                    at = block.find(marker, at + 1)
    return False


def _check_header(path: Path, first: str, delimiter: str) -> None:
    """Refuse a header too wide or too long to be a sales export's, before reading on."""
    if len(first) > MAX_HEADER_BYTES and not first.endswith(("\n", "\r")):
        raise ImportProblem(f"{path.name}: the first line is over {MAX_HEADER_BYTES:,} "
                            "characters long, which is not a header; nothing imported")
    columns = first.count(delimiter) + 1
    if columns > MAX_COLUMNS:
        raise ImportProblem(f"{path.name}: the header has {columns:,} columns; spip reads "
                            f"files of up to {MAX_COLUMNS}; nothing imported")


def _check_columns(path: Path, columns: list[str]) -> None:
    if len(columns) > MAX_COLUMNS:
        raise ImportProblem(f"{path.name}: the sheet has {len(columns):,} columns; spip reads "
                            f"files of up to {MAX_COLUMNS}; nothing imported")
    for column in columns:
        if len(column) > NAME_LIMIT:
            raise ImportProblem(f"{path.name}: the column name {quoted(column)} is "
                                f"{len(column):,} characters long; a header fits in "
                                f"{NAME_LIMIT}; nothing imported")


def _excel_width(path: Path) -> int:
    """The sheet's width as its dimension record states it (read without loading cells)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        return sheet.max_column or 0
    finally:
        book.close()


def _text_engine(pd) -> str:
    """The engine that reads every cell as written with dtype=str. pandas 3 hands the type
    to pyarrow; pandas 2 lets pyarrow type the column first and converts after ("007"
    becomes 7, then "7"; "0x1F" becomes "31"), so there its own parser reads the text
    (4-5 times slower, and only for files that need it)."""
    return "pyarrow" if int(pd.__version__.split(".")[0]) >= 3 else "c"


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
            with warnings.catch_warnings():
                # openpyxl warns on stderr about styles and extensions it ignores;
                # the user gets the data or one clear message, never a warning.
                warnings.simplefilter("ignore")
                _check_columns(path, [""] * _excel_width(path))  # before reading the cells
                frame = pd.read_excel(path, dtype=object if as_text else None, engine="openpyxl")
        elif suffix == ".xls":
            raise ImportProblem(f"{path.name}: old .xls workbooks are not supported; "
                                "save it as .xlsx or CSV")
        else:
            encoding = _encoding(path)
            first = _first_line(path, encoding)
            delimiter = _sniff_delimiter(first)
            _check_header(path, first, delimiter)
            as_text = as_text or encoding == "utf-16" or _has_hex_token(path)
            frame = pd.read_csv(
                path, engine=_text_engine(pd) if as_text else "pyarrow", sep=delimiter,
                encoding=encoding, dtype=str if as_text else None,
            )
    except ImportProblem:
        raise
    except Exception as exc:  # noqa: BLE001  (pyarrow and openpyxl raise their own types)
        if not as_text and suffix not in (".xlsx", ".xlsm") and "columns, got" not in str(exc):
            return read_table(path, as_text=True)
        raise ImportProblem(_unreadable(path, exc)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_columns(path, list(frame.columns))
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
        where = f"line {line}" if line else f"the row {quoted(row, 60)}"
        return _field_count(path, where, expected, got)
    if match := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        return _field_count(path, f"line {match[2]}", match[1], match[3])  # pandas' parser
    return f"{path.name}: cannot be read as a table ({quoted(text, 160)[1:-1]})"


def _field_count(path: Path, where: str, expected: str, got: str) -> str:
    return (f"{path.name}: {where} has {got} fields where the header has {expected} "
            "(an unquoted comma inside a number or name?); nothing imported")
