"""Keys typed at once with a key that moves the focus (F7 to another step, ↓ from the
entry to the list) go where that key took the focus, not to what had it before; the
bytes go through Textual's terminal parser and driver as a terminal sends them."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitation.contingency.risks import add_risk, get_risk, list_risks
from facilitation.ideas.ideas import list_ideas
from facilitation.ideas.rounds import get_round
from facilitation.ideas.strategies import add_strategy, list_tactics, take_clarity_test
from facilitation.plan.colleague_reviews import list_colleague_reviews
from facilitation.plan.decisions import DecisionInput, add_decision, list_decisions
from facilitation.plan.kpis import list_kpis
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.dialogs.fields_form import FieldsForm
from spip_tui.dialogs.text_prompt import TextPrompt
from spip_tui.screens.plan import PlanScreen
from spip_tui.screens.session import SessionScreen
from spip_tui.steps.brainstorming import BrainstormingStep
from tests.tui.conftest import assessment_session, open_brainstorming
from tests.tui.screen import wait_until
from tests.tui.test_key_order import send_bytes
from tests.tui.test_plan_steps import open_session, session_at

F7 = "\x1b[18~"
DOWN = "\x1b[B"
CTRL_T = "\x14"


async def test_a_risk_typed_with_the_key_that_opens_its_step_is_saved(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")  # at step 4
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await send_bytes(app, pilot, f"{F7}A key client leaves\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#new-risk").value == ""
    assert [r.title for r in list_risks(store, plan_id)] == ["Oil price falls",
                                                             "A key client leaves"]


async def test_a_list_key_typed_with_the_arrow_to_the_list_acts_on_the_list(app, store,
                                                                            plan_id):
    session_id = assessment_session(store, plan_id)
    add_risk(store, plan_id, "Oil price falls")
    go_to_step(store, session_id, 2)  # risk listing, the focus in the entry
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await send_bytes(app, pilot, f"{DOWN}e")   # down to the list, e: reword the risk
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#new-risk").value == ""
    assert [r.title for r in list_risks(store, plan_id)] == ["Oil price falls"]


async def test_a_month_typed_with_the_key_that_asks_for_it_is_the_answer(app, store, plan_id):
    """`o` on the list asks when the risk happened: the month typed right after it is the
    answer (it went to the list, and the prompt saved this month)."""
    session_id = assessment_session(store, plan_id)
    risk_id = add_risk(store, plan_id, "Oil price falls")
    go_to_step(store, session_id, 2)  # risk listing, the focus in the entry
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await send_bytes(app, pilot, f"{DOWN}o2020-03\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, TextPrompt)
    assert get_risk(store, risk_id).occurred_at == "2020-03"


# --- Enter on a list: what it opens takes the keys typed after it ------------------------

async def test_a_decision_reworded_with_the_enter_that_opens_it_is_saved(app, store, plan_id):
    """Enter on a decision opens it; typed at once, the new wording replaced the old one
    (it went to the list: the 'a' of 'Call' opened a new decision, which got the rest)."""
    session_id = start_session(store, plan_id, get_script("progress-review"), "Ana")
    go_to_step(store, session_id, 3)
    add_decision(store, plan_id, DecisionInput("Call the three stalled deals", "Ana",
                                               "2027-02-15"), session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        # Enter opens the decision; ctrl+s saves it (Enter would go through its choices).
        await send_bytes(app, pilot, "\rCall the stalled deals this week\x13")
        await wait_until(pilot, lambda: not isinstance(app.screen, FieldsForm))
        await pilot.pause()
    [decision] = list_decisions(store, plan_id, session_id=session_id)
    assert (decision.text, decision.owner) == ("Call the stalled deals this week", "Ana")


async def test_a_kpi_picked_from_the_library_takes_the_figures_typed_with_it(app, store,
                                                                             plan_id):
    """l, Enter on the first indicator, then its baseline and target (and ctrl+s: saved),
    typed at once."""
    session_id = session_at(store, plan_id, "kpis")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await send_bytes(app, pilot, "l\r4\r15\x13")
        await wait_until(pilot, lambda: list_kpis(store, plan_id))
        await pilot.pause()
        assert not isinstance(app.screen, FieldsForm)
    [kpi] = list_kpis(store, plan_id)
    assert (kpi.baseline, kpi.target) == (4, 15)


async def test_keys_typed_with_the_enter_that_opens_a_session_reach_its_step(app, store,
                                                                            plan_id):
    """On the plan, Enter opens the session at its impact step, and Enter there assesses the
    risk: typed at once, the keys went to the plan's list of sessions ('r' opened a replay)."""
    session_id = assessment_session(store, plan_id, "Oil price falls")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PlanScreen(plan_id))
        await wait_until(pilot, lambda: isinstance(app.focused, DataTable))
        await send_bytes(app, pilot, "\r\r3\r4\r5%\rr\r2015 oil crash\r")
        await wait_until(pilot, lambda: get_risk(store, 1).evidence)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    [risk] = list_risks(store, plan_id)
    assert (risk.likelihood, risk.impact, risk.revenue_effect_pct, risk.response,
            risk.evidence) == (3, 4, 5, "reduce", "2015 oil crash")
    assert session_id


