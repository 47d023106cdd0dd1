"""The architecture holds: the domain never imports textual, and start-up stays light."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import facilitation

HEAVY = ("pandas", "numpy", "statsmodels", "sqlite_utils")


def facilitation_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(facilitation.__path__, "facilitation."))


def imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_no_facilitation_module_imports_textual():
    modules = facilitation_modules()
    assert "facilitation.store.database" in modules
    code = "\n".join(f"import {name}" for name in modules)
    loaded = imported_after(code)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_the_cli_module_loads_no_heavy_library():
    loaded = imported_after("import spip_tui.cli, spip_tui.app, spip_tui.screens.home")
    assert "textual" in loaded  # the check itself can see imports
    assert not [m for m in HEAVY if m in loaded]


PROBE = """
import sys, json
from facilitation.store.database import Store
from spip_tui.app import SpipApp

class Probe(SpipApp):
    def on_ready(self):
        heavy = [m for m in {heavy!r} if m in sys.modules]
        self.exit(json.dumps({{"heavy": heavy, "screen": type(self.screen).__name__}}))

print(Probe(Store.open(sys.argv[1])).run(headless=True, size=(80, 24)))
"""


def test_the_first_screen_is_shown_before_any_heavy_import(tmp_path: Path):
    from facilitation.demo.build import build_demo

    db = tmp_path / "demo.sqlite"
    build_demo(db).close()
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), str(db)],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result == {"heavy": [], "screen": "HomeScreen"}


# The domain's packages, lowest first: each may import only from packages before it.
DOMAIN_LAYERS = ["store", "history", "plan", "workshop", "contingency", "ideas", "live",
                 "summary", "portfolio", "exports", "retrospective", "demo"]


def domain_imports() -> dict[str, set[tuple[str, str]]]:
    """For each domain package, the (package, file) pairs of every facilitation import it makes,
    including imports inside functions."""
    root = Path(facilitation.__file__).parent
    found: dict[str, set[tuple[str, str]]] = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        package = parts[0] if len(parts) > 1 else ""
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                found.setdefault(package, set()).add(("relative import", str(path)))
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module else
                     [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                bits = name.split(".")
                if bits[0] == "facilitation" and len(bits) > 1 and bits[1] != package:
                    found.setdefault(package, set()).add((bits[1], str(path)))
    return found


def test_every_domain_package_has_its_place_in_the_layers():
    root = Path(facilitation.__file__).parent
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    assert packages == set(DOMAIN_LAYERS)
    assert {p.name for p in root.glob("*.py")} == {"__init__.py"}


def test_domain_packages_import_only_from_lower_layers():
    wrong = []
    for package, imports in domain_imports().items():
        allowed = set(DOMAIN_LAYERS[:DOMAIN_LAYERS.index(package)]) if package else set()
        wrong += [f"{file} imports {target}" for target, file in imports if target not in allowed]
    assert wrong == []
