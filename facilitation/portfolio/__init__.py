"""The portfolio: every subject in the sales history with its plan, its reviews and what
needs attention; the roll-up of plans by team or owner; and the reminders of what is due."""
