"""What the benchmarks that time spip on the demo share: how many runs to take, and the
demo database built in a temporary folder (building it fills the forecast cache).

Imported by the scripts beside it (`python benchmarks/NAME.py` puts this folder on the
path); importing it puts the repository first on the path, so that the scripts measure
the code of this checkout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def runs_asked(doc: str, default: int) -> int:
    """The --runs given on the command line (the script's docstring is its help)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=default)
    return parser.parse_args().runs


@contextmanager
def demo_database(name: str = "demo.sqlite") -> Iterator[Path]:
    """The demo built in a temporary folder, removed afterwards with whatever the run
    wrote beside it."""
    from facilitation.demo.build import build_demo

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / name
        build_demo(db).close()
        yield db
