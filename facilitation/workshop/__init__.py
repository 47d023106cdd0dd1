"""The workshop engine: scripts of steps and the sessions that run them."""
