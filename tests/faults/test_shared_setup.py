"""shared_setup.once_per_run: one build per test run, read by the other pytest workers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from shared_setup import once_per_run


class _Factory:
    """What once_per_run uses of pytest's tmp_path_factory, for worker `name` of one run."""

    def __init__(self, run: Path, name: str) -> None:
        self.base = run / f"popen-{name}"
        self.base.mkdir(parents=True, exist_ok=True)

    def getbasetemp(self) -> Path:
        return self.base

    def mktemp(self, name: str) -> Path:
        folder = self.base / name
        folder.mkdir()
        return folder


def _counting(builds: list[Path], seconds: float = 0.0):
    def build(folder: Path) -> dict:
        builds.append(folder)
        time.sleep(seconds)  # another worker asks meanwhile
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "made").write_text("once")
        return {"folder": folder}
    return build


def test_two_workers_at_once_build_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")  # read by each call below
    builds: list[Path] = []
    results: dict[str, dict] = {}

    def worker(name: str) -> None:
        results[name] = once_per_run(_Factory(tmp_path, name), "template",
                                     _counting(builds, 0.3))

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("gw0", "gw1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(builds) == 1, builds
    assert results["gw0"] == results["gw1"] == {"folder": builds[0]}
    assert (builds[0] / "made").read_text() == "once"


def test_a_failed_build_is_made_again_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")

    def broken(folder: Path) -> dict:
        raise RuntimeError("the set-up failed")

    with pytest.raises(RuntimeError):
        once_per_run(_Factory(tmp_path, "gw0"), "clean", broken)
    builds: list[Path] = []
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    assert once_per_run(_Factory(tmp_path, "gw1"), "clean", _counting(builds)) == {
        "folder": builds[0]}


def test_without_xdist_each_process_builds_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    builds: list[Path] = []
    factory = _Factory(tmp_path, "main")
    for _ in range(2):
        once_per_run(factory, f"template{len(builds)}", _counting(builds))
    assert len(builds) == 2 and not list(tmp_path.glob("shared-*"))
