"""Palette commands for the coach: search past sessions, compare a plan's moments."""

from __future__ import annotations

from textual.command import Hit, Hits, Provider

from facilitation.plan.plans import list_plans


class PastCommands(Provider):
    """"Past sessions", "Search past sessions for …" and "Compare: <subject>"."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        commands = [("Past sessions", lambda: self._past_sessions(""),
                     "Find any past session by its words, then replay it"),
                    ("Forecast ledger", self._ledger,
                     "Did the forecasts come true? Every plan's track record")]
        for summary in list_plans(app.store):
            plan = summary.plan
            commands.append((f"Compare: {plan.subject_name}",
                             lambda plan_id=plan.id: self._compare(plan_id),
                             "The plan at its last annual review against now"))
            commands.append((f"Plan as of: {plan.subject_name}",
                             lambda plan_id=plan.id: self._as_of(plan_id),
                             "Every section as it stood at a date or a session's end"))
            commands.append((f"Year in review: {plan.subject_name}",
                             lambda plan_id=plan.id: self._year(plan_id),
                             "Forecast vs actual, risks that happened, KPIs that held"))
        for name, callback, help_text in commands:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        if query.strip():
            # Whatever was typed can be searched for; ranked below exact command matches.
            yield Hit(0.3, f'Search past sessions for "{query.strip()}"',
                      lambda: self._past_sessions(query.strip()),
                      help="Ideas, risks, strategies, tactics and review notes")

    def _past_sessions(self, text: str) -> None:
        from .screens.past_sessions import PastSessionsScreen

        self.app.push_screen(PastSessionsScreen(text))

    def _compare(self, plan_id: int) -> None:
        from .screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(plan_id))

    def _as_of(self, plan_id: int) -> None:
        from .screens.plan_as_of import PlanAsOfScreen

        self.app.push_screen(PlanAsOfScreen(plan_id))

    def _year(self, plan_id: int) -> None:
        from .screens.analysis import AnalysisScreen

        self.app.push_screen(AnalysisScreen(plan_id, "year_in_review"))

    def _ledger(self) -> None:
        from .screens.ledger import LedgerScreen
        from .screens.plan import PlanScreen

        # On a plan's screen, that plan's ledger; elsewhere, every plan's.
        screen = self.app.screen
        self.app.push_screen(LedgerScreen(screen.plan_id if isinstance(screen, PlanScreen)
                                          else None))
