"""The architecture holds: the domain never imports textual, and start-up stays light."""

from __future__ import annotations

import ast
import json
import pkgutil
import re
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


# --- the UI asks the domain: no SQL in spip_tui, and steps never import each other -------

SPIP_TUI = Path(__file__).parent.parent / "spip_tui"
SQL_STATEMENT = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|"
    r"PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)\b", re.DOTALL)  # SQL is written in capitals here
# Modules of spip_tui/steps/ that are not steps: what the steps may share.
STEP_SHARED = {"base", "shared", "analysis_base"}


def ui_sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in SPIP_TUI.rglob("*.py")}


def sql_in(tree: ast.Module) -> list[str]:
    """Database calls (`.query(`, `.execute(`...) and SQL statements in string literals
    (docstrings may name SQL: they explain, they do not run it)."""
    found = []
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "executescript")):
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "query" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and SQL_STATEMENT.search(node.args[0].value)):
            found.append(f"line {node.lineno}: .query(SQL)")
        if (isinstance(node, ast.Attribute) and node.attr == "query"
                and isinstance(node.value, ast.Attribute) and node.value.attr == "store"):
            found.append(f"line {node.lineno}: store.query")
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings and SQL_STATEMENT.search(node.value)):
            found.append(f"line {node.lineno}: SQL in a string")
    return found


def test_the_sql_check_sees_sql():
    tree = ast.parse('rows = self.store.query("SELECT id FROM plans WHERE id = ?", [1])\n'
                     'store.conn.execute("PRAGMA data_version")\n'
                     'text = "DELETE FROM ideas WHERE id = ?"\n')
    assert len(sql_in(tree)) >= 3
    assert sql_in(ast.parse('self.query_one("#ideas")\nself.query("Input, Select")\n'
                            'notify("Select a risk from the list")\n')) == []


def test_spip_tui_contains_no_sql():
    found = [f"{path.relative_to(SPIP_TUI)} {where}"
             for path, tree in ui_sources().items() for where in sql_in(tree)]
    assert found == []


def test_steps_do_not_import_each_other():
    steps = {p.stem for p in (SPIP_TUI / "steps").glob("*.py")} - {"__init__"} - STEP_SHARED
    wrong = []
    for path, tree in ui_sources().items():
        if path.parent.name != "steps" or path.stem == "__init__":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                target = module.split(".")[-1] if (node.level == 1 or module.startswith(
                    "spip_tui.steps.")) else None
                if target in steps:
                    wrong.append(f"{path.name} imports {target}")
    assert wrong == []


# --- one way to run background work: spip_tui/background.py --------------------------------

def worker_calls(tree: ast.Module) -> list[str]:
    """`call_from_thread(` and Textual's `work` used directly: background work hands its
    results back as messages, and its failures go to one place (spip_tui/background.py)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread":
            found.append(f"line {node.lineno}: call_from_thread")
        if isinstance(node, ast.Name) and node.id == "work":
            found.append(f"line {node.lineno}: work")
        if isinstance(node, ast.ImportFrom) and any(a.name == "work" for a in node.names):
            found.append(f"line {node.lineno}: imports work")
    return found


def test_the_worker_check_sees_workers():
    tree = ast.parse("from textual import on, work\n"
                     "@work(thread=True)\ndef f(self):\n"
                     "    self.app.call_from_thread(self.show, 1)\n")
    assert len(worker_calls(tree)) == 3
    assert worker_calls(ast.parse('@background("g", "doing")\ndef f(self):\n'
                                  '    self.post_message(Done())\n')) == []


def test_background_work_runs_one_way():
    found = [f"{path.relative_to(SPIP_TUI)} {where}"
             for path, tree in ui_sources().items() if path.name != "background.py"
             for where in worker_calls(tree)]
    assert found == []
