"""Risks: listing, assessing, the heat map, ranking, top risks and the risk-adjusted forecast."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.contingency.assessment import (
    Assessment,
    assess_risk,
    parse_level,
    parse_response,
    parse_revenue_effect,
)
from facilitation.contingency.ranking import (
    TopRiskSettings,
    heat_map,
    pick_top_risks,
    rank_risks,
    risk_adjusted_forecast,
    set_top_risk_settings,
    top_risks,
)
from facilitation.contingency.risks import (
    CATEGORIES,
    RiskInputError,
    add_from_catalogue,
    add_risk,
    delete_risk,
    get_risk,
    list_risks,
    load_catalogue,
    move_risk,
    rename_risk,
    restore_risk,
    score_band,
)
from facilitation.store.events import read_events


def assessed(store, plan_id, title, likelihood, impact, effect=None, pct=None):
    risk_id = add_risk(store, plan_id, title)
    assess_risk(store, risk_id, Assessment(likelihood, impact, effect, pct))
    return get_risk(store, risk_id)


def test_the_catalogue_covers_the_common_scenarios_in_every_category():
    catalogue = load_catalogue()
    titles = " | ".join(r.title.lower() for r in catalogue)
    for words in ("falls ill or leaves", "cannot be delivered", "prices aggressively",
                  "new competitor", "recession", "key account", "price rise", "crm"):
        assert words in titles
    assert {r.category for r in catalogue} == set(CATEGORIES) - {"other"}
    assert len({r.key for r in catalogue}) == len(catalogue)


def test_risks_are_listed_in_the_order_added(store, plan_id):
    add_risk(store, plan_id, "  Our   biggest client leaves ")
    add_from_catalogue(store, plan_id, load_catalogue()[0])
    risks = list_risks(store, plan_id)
    assert [r.title for r in risks] == ["Our biggest client leaves",
                                        "A salesperson falls ill or leaves"]
    assert risks[1].category == "people" and risks[1].catalogue_key


def test_a_blank_risk_is_refused(store, plan_id):
    with pytest.raises(RiskInputError):
        add_risk(store, plan_id, "   ")
    assert list_risks(store, plan_id) == []


def test_every_risk_edit_is_one_event(store, plan_id):
    before = len(read_events(store))
    risk_id = add_risk(store, plan_id, "Recession")
    rename_risk(store, risk_id, "Deep recession")
    assess_risk(store, risk_id, Assessment(3, 4, 80000, None, "reduce", "2009"))
    deleted = delete_risk(store, risk_id)
    restore_risk(store, deleted)
    kinds = [e.kind for e in read_events(store)[before:]]
    assert kinds == ["risk.added", "risk.renamed", "risk.assessed", "risk.deleted",
                     "risk.restored"]


def test_undo_of_a_delete_brings_back_the_risk_in_its_place(store, plan_id):
    first = add_risk(store, plan_id, "A")
    second = assessed(store, plan_id, "B", 2, 3, 1000)
    add_risk(store, plan_id, "C")
    deleted = delete_risk(store, second.id)
    assert [r.title for r in list_risks(store, plan_id)] == ["A", "C"]
    restore_risk(store, deleted)
    assert [r.title for r in list_risks(store, plan_id)] == ["A", "B", "C"]
    assert get_risk(store, second.id) == second
    assert first


def test_reordering_moves_a_risk_and_stops_at_the_ends(store, plan_id):
    a, b, c = (add_risk(store, plan_id, t) for t in "ABC")
    assert move_risk(store, c, -1)
    assert [r.title for r in list_risks(store, plan_id)] == ["A", "C", "B"]
    assert not move_risk(store, a, -1)
    assert not move_risk(store, b, +1)


@pytest.mark.parametrize("text, level", [("4", 4), (4, 4), ("likely", 4), ("Almost certain", 5),
                                         ("", None)])
def test_likelihood_is_typed_as_a_number_or_its_label(text, level):
    assert parse_level(text, "likelihood") == level


@pytest.mark.parametrize("text", ["0", "6", "often", "2.5"])
def test_a_level_outside_one_to_five_is_refused_with_the_labels(text):
    with pytest.raises(RiskInputError, match="1 Rare"):
        parse_level(text, "likelihood")


def test_revenue_effect_is_an_amount_or_a_percentage():
    assert parse_revenue_effect("50,000") == (50000, None)
    assert parse_revenue_effect("$120k") == (120000, None)
    assert parse_revenue_effect("1.5m") == (1_500_000, None)
    assert parse_revenue_effect("5%") == (None, 5)
    assert parse_revenue_effect("") == (None, None)
    for bad in ("lots", "0", "150%"):
        with pytest.raises(RiskInputError):
            parse_revenue_effect(bad)


def test_response_accepts_its_first_letter():
    assert parse_response("r") == "reduce"
    assert parse_response("Transfer") == "transfer"
    assert parse_response("") is None
    with pytest.raises(RiskInputError):
        parse_response("ignore")
    with pytest.raises(RiskInputError, match="avoid or accept"):
        parse_response("a")
    assert parse_response("ac") == "accept"


def test_bands_follow_the_five_by_five_matrix():
    assert [score_band(s) for s in (1, 3, 4, 6, 8, 12, 15, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "extreme", "extreme"]


def test_heat_map_places_each_risk_in_its_likelihood_impact_cell(store, plan_id):
    a = assessed(store, plan_id, "A", 4, 5)
    b = assessed(store, plan_id, "B", 4, 5, 10)
    add_risk(store, plan_id, "Not assessed")
    cells = heat_map(list_risks(store, plan_id))
    assert len(cells) == 25
    assert [r.id for r in cells[(4, 5)]] == [b.id, a.id]  # more money first
    assert sum(len(v) for v in cells.values()) == 2


def test_ranking_is_by_score_then_money_with_unassessed_last(store, plan_id):
    add_risk(store, plan_id, "Unknown")
    assessed(store, plan_id, "Low", 1, 2, 100000)
    assessed(store, plan_id, "Cheap", 3, 4, 1000)
    assessed(store, plan_id, "Dear", 4, 3, 5000)
    assessed(store, plan_id, "Top", 5, 5)
    ranked = [r.title for r in rank_risks(list_risks(store, plan_id))]
    assert ranked == ["Top", "Dear", "Cheap", "Low", "Unknown"]


def test_top_risks_follow_the_plans_count_and_least_score(store, plan_id):
    for title, likelihood, impact in [("A", 5, 5), ("B", 4, 4), ("C", 3, 3), ("D", 2, 2)]:
        assessed(store, plan_id, title, likelihood, impact)
    assert [r.title for r in top_risks(store, plan_id)] == ["A", "B", "C"]
    set_top_risk_settings(store, plan_id, 5, 10)
    assert [r.title for r in top_risks(store, plan_id)] == ["A", "B"]
    with pytest.raises(RiskInputError):
        set_top_risk_settings(store, plan_id, 0, 10)


def test_risk_adjusted_forecast_subtracts_probability_times_effect(store, plan_id):
    risks = [
        assessed(store, plan_id, "Likely, 100k", 4, 3, 100_000),   # 0.7 × 100k = 70k
        assessed(store, plan_id, "Rare, 10%", 1, 5, None, 10),      # 0.1 × 10% × 1m = 10k
        assessed(store, plan_id, "No money", 3, 3),                  # counted as unquantified
    ]
    adjusted = risk_adjusted_forecast(1_000_000, 1_200_000, risks)
    assert adjusted.expected_loss == pytest.approx(80_000)
    assert adjusted.adjusted == pytest.approx(920_000)
    assert adjusted.gap == pytest.approx(280_000)
    assert adjusted.unquantified == 1
    assert adjusted.weighed == 2 and not adjusted.nothing_weighed
    # Before any revenue effect: nothing weighed (not "the risks cost 0").
    assert risk_adjusted_forecast(1_000_000, 1_200_000, risks[2:]).nothing_weighed


def test_pick_top_risks_is_pure():
    assert pick_top_risks([], TopRiskSettings()) == []


def test_a_risk_can_be_filed_under_another_category(store, plan_id):
    from facilitation.contingency.risks import next_category, set_risk_category

    risk_id = add_risk(store, plan_id, "Strike")
    set_risk_category(store, risk_id, next_category("other"))
    assert get_risk(store, risk_id).category == "people"
    with pytest.raises(RiskInputError):
        set_risk_category(store, risk_id, "weather")


def test_a_review_can_record_that_a_risk_happened(store, plan_id):
    from facilitation.contingency.risks import mark_risk_occurred

    risk_id = add_risk(store, plan_id, "Recession")
    mark_risk_occurred(store, risk_id, True, on="2027-02-10")
    assert get_risk(store, risk_id).occurred_at == "2027-02-10"
    mark_risk_occurred(store, risk_id, False)
    assert get_risk(store, risk_id).occurred_at is None
    assert [e.kind for e in read_events(store)[-2:]] == ["risk.occurred", "risk.occurred_undone"]


def test_a_risk_that_later_steps_work_on_is_not_deleted(store, plan_id):
    from facilitation.contingency.risks import risk_uses
    from facilitation.ideas.brainstorm import add_round

    risk_id = add_risk(store, plan_id, "Recession")
    add_round(store, plan_id, "What if the recession comes?", answers="risk", risk_id=risk_id)
    assert risk_uses(store, risk_id) == {"brainstorm_rounds": 1}
    events = len(read_events(store))
    with pytest.raises(RiskInputError, match=r"used by brainstorm rounds \(1\)"):
        delete_risk(store, risk_id)
    assert get_risk(store, risk_id).title == "Recession"
    assert len(read_events(store)) == events


def test_undo_works_even_when_the_freed_id_was_given_to_a_new_risk(store, plan_id):
    first = add_risk(store, plan_id, "A")
    last = add_risk(store, plan_id, "B")
    deleted = delete_risk(store, last)
    newer = add_risk(store, plan_id, "C")
    restored = restore_risk(store, deleted)
    assert newer == last and restored not in (first, newer)
    assert sorted(r.title for r in list_risks(store, plan_id)) == ["A", "B", "C"]


def test_when_a_risk_happened_is_a_month_or_a_day_never_the_future():
    from facilitation.contingency.risks import RiskInputError, parse_occurred

    today = date(2027, 3, 15)
    assert parse_occurred("", today) == "2027-03"
    assert parse_occurred(" 2026-9 ", today) == "2026-09"
    assert parse_occurred("2026-09-14", today) == "2026-09-14"
    for bad in ("Sept", "2026-13", "2027-04"):
        with pytest.raises(RiskInputError):
            parse_occurred(bad, today)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2027, 3, 15)),
       st.booleans())
def test_any_past_month_or_day_reads_back_as_typed(day, as_month):
    from facilitation.contingency.risks import parse_occurred

    typed = day.isoformat()[:7] if as_month else day.isoformat()
    assert parse_occurred(typed, date(2027, 3, 15)) == typed
