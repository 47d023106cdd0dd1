"""Text that people type or files bring in: limits, and control characters made harmless.

Stored text may hold anything a file or a keyboard put there. Two rules keep it
from doing harm: names are checked against one length limit (`check_name`), and
anything printed to a terminal or written to a file goes through `visible` or
`printable`, so an escape sequence in a cell can neither repaint a user's screen
nor break an export.
"""

from __future__ import annotations

import re

# One limit for every short name a person gives: plan subjects, owners, risk titles,
# tactic owners, subjects read from a file. Long enough for any real name, short
# enough that a pasted document or a hostile cell is refused rather than stored.
NAME_LIMIT = 200

# C0 and C1 controls and DEL. Multi-line output on a terminal keeps newline and tab;
# files also keep carriage return (CSV ends its records with CR LF).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_BUT_RECORDS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)} | {0x7F: "\u2421"}


def _shown(char: str) -> str:
    code = ord(char)
    return _CONTROL_PICTURES.get(code) or f"\\x{code:02x}"


def visible(text: object, *, keep_lines: bool = False) -> str:
    """Text safe to print on a terminal: each control character shown as a visible
    symbol (ESC as ␛, BEL as ␇, C1 controls as \\x9b), so that stored text cannot
    move the cursor, clear the screen or retitle the window. `keep_lines` lets
    newlines and tabs through for multi-line output."""
    pattern = _CONTROL_BUT_LINES if keep_lines else _CONTROL
    return pattern.sub(lambda m: _shown(m[0]), str(text))


def printable(text: object, *, keep_lines: bool = False) -> str:
    """Text with control characters dropped, for files (exports) where a visible
    symbol would be noise and a raw one would break the format or a reader."""
    pattern = _CONTROL_BUT_RECORDS if keep_lines else _CONTROL
    return pattern.sub("", str(text))


def has_control(text: str) -> bool:
    """Whether text holds a control character (a tab or a newline counts)."""
    return _CONTROL.search(text) is not None


def quoted(text: object, limit: int = 40) -> str:
    """A cell or value quoted in a message: visible, and cut to `limit` characters."""
    shown = visible(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f'"{shown}"'


def text_problem(value: str, limit: int = NAME_LIMIT) -> str | None:
    """Why a name typed by a person cannot be stored (too long, or holding a control
    character such as an escape), as the end of a sentence about the field; or None."""
    if len(value) > limit:
        return f"fits in {limit} characters (this one has {len(value):,})"
    if found := _CONTROL.search(value):
        return f"holds a control character ({visible(found[0])}); retype it without"
    return None


def name_problem(what: str, value: str, limit: int = NAME_LIMIT) -> str | None:
    """Why a name read from a file cannot be stored, quoting it visibly; or None."""
    problem = text_problem(value, limit)
    return f"{what} {quoted(value)} {problem}" if problem else None
