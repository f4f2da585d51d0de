"""The PyInstaller build starts, opens its window on the demo shop and runs the command line.

The module builds the app once (build_spec/build.py into a temp folder, about a minute) and
runs the frozen program as a user would. Set SHOP_SYNC_DIST to a dist folder (the one holding
shop-sync/) to test an existing build instead; it must be newer than every source file.
Leave it out of a quick run with `-m "not packaging"`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "build_spec" / "build.py"
EXE_NAME = "shop-sync.exe" if os.name == "nt" else "shop-sync"
# Sources whose change makes a build stale.
SOURCES = (REPO / "desktop_app", REPO / "resources", REPO / "build_spec" / "desktop_app.spec")

pytestmark = [pytest.mark.packaging, pytest.mark.slow, pytest.mark.timeout(900)]


def _newest_source() -> tuple[float, Path]:
    newest = (0.0, REPO)
    for source in SOURCES:
        files = [source] if source.is_file() else source.rglob("*")
        for item in files:
            if item.is_file() and "__pycache__" not in item.parts:
                newest = max(newest, (item.stat().st_mtime, item))
    return newest


def _given_build(dist: Path) -> Path:
    program = dist / "shop-sync" / EXE_NAME
    if not program.is_file():
        pytest.fail(f"SHOP_SYNC_DIST={dist}: no {program.relative_to(dist)} in it")
    changed_at, changed = _newest_source()
    if changed_at > program.stat().st_mtime:
        pytest.fail(
            f"SHOP_SYNC_DIST={dist} is stale: {changed.relative_to(REPO)} changed after the "
            "build. Rebuild (build_spec/build.py) or unset SHOP_SYNC_DIST."
        )
    return program


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen executable: built now, or the fresh one SHOP_SYNC_DIST points at."""
    given = os.environ.get("SHOP_SYNC_DIST")
    if given:
        return _given_build(Path(given).resolve())
    folder = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT),
         "--distpath", str(folder / "dist"), "--workpath", str(folder / "build")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (
        f"the build failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr[-6000:]}"
    )
    built = folder / "dist" / "shop-sync" / EXE_NAME
    assert built.is_file(), f"the build made no {built}:\n{result.stdout}"
    return built


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SHOP_SYNC_DATA_DIR", None)  # every run names its folder with --data-dir
    return env


def run(program: Path, *args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, timeout=timeout, env=_env(),
        **kwargs,
    )


def source_keyring_backend() -> str:
    """The backend the app picks when run from source here (a fresh process, same session)."""
    result = subprocess.run(
        [sys.executable, "-c",
         "from desktop_app.credentials.vault import Vault; print(Vault().backend_name())"],
        capture_output=True, text=True, timeout=60, env=_env(), cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def first_start(program: Path, tmp_path_factory: pytest.TempPathFactory):
    """One first start of the frozen window in an empty data folder, closed after 3 s."""
    data = tmp_path_factory.mktemp("frozen-data")
    result = run(program, "gui", "--data-dir", str(data), "--quit-after", "3000")
    return data, result


def test_version_is_the_source_version(program: Path) -> None:
    result = run(program, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"shop-sync {__version__}"


def test_window_reports_ready_and_quits(first_start) -> None:
    _, result = first_start
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "shop-sync: ready" in result.stdout.splitlines(), (result.stdout, result.stderr)


def test_window_opened_on_the_demo_shop(program: Path, first_start) -> None:
    from desktop_app.paths import database_path

    data, result = first_start
    assert result.returncode == 0, result.stderr
    assert database_path(data).is_file()
    listed = run(program, "shop", "list", "--json", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    shops = {shop["code"]: shop for shop in json.loads(listed.stdout)}
    assert "DEMO" in shops, shops
    assert shops["DEMO"]["demo"] is True


def test_first_start_logged_no_error(first_start) -> None:
    """The window can report ready while its first sync dies on a file left out of the build."""
    data, _ = first_start
    log_text = (data / "logs" / "shop-sync.log").read_text("utf-8")
    errors = [line for line in log_text.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert not errors, log_text


def test_log_names_the_keyring_backend_of_a_source_run(first_start) -> None:
    """The bundled keyring backends are the ones keyring finds from source in this session.

    Under scripts/run-tests that is SecretService (a private gnome-keyring); a build that lost
    the backends would log keyring.backends.fail.Keyring instead.
    """
    data, _ = first_start
    expected = source_keyring_backend()
    log_text = (data / "logs" / "shop-sync.log").read_text("utf-8")
    line = re.compile(
        rf"Shop Sync {re.escape(__version__)} started; keyring backend: (\S+)$", re.MULTILINE
    )
    found = line.findall(log_text)
    assert found, f"no keyring backend line in the log:\n{log_text}"
    assert found[-1] == expected


def test_cli_sync_runs_the_bundled_queries_against_the_demo_shop(program: Path,
                                                                 first_start) -> None:
    """The in-process demo shop needs schema.graphql, the client shopify/queries/*.graphql."""
    data, _ = first_start
    result = run(program, "sync", "customers", "--shop", "DEMO", "--data-dir", str(data),
                 "--json", timeout=120)
    # The frozen bootloader also exits 1 on an uncaught exception.
    assert "Traceback" not in result.stderr, result.stderr
    # 1 = done with some records refused: the demo shop has customers without an address.
    assert result.returncode in (0, 1), f"exit {result.returncode}: {result.stderr}"
    report = json.loads(result.stdout)
    assert report["resource"] == "customers"
    assert report["cancelled"] is False
    assert report["requests"] >= 1 and report["api_cost"] > 0, report
    assert (result.returncode == 1) == bool(report["failed"]), report


def test_frozen_keyring_stores_and_deletes_a_token(program: Path, tmp_path: Path) -> None:
    """A real round trip through the bundled backend (only where a system keyring works)."""
    data = tmp_path
    if source_keyring_backend().startswith(("keyring.backends.fail", "keyring.backends.null")):
        pytest.skip("no system keyring in this session (scripts/run-tests provides one)")
    code = f"PKG{os.getpid()}"
    added = run(program, "shop", "add", code, "--domain", "packaging-test.myshopify.com",
                "--data-dir", str(data))
    assert added.returncode == 0, added.stderr
    stored = run(program, "token", "set", code, "--json", "--data-dir", str(data),
                 input="shpat_frozenbuildcheck0000000000\n")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["keyring"] == "system"
    read_back = (
        "import keyring, sys; "
        f"print(keyring.get_password('desktop_app.shopify', '{code}:token'))"
    )

    def from_source() -> str:
        result = subprocess.run([sys.executable, "-c", read_back], capture_output=True,
                                text=True, timeout=60, env=_env())
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    try:
        assert from_source() == "shpat_frozenbuildcheck0000000000"
    finally:
        deleted = run(program, "token", "delete", code, "--data-dir", str(data))
    assert deleted.returncode == 0, deleted.stderr
    assert from_source() == "None"
