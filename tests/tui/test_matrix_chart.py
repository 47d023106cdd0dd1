"""The impact × feasibility matrix draws each idea in its quadrant, labelled."""

from __future__ import annotations

from facilitation.ideas.brainstorm import Idea
from facilitation.ideas.scoring import Aggregate, RatedIdea
from spip_tui.widgets.matrix_chart import _midlines, place, render_matrix


def rated(number: int, feasibility: int, impact: int) -> tuple[int, RatedIdea]:
    idea = Idea(number, 1, 1, f"idea {number}", None, "")
    return number, RatedIdea(idea, Aggregate.of([feasibility]), Aggregate.of([impact]), ())


def test_ideas_land_in_their_quadrant_even_on_the_middle_lines():
    ideas = [rated(1, 5, 5), rated(2, 1, 5), rated(3, 5, 1), rated(4, 1, 1), rated(5, 3, 3),
             rated(6, 2, 3)]
    rows, cols = 9, 40
    mid_x, mid_y = _midlines(rows, cols)
    where = {n: cell for cell, numbers in place(ideas, rows, cols).items() for n in numbers}
    for number, quadrant in ((1, "quick win"), (2, "big bet"), (3, "fill-in"),
                             (4, "money pit"), (5, "quick win"), (6, "big bet")):
        y, x = where[number]
        high_impact, feasible = y < mid_y, x > mid_x
        expected = {"quick win": (True, True), "big bet": (True, False),
                    "fill-in": (False, True), "money pit": (False, False)}[quadrant]
        assert (high_impact, feasible) == expected, number


def test_the_four_quadrants_are_named():
    text = render_matrix([rated(1, 4, 4)], 50, 12).plain
    for name in ("QUICK WIN", "BIG BET", "FILL-IN", "MONEY PIT", "feasibility", "Imp"):
        assert name in text
    assert "1" in text.splitlines()[3]  # impact 4 sits a quarter of the way down the plot
