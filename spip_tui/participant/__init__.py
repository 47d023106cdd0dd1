"""The participant's view of a live session (`spip join`, `spip serve`): one session, no
navigation beyond it."""