# --- a step's key that opens a form: the form takes what is typed right after it --------

async def test_a_colleague_review_typed_with_the_key_that_opens_it_is_saved(app, store,
                                                                            plan_id):
    """r on the colleague's review, then the review typed at once: it went to the step's
    text (the form opened once the r had travelled up from it) and was lost."""
    script = get_script("self-review")
    step = next(i for i, s in enumerate(script.steps) if s.kind == "colleague_review")
    session_id = start_session(store, plan_id, script, "Priya Raman")
    go_to_step(store, session_id, step)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await send_bytes(app, pilot, "rRita Osei\r2027-01-12\rRisks look too optimistic\r"
                                     "Add a price war risk\r")
        await wait_until(pilot, lambda: list_colleague_reviews(store, plan_id))
    [review] = list_colleague_reviews(store, plan_id)
    assert (review.colleague, review.reviewed_on, review.comments, review.agreed_changes) == (
        "Rita Osei", "2027-01-12", "Risks look too optimistic", "Add a price war risk")


async def test_a_file_name_typed_with_the_key_that_exports_is_the_file(app, store, plan_id,
                                                                       tmp_path):
    """x on the summary, then the file's name and Enter, typed at once."""
    session_id = session_at(store, plan_id, "summary")
    path = tmp_path / "north.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await send_bytes(app, pilot, f"x{path}\r")
        await wait_until(pilot, path.exists)
        await app.workers.wait_for_complete()
    assert path.read_text().startswith("# Sales performance improvement plan")


async def test_keys_typed_after_the_enter_that_saves_a_form_reach_the_screen_below(app, store,
                                                                                   plan_id):
    """Two tactics typed in one go: the Enter that saves the first, ↓ to the next strategy
    and a to add one there. The keys after that Enter went into the closing form and were
    lost with it."""
    session_id = session_at(store, plan_id, "tactics")
    first = add_strategy(store, plan_id, "Win back the lapsed accounts")
    second = add_strategy(store, plan_id, "Bundle installation with big orders")
    for strategy_id in (first, second):
        take_clarity_test(store, strategy_id, True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await send_bytes(app, pilot, "aCall each lapsed account\rMei\r2027-01-15\r"
                                     f"{DOWN}aPrice the bundle\rSam\r2027-01-20\r")
        await wait_until(pilot, lambda: list_tactics(store, second))
        await pilot.pause()
    assert [(t.action, t.owner) for t in list_tactics(store, first)] == [
        ("Call each lapsed account", "Mei")]
    assert [(t.action, t.owner, t.due_date) for t in list_tactics(store, second)] == [
        ("Price the bundle", "Sam", "2027-01-20")]


async def test_an_idea_typed_after_the_rounds_length_and_its_timer_is_saved(
        app, store, brainstorming_session):
    """The issue's sequence in one go: ↓ to the list, t, 2 ⏎ for a two-minute round,
    ctrl+t to start it, then an idea and ⏎. The keys after the prompt's Enter reached the
    closing prompt or the list (the idea's letters ran the list's commands) before the
    entry had the focus back."""
    session_id = brainstorming_session
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        round_id = app.screen.query_one(BrainstormingStep).round_id
        assert get_round(store, round_id).status == "ready"
        await send_bytes(app, pilot, f"{DOWN}t2\r{CTRL_T}Bundle service with price\r")
        await wait_until(pilot, lambda: list_ideas(store, round_id))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    round_ = get_round(store, round_id)
    assert (round_.time_box_seconds, round_.started_at is not None) == (120, True)
    assert [idea.text for idea in list_ideas(store, round_id)] == ["Bundle service with price"]
