"""Moves the clock of every Python process started with this folder on PYTHONPATH.

`SPIP_TEST_TODAY=2028-06-15 PYTHONPATH=tests/moved_clock pytest` runs the suite as if it
were that day: time-machine patches only the process it runs in, and a sitecustomize is
the one hook every child process (xdist workers, `spip` run by the CLI tests) runs too.
"""

import os

today = os.environ.get("SPIP_TEST_TODAY")
if today:
    import time_machine

    # tick: the clock keeps running from that day, so timers and timeouts still work.
    time_machine.travel(f"{today} 09:00:00+00:00", tick=True).start()
