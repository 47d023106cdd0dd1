"""Exports of a plan: Markdown and printable HTML documents, tactics and KPIs as CSV and
XLSX, and the review meetings as an iCalendar file. Every export reads one PlanDocument,
so it can be made at any moment, without ending a session."""

from __future__ import annotations

from pathlib import Path

from facilitation.store.database import Store
from facilitation.store.text import printable

FORMATS = ("md", "html", "csv", "xlsx", "ics")
DOCUMENT_FORMATS = ("md", "html")
FORMAT_LABELS = {
    "md": "Markdown document", "html": "printable HTML page", "csv": "tactics and KPIs (CSV)",
    "xlsx": "tactics and KPIs (Excel)", "ics": "review meetings (iCalendar)",
}


class ExportError(ValueError):
    """An export that cannot be made; the message says why in one line."""


def render(document, fmt: str, today=None) -> bytes:
    """The export of a PlanDocument in format `fmt`, as bytes ready to write.

    Control characters in stored text (an escape sequence pasted into a name, a NUL
    from an imported file) are dropped from every format: they would corrupt the
    file for its reader or act on the terminal of whoever prints it."""
    if fmt == "md":
        from facilitation.exports.markdown import render_markdown

        return printable(render_markdown(document, today), keep_lines=True).encode("utf-8")
    if fmt == "html":
        from facilitation.exports.html import render_html

        return printable(render_html(document, today), keep_lines=True).encode("utf-8")
    if fmt == "csv":
        from facilitation.exports.tables import render_csv

        # the BOM makes Excel read UTF-8
        return printable(render_csv(document), keep_lines=True).encode("utf-8-sig")
    if fmt == "xlsx":
        from facilitation.exports.tables import render_xlsx

        return render_xlsx(document)
    if fmt == "ics":
        from facilitation.exports.calendar import render_ics

        return render_ics(document)
    raise ExportError(f'unknown format "{fmt}"; choose one of: {", ".join(FORMATS)}')


def default_file_name(document, fmt: str) -> str:
    """'coastal-plan.md': the subject's name made safe for a file name."""
    import re

    stem = re.sub(r"[^a-z0-9]+", "-", document.plan.subject_name.lower()).strip("-") or "plan"
    return f"{stem}-plan.{fmt}"


def export_plan(store: Store, plan_id: int, fmt: str, path: str | Path | None = None,
                *, directory: str | Path = ".", today=None) -> Path:
    """Write the plan's export in `fmt` to `path` (or a default name in `directory`).

    The file is written aside and moved into place, so a failed export never leaves a
    half-written file. Md and html fit the forecast: call it from a worker thread.
    """
    import os

    from facilitation.summary.document import plan_document

    if fmt not in FORMATS:
        raise ExportError(f'unknown format "{fmt}"; choose one of: {", ".join(FORMATS)}')
    # Only the documents show the forecast; tables and calendars skip fitting it.
    document = plan_document(store, plan_id) if fmt in DOCUMENT_FORMATS \
        else plan_document(store, plan_id, forecast=None)
    target = Path(path) if path else Path(directory) / default_file_name(document, fmt)
    target = target.expanduser()
    if target.is_dir():
        target = target / default_file_name(document, fmt)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    data = render(document, fmt, today)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
