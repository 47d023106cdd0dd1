"""The demo's live session: a code to join it, participants who joined, a private round."""

from __future__ import annotations

import subprocess
import sys

from facilitation.demo.build import build_demo
from facilitation.demo.live import join_hint, live_demo_session
from facilitation.ideas.brainstorm import list_rounds
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


def test_spip_demo_prints_how_to_join_from_a_second_terminal(tmp_path):
    db = tmp_path / "demo.sqlite"
    done = subprocess.run([sys.executable, "-m", "spip_tui", "demo", "--db", str(db),
                           "--no-open"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"Join its live session from a second terminal: spip --db {db} join " in done.stderr
