"""The demo's live session: a code to join it, participants who joined, a private round."""

from __future__ import annotations

import subprocess
import sys

from facilitation.demo.build import build_demo
from facilitation.demo.live import join_hint, live_demo_session
from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import list_rounds
from facilitation.live.comments import comments_on_ideas, comments_on_risks
from facilitation.live.leading import is_leading
from facilitation.live.votes import round_vote_totals
from facilitation.live.join_codes import current_code
from facilitation.live.private_rounds import is_private
from facilitation.live.roster import list_participants
from facilitation.store.events import read_events


def test_the_demo_session_can_be_joined_and_has_named_contributors(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    session = live_demo_session(store)
    code = current_code(store, session.id)
    assert code is not None
    assert join_hint(store).endswith(f"join {code}")
    assert [p.name for p in list_participants(store, session.id)] == list(session.participants)
    authors = {e.actor for e in read_events(store, session_id=session.id)
               if e.kind == "idea.added"}
    assert {"Jonas Berg", "Mei Tanaka", "Sam Osei", "Rita Alves"} <= authors
    ready = [r for r in list_rounds(store, session_id=session.id) if r.status == "ready"]
    assert ready and is_private(store, ready[0].id)
    store.close()


def test_the_demo_session_has_votes_and_comments_from_several_participants(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    session = live_demo_session(store)
    voters = {e.actor for e in read_events(store, session_id=session.id)
              if e.kind == "idea.voted"}
    assert len(voters) >= 3 and voters <= set(session.participants)
    first_round = list_rounds(store, session_id=session.id)[0]
    totals = round_vote_totals(store, first_round.id)
    assert max(totals.values()) >= 3  # the group agrees on something
    ideas = comments_on_ideas(store, totals)
    risks = comments_on_risks(store, [r.id for r in list_risks(store, session.plan_id)])
    authors = {c.author for found in (ideas, risks) for cs in found.values() for c in cs}
    assert len(authors) >= 3 and risks and ideas
    assert is_leading(store, session.id)  # the lead is back with the facilitator
    store.close()


def test_spip_demo_prints_how_to_join_from_a_second_terminal(tmp_path):
    db = tmp_path / "demo.sqlite"
    done = subprocess.run([sys.executable, "-m", "spip_tui", "demo", "--db", str(db),
                           "--no-open"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"Join its live session from a second terminal: spip --db {db} join " in done.stderr
