"""Where the app keeps its files, and where bundled resources live."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import platformdirs

from desktop_app.errors import AppError

log = logging.getLogger(__name__)


class DataFolderError(AppError):
    code = "data_folder"

APP_NAME = "ShopSync"
APP_AUTHOR = "ShopSync"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the database, settings and logs.

    Created owner-only when missing. An existing folder keeps its mode: one given on purpose
    (`--data-dir`, `SHOP_SYNC_DATA_DIR`) may be shared, and tightening it (a 1777 folder
    losing its sticky bit) would harm other users. A folder others can read is logged.
    Raises DataFolderError when the folder cannot be made.
    """
    base = Path(override) if override else Path(
        os.environ.get("SHOP_SYNC_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)
    )
    _owner_only_folder(base)
    return base


def _owner_only_folder(path: Path) -> None:
    """Make `path` owner-only if this call creates it; leave an existing one as it is."""
    try:
        path.mkdir(parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise DataFolderError(f"{path} is a file, not a folder") from None
        try:
            mode = path.stat().st_mode
        except OSError:
            return
        if sys.platform != "win32" and mode & 0o077:
            log.warning("the folder %s can be read by other users of this computer", path)
        return
    except OSError as exc:
        raise DataFolderError(f"Cannot create the folder {path}: {exc.strerror or exc}") from None
    try:
        path.chmod(0o700)
    except OSError:  # pragma: no cover - a file system without modes
        pass


def database_path(data: Path) -> Path:
    return data / "shop_sync.sqlite3"


def log_dir(data: Path) -> Path | None:
    """`data/logs` (created owner-only when missing); None when it cannot be made or written
    (a read-only data folder): the app then logs nowhere rather than not starting."""
    path = data / "logs"
    try:
        _owner_only_folder(path)
    except DataFolderError:
        return None
    return path if os.access(path, os.W_OK) else None


def resource_path(*parts: str) -> Path:
    """A file under resources/, in a source checkout or a PyInstaller bundle."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return root.joinpath("resources", *parts)
