"""The suite means the same on any day: its date-sensitive tests, run with the clock moved.

The whole suite can be run on another day the same way:
`SPIP_TEST_TODAY=2028-06-15 PYTHONPATH=tests/moved_clock pytest` (see moved_clock/).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MOVED_CLOCK = ROOT / "tests" / "moved_clock"
# More than a year apart, either side of a new year, one in a leap year.
DAYS = ["2027-02-01", "2028-06-15"]
# Plans and their periods, sessions, KPI periods and pace, review dates, tactics' due
# dates, the demo (its plans, history, workshop and brainstorm), the review-rhythm step,
# the finished plan's check and exports.
DATE_SENSITIVE = [
    "tests/facilitation/test_plans.py",
    "tests/facilitation/test_sessions.py",
    "tests/facilitation/test_kpi_pace.py",
    "tests/facilitation/test_kpis_skills_reviews.py",
    "tests/facilitation/test_strategies.py",
    "tests/facilitation/test_workshop_demo.py",
    "tests/facilitation/test_brainstorm_demo.py",
    # A plan carried through the workshop, checked and exported: its period and its history
    # must stay close to each other on any day (tests/facilitation/finished_plan.py).
    "tests/facilitation/test_plan_check.py",
    "tests/facilitation/test_exports.py",
    # The demo's year behind Lakeside (a year ago to today), its reviews and decisions,
    # the plan in progress; what is due, the portfolio and follow-ups; the year in review
    # and sales to date.
    "tests/facilitation/test_year_demo.py",
    "tests/facilitation/test_reviews_demo.py",
    "tests/facilitation/test_plan_in_progress_demo.py",
    "tests/facilitation/test_due.py",
    "tests/facilitation/test_portfolio.py",
    "tests/facilitation/test_review_follow_up.py",
    "tests/facilitation/test_year_in_review.py",
    "tests/facilitation/test_to_date.py",
    "tests/tui/test_plan_steps.py::test_review_rhythm_generates_and_stores_the_dates",
    "tests/tui/test_scoring_tactics_steps.py::test_round_score_promote_clarity_and_tactics",
    "tests/test_moved_clock.py::test_the_clock_is_where_the_run_put_it",
]
# Reading the clock in a test: date.today(), datetime.now(), datetime.today().
READS_THE_CLOCK = re.compile(r"\b(date|datetime)\.(today|now)\(")


def test_the_clock_is_where_the_run_put_it():
    today = os.environ.get("SPIP_TEST_TODAY")
    if not today:
        pytest.skip("run on the real clock")
    assert date.today().isoformat() == today


@pytest.mark.parametrize("today", DAYS)
def test_date_sensitive_tests_pass_on_another_day(today):
    if os.environ.get("SPIP_TEST_TODAY"):
        pytest.skip("this run's clock is already moved")
    paths = [str(MOVED_CLOCK), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "SPIP_TEST_TODAY": today, "PYTHONPATH": os.pathsep.join(paths)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
         "-W", "ignore::pytest.PytestAssertRewriteWarning", *DATE_SENSITIVE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " skipped" not in run.stdout.splitlines()[-1]   # the clock test ran, and passed


def test_every_test_that_reads_the_clock_is_run_on_another_day():
    """A test that reads today's date is in the sample above (the whole suite on another
    day is too long to run with every suite)."""
    sampled = {entry.split("::")[0] for entry in DATE_SENSITIVE}
    reading = {str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
               if path.name != "test_moved_clock.py"
               and READS_THE_CLOCK.search(path.read_text(encoding="utf-8"))}
    assert reading - sampled == set()
