"""`spip scripts`: list the workshop scripts, copy one to edit, name broken files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def spip(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SPIP_SCRIPTS"}
    return subprocess.run([sys.executable, "-m", "spip_tui", *args], capture_output=True,
                          text=True, timeout=120, env=env, check=False)


def test_scripts_lists_the_shipped_ones():
    result = spip("scripts")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["annual-contingency-review", "full-plan", "progress-review", "self-review"]


def test_a_copied_script_is_listed_from_the_users_folder_and_a_broken_one_named(tmp_path: Path):
    copied = spip("--scripts", str(tmp_path), "scripts", "--copy", "self-review", "--as", "ours")
    assert copied.returncode == 0, copied.stderr
    assert (tmp_path / "ours.toml").exists()
    (tmp_path / "bad.toml").write_text('title = "x"\n[[steps]]\nkind = "juggling"\n')
    listed = spip("--scripts", str(tmp_path), "scripts")
    assert "ours" in listed.stdout and "full-plan" in listed.stdout
    assert f"{tmp_path / 'bad.toml'}:3: step 1: unknown step kind" in listed.stderr
    assert listed.returncode == 1
    assert "Traceback" not in listed.stderr


def test_copying_needs_a_folder_and_a_known_script(tmp_path: Path):
    assert "--scripts DIR" in spip("scripts", "--copy", "full-plan").stderr
    unknown = spip("--scripts", str(tmp_path), "scripts", "--copy", "nope")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith('spip: there is no script "nope"')
