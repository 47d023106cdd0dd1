"""spip installs under its own names: no top-level `data` package, every package listed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_list_names_every_package_in_the_tree():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for top in ("facilitation", "spip_tui") for p in (ROOT / top).rglob("__init__.py")}
    assert listed == on_disk | {"spip_data"}


def test_the_wheel_installs_no_top_level_data_package(tmp_path: Path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("spip-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if "/" in name and ".dist-info" not in name}
    assert tops == {"facilitation", "spip_tui", "spip_data"}
    assert "spip_data/scripts/full-plan.toml" in names
    assert "facilitation/store/migrations/0001_plans_and_events.sql" in names
