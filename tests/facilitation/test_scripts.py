"""Workshop scripts are data: shipped ones load, broken ones are refused with file, line and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitation.workshop.scripts import (
    STEP_KINDS,
    Script,
    ScriptError,
    copy_script,
    get_script,
    load_script_file,
    load_scripts,
)

GOOD = '''title = "Mine"

[[steps]]
kind = "risk_listing"
title = "Risks"
minutes = 5

[[steps]]
kind = "impact_assessment"
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_four_shipped_scripts_load_without_errors():
    catalogue = load_scripts()
    assert catalogue.errors == []
    assert {"full-plan", "self-review", "progress-review", "annual-contingency-review"} <= set(
        catalogue.scripts)


def test_full_plan_walks_every_step_of_the_method_in_order():
    kinds = [step.kind for step in get_script("full-plan").steps]
    assert kinds == ["past_performance", "forecast_gap", "risk_listing", "impact_assessment",
                     "brainstorming", "scoring", "tactics", "kpis", "skills", "review_rhythm",
                     "summary"]


def test_self_review_has_no_timers_and_progress_review_has_actuals():
    assert all(step.minutes is None for step in get_script("self-review").steps)
    assert "kpi_actuals" in [s.kind for s in get_script("progress-review").steps]


def test_a_step_without_a_title_is_named_after_its_kind(tmp_path):
    script = load_script_file(write(tmp_path, "mine", GOOD))
    assert script.steps[1].title == "Impact assessment"
    assert script.steps[0].time_box_seconds == 300
    assert script.total_minutes == 5


@pytest.mark.parametrize("text, line, words", [
    ('title = "x"\n[[steps]]\nkind = "juggling"\n', 3, 'unknown step kind "juggling"'),
    ('title = "x"\n[[steps]]\ntitle = "No kind"\n', 2, "step 1 has no kind"),
    ('title = "x"\n[[steps]]\nkind = "summary"\nminuts = 5\n', 4, 'unknown setting "minuts"'),
    ('title = "x"\n[[steps]]\nkind = "summary"\nminutes = -5\n', 4, "minutes must be"),
    ('title = "x"\n[[steps]]\nkind = "summary"\nminutes = "ten"\n', 4, "minutes must be"),
    ('title = "x"\n[[steps]]\nkind = "summary"\n[[steps]]\nkind = "summary"\n', 4,
     'already called "summary"'),
    ('title = "x"\nsteps = = 3\n', 2, "not valid TOML"),
    ('[[steps]]\nkind = "summary"\n', 1, "needs a title"),
    ('title = "x"\n', None, "no steps"),
    ('title = "x"\ncolour = "red"\n[[steps]]\nkind = "summary"\n', 2, 'unknown setting "colour"'),
])
def test_a_malformed_script_is_refused_naming_file_line_and_problem(tmp_path, text, line, words):
    path = write(tmp_path, "broken", text)
    with pytest.raises(ScriptError) as caught:
        load_script_file(path)
    assert caught.value.line == line
    assert words in caught.value.problem
    assert str(caught.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScriptError, match="not a text file"):
        load_script_file(path)


def test_a_broken_user_script_does_not_hide_the_good_ones(tmp_path):
    write(tmp_path, "broken", 'title = "x"\n[[steps]]\nkind = "nope"\n')
    write(tmp_path, "mine", GOOD)
    catalogue = load_scripts(tmp_path)
    assert "mine" in catalogue.scripts and "full-plan" in catalogue.scripts
    assert [e.path.name for e in catalogue.errors] == ["broken.toml"]
    with pytest.raises(ScriptError):
        get_script("broken", tmp_path)


def test_a_user_script_overrides_a_shipped_one_of_the_same_name(tmp_path):
    write(tmp_path, "full-plan", GOOD)
    assert get_script("full-plan", tmp_path).title == "Mine"


def test_a_copied_script_can_be_edited_and_used(tmp_path, monkeypatch):
    copy = copy_script("self-review", tmp_path, "our-review")
    copy.write_text(copy.read_text().replace("Quick self-review", "Our review"))
    assert get_script("our-review", tmp_path).title == "Our review"
    with pytest.raises(ValueError, match="exists already"):
        copy_script("self-review", tmp_path, "our-review")


def test_unknown_script_names_the_ones_there_are():
    with pytest.raises(KeyError, match="full-plan"):
        get_script("no-such-script")


def test_a_script_survives_the_round_trip_through_a_session_row():
    script = get_script("full-plan")
    assert Script.from_json(script.to_json()) == script


def test_every_agreed_kind_is_known():
    assert {"risk_listing", "impact_assessment", "kpi_actuals", "decisions"} <= set(STEP_KINDS)


def test_a_lack_the_script_cannot_fix_names_the_script_that_can():
    from facilitation.workshop.scripts import scripts_with_step, where_to_fix

    assert scripts_with_step("brainstorming")[0] == "Full plan workshop"
    assert "Progress review" in scripts_with_step("decisions")
    assert where_to_fix("kpis", "KPIs and targets") == (
        "fix it in a “Full plan workshop” session (it has the “KPIs and targets” step)")
