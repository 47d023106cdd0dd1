"""`spip serve`: the browser view is behind the join code and on the loopback by default."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from facilitation.live.join_codes import join_code, regenerate_code
from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from spip_tui.serve import code_matches
from tests.tui.servers import free_port, wait_listening


def machine_address() -> str | None:
    """This machine's address on its default route (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect(("10.255.255.255", 1))
            return udp.getsockname()[0]
        except OSError:
            return None


@pytest.fixture
def served(store, plan_id, db_path: Path):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Fran")
    code = join_code(store, session_id)
    port = free_port()
    spip = Path(sys.executable).parent / "spip"
    process = subprocess.Popen(
        [str(spip), "--db", str(db_path), "serve", str(session_id), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "200"})
    wait_listening(process, port, "spip serve", 30)
    yield f"http://127.0.0.1:{port}", code, session_id, process
    process.terminate()
    process.wait(timeout=10)


async def test_without_the_code_nothing_of_the_session_is_served(served, store):
    url = served[0]
    async with aiohttp.ClientSession() as http:
        for address in (f"{url}/", f"{url}/?code=ABC-123", f"{url}/ws", f"{url}/download/x"):
            async with http.get(address) as response:
                body = await response.text()
                assert response.status == 403, address
                assert "websocket" not in body and "North" not in body
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{url}/ws?width=80&height=24")
        assert refused.value.status == 403


async def test_with_the_code_the_page_and_its_websocket_open_the_join_view(served, store):
    url, code = served[:2]
    # Browsers keep cookies of numeric hosts; aiohttp does only when told to.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{url}/?code={code.lower()}") as response:
            assert response.status == 200
            assert "ws://127.0.0.1" in await response.text()
        # The cookie the page set lets its websocket in; the app process starts and draws.
        async with http.ws_connect(f"{url}/ws?width=80&height=24") as ws:
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            seen = b""
            deadline = time.monotonic() + 30
            while b"Join the workshop" not in seen and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=5)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
            assert b"Join the workshop" in seen


async def test_a_regenerated_code_shuts_the_old_one_out_at_once(served, db_path):
    url, code, session_id = served[:3]
    other = Store.open(db_path)
    new = regenerate_code(other, session_id)
    other.close()
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}/?code={code}") as response:
            assert response.status == 403
        async with http.get(f"{url}/?code={new}") as response:
            assert response.status == 200


def test_serve_listens_on_the_loopback_unless_told_otherwise(served):
    url = served[0]
    assert url.startswith("http://127.0.0.1")
    with socket.socket() as probe:  # nothing listens on the machine's other addresses
        port = int(url.rsplit(":", 1)[1])
        outside = machine_address()
        if outside is None or outside.startswith("127."):
            pytest.skip("this machine has no address besides the loopback")
        assert probe.connect_ex((outside, port)) != 0


def test_codes_are_compared_loosely_but_exactly():
    assert code_matches("ktx 482", "KTX-482")
    assert not code_matches("KTX-483", "KTX-482")
    assert not code_matches("", "KTX-482") and not code_matches("KTX-482", None)
