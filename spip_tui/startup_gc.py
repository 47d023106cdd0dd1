"""The garbage collector held back while the app starts, and back to normal once the first
screen is shown.

Start-up allocates hundreds of thousands of objects that live as long as the process (the
modules, the widgets, the styles) and almost no garbage, yet with Python's default
threshold the collector runs about a hundred times on the way to the first screen, looking
through all of them again each time: ~40 ms of a ~450 ms start-up on this machine's kind
(benchmarks/startup.py). Collections are only made rarer, not stopped, so a process that
never shows a screen still collects.
"""

from __future__ import annotations

import gc

NORMAL_THRESHOLD = gc.get_threshold()
# Allocations between two young-generation collections while starting (the default is 700).
STARTING_THRESHOLD = 100_000


def starting() -> None:
    """Collect rarely from now until `started()`."""
    gc.set_threshold(STARTING_THRESHOLD, *NORMAL_THRESHOLD[1:])


def started() -> None:
    """The first screen is shown: collect as usual again."""
    gc.set_threshold(*NORMAL_THRESHOLD)
