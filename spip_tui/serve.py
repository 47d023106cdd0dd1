"""`spip serve`: the participant view in a browser, through textual-serve, behind the join code.

textual-serve starts one app process per browser connection and has no authentication
of its own, so every request but the static files (the terminal emulator's scripts,
nothing of the session) must carry the session's *current* join code: as `?code=` on
the page, which sets a same-site cookie that the page's websocket then sends. The code
is read from the database on each request, so a regenerated code or an ended session
shuts the door at once.
"""

from __future__ import annotations

import hmac
import shlex

from aiohttp import web
from textual_serve.server import Server

from facilitation.live.join_codes import JoinError, normalise_code
from facilitation.store.database import Store

COOKIE = "spip_join_code"
REFUSED = """<!doctype html><html><head><title>spip</title></head><body>
<h1>Join code needed</h1><p>Ask the facilitator for the session's join code and open
this address with <code>?code=KTX-482</code> (the code the facilitator gives you)
at the end.</p></body></html>"""


def code_matches(given: str | None, current: str | None) -> bool:
    """True when `given` is the session's current code (typed loosely, compared in constant
    time)."""
    if not given or not current:
        return False
    try:
        given = normalise_code(given)
    except JoinError:
        return False
    return hmac.compare_digest(given.encode(), current.encode())


class JoinCodeServer(Server):
    """textual-serve's server with the join code checked in front of every request."""

    def __init__(self, db_path: str, session_id: int, spip: str, **kwargs) -> None:
        command = " ".join(shlex.quote(a) for a in (
            spip, "--db", db_path, "join", "--session", str(session_id)))
        super().__init__(command, title="spip: join the workshop", **kwargs)
        self.db_path = db_path
        self.session_id = session_id

    def current_code(self) -> str | None:
        from facilitation.live.join_codes import current_code

        store = Store.open(self.db_path, actor="serve")
        try:
            return current_code(store, self.session_id)
        finally:
            store.close()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.require_code)
        return app

    @web.middleware
    async def require_code(self, request: web.Request, handler):
        if request.path.startswith("/static/"):
            return await handler(request)
        current = self.current_code()
        given = request.query.get("code")
        if code_matches(given, current):
            response = await handler(request)
            if request.path == "/" and isinstance(response, web.Response):
                response.set_cookie(COOKIE, current, httponly=True, samesite="Strict")
            return response
        if given is None and code_matches(request.cookies.get(COOKIE), current):
            return await handler(request)
        return web.Response(status=403, text=REFUSED, content_type="text/html")
