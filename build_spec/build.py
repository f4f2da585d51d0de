"""Builds the one-folder app with PyInstaller: dist/shop-sync/shop-sync (work files in build/).

Usage, from anywhere (the paths are the checkout's, both gitignored):

    .venv/bin/python build_spec/build.py [--clean] [--distpath DIR] [--workpath DIR]

Compiles the translations first when build_spec/compile_i18n.py exists, then runs PyInstaller
on build_spec/desktop_app.spec and prints the build time and the folder's size. Exit code:
PyInstaller's, or 2 when PyInstaller is not installed (`pip install -e .[dev]`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_spec" / "desktop_app.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP_NAME = "shop-sync"
EXE_NAME = "shop-sync.exe" if os.name == "nt" else "shop-sync"


def executable(dist: Path = DIST) -> Path:
    """The built program inside a dist folder."""
    return dist / APP_NAME / EXE_NAME


def folder_size(path: Path) -> int:
    """Bytes in the files under `path` (symlinks not followed, so nothing counts twice)."""
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
    return total


def compile_translations() -> None:
    """Rebuild the .qm translations from their .ts (both are committed) before bundling."""
    script = ROOT / "build_spec" / "compile_i18n.py"
    if script.exists():
        subprocess.run([sys.executable, str(script)], cwd=ROOT, check=True)


def build(*, dist: Path = DIST, work: Path = WORK, clean: bool = False) -> int:
    """Run PyInstaller on the spec into `dist` and `work`; returns its exit code.

    Prints the build time and the size of the app folder.
    """
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("build: PyInstaller is not installed (pip install -e '.[dev]')", file=sys.stderr)
        return 2
    compile_translations()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]
    if clean:
        command.insert(3, "--clean")
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        print(f"build: PyInstaller failed (exit {result.returncode}) after {seconds:.0f} s",
              file=sys.stderr)
        return result.returncode
    program = executable(dist)
    size = folder_size(program.parent)
    print(f"build: {program} in {seconds:.0f} s; the folder is {size / 1_000_000:.0f} MB",
          flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true",
                        help="empty PyInstaller's cache and the work folder first (slower)")
    parser.add_argument("--distpath", type=Path, default=DIST,
                        help="where the app folder goes (default: dist/)")
    parser.add_argument("--workpath", type=Path, default=WORK,
                        help="PyInstaller's work folder (default: build/)")
    args = parser.parse_args(argv)
    return build(dist=args.distpath.resolve(), work=args.workpath.resolve(), clean=args.clean)


if __name__ == "__main__":
    sys.exit(main())
