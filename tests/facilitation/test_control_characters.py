"""Control characters in stored text: names refuse them, every export survives them and
drops them, one length limit for names people type."""

from __future__ import annotations

import csv
import io

import pytest

from facilitation.contingency.risks import RiskInputError, add_risk, rename_risk
from facilitation.exports import FORMATS, render
from facilitation.ideas.strategies import StrategyError, add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.plans import PlanInput, PlanInputError, create_plan, rename_plan
from facilitation.store.text import NAME_LIMIT, printable, visible
from facilitation.summary.document import plan_document

HOSTILE = "Ann\x00\x07\x1b[2J\x1b]0;owned\x07\x9b\r\nBo\tb"


def poison(store, plan_id: int) -> None:
    """Stored text as an older spip or a hand edit could have left it: the checks on
    typing are bypassed on purpose, because exports must survive any stored text."""
    strategy_id = add_strategy(store, plan_id, "Protect the clients")
    take_clarity_test(store, strategy_id, True)
    add_tactic(store, strategy_id, TacticInput("Call them", "Ana", ""))
    add_risk(store, plan_id, "Client leaves")
    for table, column in (("plans", "subject_name"), ("plans", "owner"), ("tactics", "action"),
                          ("tactics", "owner"), ("risks", "title"), ("strategies", "text")):
        store.conn.execute(f"UPDATE {table} SET {column} = ? || {column}", [HOSTILE])


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_crashes_on_control_characters_and_none_reach_the_file(finished, fmt):
    store, plan_id, forecast = finished
    poison(store, plan_id)
    data = render(plan_document(store, plan_id, forecast=None), fmt)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        text = "\n".join(str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r)
    else:
        text = data.decode("utf-8-sig")
    for char in "\x00\x07\x1b\x9b":
        assert char not in text
    assert "[2J" in text or fmt == "ics"  # the visible rest of the text stays


def test_csv_export_with_control_characters_still_parses(finished):
    store, plan_id, _ = finished
    poison(store, plan_id)
    rows = list(csv.DictReader(io.StringIO(
        render(plan_document(store, plan_id, forecast=None), "csv").decode("utf-8-sig"))))
    assert any("Ann" in row["owner"] and "Bo" in row["owner"] for row in rows)


def test_ics_export_survives_a_newline_in_the_plan_subject(finished):
    from icalendar import Calendar

    store, plan_id, _ = finished
    store.conn.execute("UPDATE plans SET subject_name = ?", ["North\nEast\x1b[2J"])
    calendar = Calendar.from_ical(render(plan_document(store, plan_id, forecast=None), "ics"))
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries and all("North East[2J" in s for s in summaries)


@pytest.mark.parametrize("field", ["subject_name", "owner"])
def test_plan_names_share_one_length_limit_and_refuse_control_characters(store, field):
    values = {"subject_kind": "territory", "subject_name": "North", "owner": "Priya",
              "period_start": "2027-01", "period_end": "2027-03", "target_amount": "100"}
    with pytest.raises(PlanInputError) as too_long:
        create_plan(store, PlanInput(**{**values, field: "x" * (NAME_LIMIT + 1)}))
    assert too_long.value.errors[field].startswith(f"fits in {NAME_LIMIT} characters")
    with pytest.raises(PlanInputError) as control:
        create_plan(store, PlanInput(**{**values, field: "Pri\x1b]0;x\x07ya"}))
    assert "control character (␛)" in control.value.errors[field]
    create_plan(store, PlanInput(**{**values, field: "x" * NAME_LIMIT}))


def test_renaming_a_plan_checks_the_name_too(store, plan_id):
    with pytest.raises(PlanInputError, match="fits in 200 characters"):
        rename_plan(store, plan_id, "x" * 100_000)


def test_risk_titles_have_the_same_limit(store, plan_id):
    with pytest.raises(RiskInputError, match="fits in 200 characters"):
        add_risk(store, plan_id, "x" * 100_000)
    risk_id = add_risk(store, plan_id, "Client leaves")
    with pytest.raises(RiskInputError, match="control character"):
        rename_risk(store, risk_id, "Client \x1b[2J leaves")


def test_tactic_owners_have_the_same_limit(store, plan_id):
    strategy_id = add_strategy(store, plan_id, "Protect the clients")
    take_clarity_test(store, strategy_id, True)
    with pytest.raises(StrategyError) as caught:
        add_tactic(store, strategy_id, TacticInput("Call them", "o" * 100_000, ""))
    assert caught.value.errors["owner"].startswith("fits in 200 characters")


def test_visible_shows_every_control_character_and_printable_drops_them():
    assert visible("a\x1b[2J\x07\x00\x9b") == "a␛[2J␇␀\\x9b"
    assert printable("a\x1b[2J\x07\r\n", keep_lines=True) == "a[2J\r\n"
