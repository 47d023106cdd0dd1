"""Where spip's files live: the database and the shipped data."""

from __future__ import annotations

import os
from pathlib import Path

import spip_data

# The repository's data/ folder, installed as the package spip_data (a plain folder on
# disk: importlib.resources would cost ~10 ms of every start-up for the same path).
DATA_DIR = Path(spip_data.__file__).parent
DB_ENV = "SPIP_DB"


def default_db_path() -> Path:
    """The database used when neither --db nor SPIP_DB says otherwise."""
    from platformdirs import user_data_path

    return user_data_path("spip", appauthor=False, ensure_exists=True) / "spip.sqlite"


def resolve_db_path(option: str | os.PathLike[str] | None) -> Path:
    """--db if given, else $SPIP_DB, else the user data directory."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return default_db_path()


def demo_db_path() -> Path:
    """Where `spip demo` keeps its database unless --db is given."""
    return default_db_path().with_name("demo.sqlite")
