"""Step 5, timed brainstorming: the step (step.py), its round keys (rounds.py) and the
facilitator's edits on the ideas (edits.py)."""

from .step import BrainstormingStep

__all__ = ["BrainstormingStep"]
