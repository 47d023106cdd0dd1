"""The past, for the coach: replay sessions, the plan as it was, what changed."""
