"""Workshop scripts: TOML files naming a workshop's steps, in order.

A script looks like this (see data/scripts/ for the shipped ones):

    title = "Full plan workshop"
    description = "..."

    [[steps]]
    kind = "risk_listing"          # one of STEP_KINDS
    title = "Risk listing"
    prompt = "What could hurt our sales this period?"
    minutes = 10                   # optional time box

A malformed script is refused with a ScriptError naming the file, the line and
the problem, so that a facilitator editing a copy can fix it at once.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from facilitation.store.locations import DATA_DIR

SHIPPED_SCRIPTS_DIR = DATA_DIR / "scripts"
SCRIPTS_ENV = "SPIP_SCRIPTS"

# The step kinds every script may name; the app has (or will have) a screen for each.
STEP_KINDS = (
    "past_performance", "forecast_gap", "risk_listing", "impact_assessment", "brainstorming",
    "scoring", "tactics", "kpis", "skills", "review_rhythm", "summary",
    "kpi_actuals", "decisions", "colleague_review", "year_in_review",
)
SCRIPT_KEYS = {"title", "description", "steps"}
STEP_KEYS = {"id", "kind", "title", "prompt", "minutes"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ScriptError(ValueError):
    """A script that cannot be used; str() is 'file:line: problem'."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Step:
    """One step of a script: what kind of screen, its title, the prompt, its time box."""

    id: str
    kind: str
    title: str
    prompt: str = ""
    minutes: float | None = None

    @property
    def time_box_seconds(self) -> float | None:
        return None if self.minutes is None else self.minutes * 60


@dataclass(frozen=True)
class Script:
    """A workshop script: a name (its file name), a title and its steps."""

    name: str
    title: str
    steps: tuple[Step, ...]
    description: str = ""
    path: str = ""

    @property
    def total_minutes(self) -> float:
        return sum(step.minutes or 0 for step in self.steps)

    def to_json(self) -> dict[str, Any]:
        """The script as stored in a session (so the session outlives edits to the file)."""
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "path": self.path, "steps": [asdict(step) for step in self.steps],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Script:
        return cls(
            name=data["name"], title=data["title"], description=data.get("description", ""),
            path=data.get("path", ""), steps=tuple(Step(**step) for step in data["steps"]),
        )


def script_dirs(extra: str | os.PathLike[str] | None = None) -> list[Path]:
    """Where scripts are looked for: the user's folder (--scripts / $SPIP_SCRIPTS) first,
    then the shipped ones; a user's script overrides a shipped one of the same name."""
    dirs = []
    user = extra or os.environ.get(SCRIPTS_ENV)
    if user:
        dirs.append(Path(user).expanduser())
    dirs.append(SHIPPED_SCRIPTS_DIR)
    return dirs


def parse_script(text: str, path: Path) -> Script:
    """Parse and check one script's text; ScriptError says what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        problem = getattr(exc, "msg", None) or re.sub(r"\s*\(at line \d+.*\)$", "", str(exc))
        raise ScriptError(path, line, f"not valid TOML: {problem}") from None
    name = path.stem
    if not _NAME.match(name):
        raise ScriptError(path, None, "script file names use lower-case letters, digits, - and _")
    unknown = set(data) - SCRIPT_KEYS
    if unknown:
        key = min(unknown)
        raise ScriptError(path, _line_of_key(text, key), f'unknown setting "{key}" '
                          f"(a script has: {', '.join(sorted(SCRIPT_KEYS))})")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ScriptError(path, _line_of_key(text, "title") or 1, 'the script needs a title, '
                          'e.g. title = "Full plan workshop"')
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ScriptError(path, None, "the script has no steps; add [[steps]] tables")
    steps = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_steps):
        step = _parse_step(raw, index, text, path)
        if step.id in seen:
            raise ScriptError(path, _step_line(text, index, "id") or _step_line(text, index),
                              f'step {index + 1}: another step is already called "{step.id}"; '
                              f'give one of them an id = "..."')
        seen[step.id] = index
        steps.append(step)
    description = data.get("description", "")
    return Script(name=name, title=title.strip(), steps=tuple(steps),
                  description=str(description).strip(), path=str(path))


def _parse_step(raw: Any, index: int, text: str, path: Path) -> Step:
    number = index + 1
    if not isinstance(raw, dict):
        raise ScriptError(path, None, f"step {number} is not a [[steps]] table")
    unknown = set(raw) - STEP_KEYS
    if unknown:
        key = min(unknown)
        raise ScriptError(path, _step_line(text, index, key), f'step {number}: unknown setting '
                          f'"{key}" (a step has: {", ".join(sorted(STEP_KEYS))})')
    kind = raw.get("kind")
    if kind is None:
        raise ScriptError(path, _step_line(text, index), f"step {number} has no kind; "
                          f"use one of: {', '.join(STEP_KINDS)}")
    if kind not in STEP_KINDS:
        raise ScriptError(path, _step_line(text, index, "kind"), f'step {number}: unknown step '
                          f'kind "{kind}"; use one of: {", ".join(STEP_KINDS)}')
    title = raw.get("title", kind.replace("_", " ").capitalize())
    if not isinstance(title, str) or not title.strip():
        raise ScriptError(path, _step_line(text, index, "title"),
                          f"step {number}: the title must be text")
    prompt = raw.get("prompt", "")
    if not isinstance(prompt, str):
        raise ScriptError(path, _step_line(text, index, "prompt"),
                          f"step {number}: the prompt must be text")
    minutes = raw.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float))
                                or not 0 < minutes <= 24 * 60):
        raise ScriptError(path, _step_line(text, index, "minutes"), f"step {number}: minutes "
                          f"must be a number of minutes above 0, e.g. minutes = 10")
    step_id = raw.get("id", kind)
    if not isinstance(step_id, str) or not _NAME.match(step_id):
        raise ScriptError(path, _step_line(text, index, "id"), f"step {number}: the id must be "
                          f"lower-case letters, digits, - and _")
    return Step(id=step_id, kind=kind, title=title.strip(), prompt=prompt.strip(),
                minutes=None if minutes is None else float(minutes))


def _line_from_message(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match[1]) if match else None


def _line_of_key(text: str, key: str) -> int | None:
    """The line of a top-level `key = ...` (before the first table)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("["):
            return None
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None


