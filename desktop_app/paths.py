"""Where the app keeps its files, and where bundled resources live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ShopSync"
APP_AUTHOR = "ShopSync"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the database, settings and logs (created, owner-only)."""
    base = Path(override) if override else Path(
        os.environ.get("SHOP_SYNC_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)
    )
    base.mkdir(parents=True, exist_ok=True)
    try:
        base.chmod(0o700)
    except OSError:  # not ours to change (e.g. a shared folder given on purpose)
        pass
    return base


def database_path(data: Path) -> Path:
    return data / "shop_sync.sqlite3"


def log_dir(data: Path) -> Path:
    path = data / "logs"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def resource_path(*parts: str) -> Path:
    """A file under resources/, in a source checkout or a PyInstaller bundle."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return root.joinpath("resources", *parts)
