"""The heat map puts each risk's number (its rank in the list) in its likelihood × impact
cell; the scales' words are in a legend, so nothing is cut at 80 columns."""

from __future__ import annotations

from facilitation.contingency.risks import Risk
from spip_tui.widgets.heat_map import ROW_LABEL_WIDTH, cell_lines, cell_text, render_heat_map


def risk(risk_id: int, title: str, likelihood: int | None, impact: int | None) -> Risk:
    return Risk(risk_id, 1, None, "other", title, "", None, risk_id, likelihood, impact,
                None, None, None, "", None, "", "")


def cell(lines: list[str], likelihood: int, impact: int, width: int) -> str:
    row = lines[1 + (5 - likelihood)]
    start = ROW_LABEL_WIDTH + (impact - 1) * width
    return row[start:start + width].strip()


def test_each_risk_sits_in_its_cell_by_its_number_with_likelihood_five_on_top():
    ranked = [risk(7, "Recession", 4, 5), risk(3, "Strike", 1, 2), risk(9, "Later", None, None)]
    lines = render_heat_map(ranked, 10).plain.splitlines()
    assert lines[1].startswith("5 ") and lines[5].startswith("1 ")
    assert cell(lines, 4, 5, 10) == "1"
    assert cell(lines, 1, 2, 10) == "2"
    assert cell(lines, 1, 1, 10) == ""   # an unassessed risk is not on the map


def test_the_legend_spells_every_level_in_full_at_80_columns():
    lines = render_heat_map([], (74 - ROW_LABEL_WIDTH) // 5).plain.splitlines()
    assert lines[-2] == ("Likelihood ↓: 1 Rare, 2 Unlikely, 3 Possible, 4 Likely, "
                         "5 Almost certain")
    assert lines[-1] == "Impact →: 1 Insignificant, 2 Minor, 3 Moderate, 4 Major, 5 Severe"
    assert max(len(line) for line in lines) <= 74


def test_a_crowded_cell_shows_the_numbers_that_fit_and_how_many_more():
    assert cell_text([1, 4], 9) == "1 4"
    assert cell_text([1, 4, 7, 10, 12], 9) == "1 4 7 +2"
    assert cell_text([], 9) == ""


def test_on_a_tall_screen_a_cell_has_two_lines_of_numbers():
    assert cell_lines([1, 4, 7, 10, 12, 13, 15], 9, 2) == ["1 4 7 10", "12 13 15"]
    assert cell_lines([1, 4, 7, 10, 12, 13, 15, 16], 9, 2) == ["1 4 7 10", "12 13 +2"]
