"""Risks and the evidence of what happened last time."""
