"""The order in which the pytest workers take the test files: the longest first.

`scripts/run-tests` runs three xdist workers with `--dist loadfile`: each worker takes a whole
file, runs it, and asks for the next. The run ends when the last file ends, so a file of a
minute taken last keeps one worker busy while the other has nothing left. xdist's own order
(the files with the most tests first) leaves the few, slow, process-driving files (faults,
packaging) for the end; replayed over the suite's measured test times (session 7), it ended
up to 4% after an even split, depending on the order of files with as many tests. Handing
out the longest files first lets the many short files fill the gaps at the end instead.

`file_seconds.json` beside this module holds each file's seconds from a measured run (only
the order matters; a stale or missing figure costs time, never a test). A file it does not
know yet goes first, as a long one would. To refresh the figures from a run's JUnit report:

    scripts/run-tests --junitxml=/tmp/junit.xml
    .venv/bin/python tests/file_seconds.py /tmp/junit.xml [MORE.xml...]
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIGURES = HERE / "file_seconds.json"


def load(path: Path = FIGURES) -> dict[str, float]:
    """Seconds by test file path relative to the repository ("tests/unit/test_x.py")."""
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text("utf-8")).items()}
    except (OSError, ValueError):
        return {}


def longest_first(items: Sequence[pytest.Item], seconds: dict[str, float]) -> list[pytest.Item]:
    """The items grouped by file, files by decreasing seconds (unknown ones first), each
    file's own items in their collected order."""
    unknown = float("inf")

    def key(item: pytest.Item) -> float:
        return -seconds.get(item.nodeid.split("::", 1)[0], unknown)

    return sorted(items, key=key)  # stable: a file's items keep their order


def figures_from_junit(report: Path, repo: Path = HERE.parent) -> dict[str, float]:
    """Seconds by file (setup, call and teardown of its tests) from a JUnit XML report."""
    seconds: Counter[str] = Counter()
    for case in ET.parse(report).getroot().iter("testcase"):
        parts = (case.get("classname") or "").split(".")
        for end in range(len(parts), 0, -1):  # "tests.unit.test_x.TestClass": drop the class
            candidate = "/".join(parts[:end]) + ".py"
            if (repo / candidate).is_file():
                seconds[candidate] += float(case.get("time") or 0)
                break
    return {name: round(value, 1) for name, value in sorted(seconds.items())}


def main(argv: Sequence[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    figures: dict[str, float] = {}
    for report in argv:  # several reports (parts of one run): a later one's file wins
        figures.update(figures_from_junit(Path(report)))
    if not figures:
        print(f"no test file found in {' '.join(argv)}")
        return 1
    figures = dict(sorted(figures.items()))
    FIGURES.write_text(json.dumps(figures, indent=0) + "\n", "utf-8")
    print(f"{len(figures)} files, {sum(figures.values()):.0f} s, written to {FIGURES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
