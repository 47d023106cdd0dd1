"""The heat map puts each risk's short name in its likelihood × impact cell."""

from __future__ import annotations

from facilitation.contingency.risks import Risk
from spip_tui.widgets.heat_map import cell_text, render_heat_map


def risk(risk_id: int, title: str, likelihood: int | None, impact: int | None) -> Risk:
    return Risk(risk_id, 1, None, "other", title, "", None, risk_id, likelihood, impact,
                None, None, None, "", None, "", "")


def cell(lines: list[str], likelihood: int, impact: int, width: int) -> str:
    row = lines[1 + (5 - likelihood)]
    start = 7 + (impact - 1) * width
    return row[start:start + width].strip()


def test_each_risk_sits_in_its_cell_with_likelihood_five_on_top():
    risks = [risk(1, "Recession", 4, 5), risk(2, "Strike", 1, 2), risk(3, "Later", None, None)]
    lines = render_heat_map(risks, 10).plain.splitlines()
    assert lines[1].startswith("5 ") and lines[5].startswith("1 ")
    assert cell(lines, 4, 5, 10) == "Recession"
    assert cell(lines, 1, 2, 10) == "Strike"
    assert "Later" not in "".join(lines)
    assert "5 Severe" in lines[6]


def test_a_crowded_cell_shows_the_first_name_and_how_many_more():
    assert cell_text([risk(1, "Recession", 4, 5), risk(2, "Price war", 4, 5)], 9) == "Reces…+1"  # 8 characters and a gap
    assert cell_text([], 9) == ""


def test_on_a_tall_screen_a_cell_shows_two_names():
    risks = [risk(1, "Recession", 4, 5), risk(2, "Price war", 4, 5), risk(3, "Strike", 4, 5)]
    lines = render_heat_map(risks, 12, lines_per_cell=2).plain.splitlines()
    assert len(lines) == 12
    row_four = lines[3:5]
    assert "Recession" in row_four[0] and "Price war+1" in row_four[1]
