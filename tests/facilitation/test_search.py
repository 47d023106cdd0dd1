"""Finding past sessions by subject, facilitator, date and the words in them."""

from __future__ import annotations

from facilitation.retrospective.search import search_sessions
from tests.facilitation.test_compare import year  # noqa: F401  (fixture)


def test_words_find_the_session_that_holds_them_stemmed(store, plan_id, year):  # noqa: F811
    workshop, review = year
    hits = search_sessions(store, text="lapsed account")
    assert [h.session_id for h in hits] == [workshop]
    assert ("strategy", "Win back lapsed accounts") in hits[0].matches
    assert ("tactic", "Call 20 lapsed accounts") in hits[0].matches
    assert [h.session_id for h in search_sessions(store, text="competitors")] == [review]
    assert search_sessions(store, text="nothing like this") == []


def test_filters_by_subject_facilitator_and_dates(store, plan_id, year):  # noqa: F811
    workshop, review = year
    assert [h.session_id for h in search_sessions(store)] == [review, workshop]
    assert [h.session_id for h in search_sessions(store, since="2026-01-01")] == [review]
    assert [h.session_id for h in search_sessions(store, until="2025-12-31")] == [workshop]
    assert search_sessions(store, subject="nor", facilitator="PRIYA")[0].subject == "North"
    assert search_sessions(store, facilitator="Marcus") == []


def test_text_with_search_syntax_is_taken_as_words(store, plan_id, year):  # noqa: F811
    assert search_sessions(store, text='lapsed) ("') != []
    assert search_sessions(store, text="***") == []