def _step_line(text: str, index: int, key: str | None = None) -> int | None:
    """The line of the index-th [[steps]] header, or of `key` inside that table."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if re.match(r"\s*\[\[\s*steps\s*\]\]", line)]
    if index >= len(headers):
        return None
    start = headers[index]
    if key is None:
        return start
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.strip().startswith("["):
            break
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return start


def load_script_file(path: Path) -> Script:
    """Read and check one script file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScriptError(path, None, "not a text file (UTF-8 expected)") from None
    except OSError as exc:
        raise ScriptError(path, None, f"cannot read it ({exc.strerror})") from None
    return parse_script(text, path)


@dataclass(frozen=True)
class ScriptCatalogue:
    """Every usable script by name, and the files that were refused."""

    scripts: dict[str, Script]
    errors: list[ScriptError]


def load_scripts(extra_dir: str | os.PathLike[str] | None = None) -> ScriptCatalogue:
    """All scripts from the user's folder and the shipped one (user's win on equal names).

    Broken files do not hide the good ones: they are listed in `errors`.
    """
    scripts: dict[str, Script] = {}
    errors: list[ScriptError] = []
    for folder in script_dirs(extra_dir):
        if not folder.is_dir():
            errors.append(ScriptError(folder, None, "the scripts folder does not exist"))
            continue
        for path in sorted(folder.glob("*.toml")):
            if path.stem in scripts:
                continue
            try:
                scripts[path.stem] = load_script_file(path)
            except ScriptError as exc:
                errors.append(exc)
    return ScriptCatalogue(scripts, errors)


def scripts_with_step(kind: str, extra_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The titles of the usable scripts that have a step of this kind, the fullest first
    (so that a lack a script cannot fix can name where to fix it)."""
    having = [script for script in load_scripts(extra_dir).scripts.values()
              if any(step.kind == kind for step in script.steps)]
    return [script.title for script in sorted(having, key=lambda s: -len(s.steps))]


def where_to_fix(kind: str, step_title: str,
                 extra_dir: str | os.PathLike[str] | None = None) -> str:
    """'fix it in a Full plan workshop session (it has the KPIs step)', for a session whose
    script has no step of that kind."""
    titles = scripts_with_step(kind, extra_dir)
    if not titles:
        return f"no script has a “{step_title}” step"
    return f"fix it in a “{titles[0]}” session (it has the “{step_title}” step)"


def get_script(name: str, extra_dir: str | os.PathLike[str] | None = None) -> Script:
    """One script by name; KeyError (listing the names there are) if there is none."""
    catalogue = load_scripts(extra_dir)
    if name in catalogue.scripts:
        return catalogue.scripts[name]
    for error in catalogue.errors:
        if error.path.stem == name:
            raise error
    raise KeyError(f'there is no script "{name}"; there are: {", ".join(catalogue.scripts)}')


def copy_script(name: str, folder: str | os.PathLike[str], new_name: str | None = None) -> Path:
    """Copy a script's file into `folder` (to edit it there); returns the new file."""
    source = Path(get_script(name).path)
    target = Path(folder).expanduser() / f"{new_name or name}.toml"
    if not _NAME.match(target.stem):
        raise ValueError("script names use lower-case letters, digits, - and _")
    if target.exists():
        raise ValueError(f"{target} exists already; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target
