"""Live sessions: participants joining from their own terminals, led by the facilitator."""
