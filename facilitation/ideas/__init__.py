"""Brainstorming rounds and ideas, scoring, strategies and tactics."""
