"""Timed brainstorming in one import: the rounds and their timer (`rounds`), planning the
session's rounds (`round_plan`) and the ideas typed in them (`ideas`).

Each part lives in its own module; this one gathers their public names so a screen or a
test needs a single import for a brainstorm.
"""

from __future__ import annotations

from facilitation.ideas.ideas import (
    MAX_IDEA_LENGTH,
    UNDOABLE,
    Idea,
    add_idea,
    clean_idea_text,
    delete_idea,
    edit_idea,
    get_idea_row,
    last_undoable,
    list_ideas,
    list_plan_ideas,
    merge_ideas,
    undo_last,
)
from facilitation.ideas.round_plan import (
    add_round,
    gap_prompt,
    period_words,
    plan_rounds,
    risk_prompt,
)
from facilitation.ideas.rounds import (
    ADD_TIME_SECONDS,
    ANSWERS,
    DEFAULT_ROUND_SECONDS,
    BrainstormError,
    Round,
    add_time,
    close_if_time_up,
    end_round,
    get_round,
    list_rounds,
    parse_minutes,
    pause_round,
    reopen_round,
    resume_round,
    set_anonymous,
    set_time_box,
    skip_round,
    start_round,
    unskip_round,
)

__all__ = [
    "ADD_TIME_SECONDS", "ANSWERS", "DEFAULT_ROUND_SECONDS", "MAX_IDEA_LENGTH", "UNDOABLE",
    "BrainstormError", "Idea", "Round", "add_idea", "add_round", "add_time", "clean_idea_text",
    "close_if_time_up", "delete_idea", "edit_idea", "end_round", "gap_prompt", "get_idea_row",
    "get_round", "last_undoable", "list_ideas", "list_plan_ideas", "list_rounds",
    "merge_ideas", "parse_minutes", "pause_round", "period_words", "plan_rounds",
    "reopen_round", "resume_round", "risk_prompt", "set_anonymous", "set_time_box", "skip_round",
    "start_round", "undo_last", "unskip_round",
]
