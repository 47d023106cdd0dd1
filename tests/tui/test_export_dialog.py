"""The export dialog's file: where it goes unless the user says otherwise."""

from __future__ import annotations

from pathlib import Path

from spip_tui.dialogs.export_plan import as_typed, default_path


def test_a_path_under_home_is_shown_from_the_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert as_typed(default_path("Coastal", "md")) == "~/coastal-plan.md"
    assert Path(as_typed(default_path("Coastal", "md"))).expanduser() == tmp_path / "coastal-plan.md"


def test_a_path_elsewhere_is_shown_whole(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert as_typed(Path("/srv/plans/north-plan.csv")) == "/srv/plans/north-plan.csv"
