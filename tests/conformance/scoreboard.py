"""The conformance scoreboard: `.venv/bin/python -m tests.conformance.scoreboard [-v]`.

Per domain and per capture file: steps agreeing, disagreeing, not modelled, not applicable and
without a recorded document, then the overall agreement (agreeing / applicable). `-v` also
prints each disagreement with its first difference.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence

from tests.conformance.harness import (
    AGREE,
    DISAGREE,
    KINDS,
    FileResult,
    replay_all,
)

COLUMNS = ("agree", "disagree", "not modelled", "not applicable", "no document")


def totals(results: Iterable[FileResult]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for result in results:
        for step in result.steps:
            counts[step.kind] += 1
    return counts


def agreement(counts: dict[str, int]) -> float:
    applicable = counts[AGREE] + counts[DISAGREE]
    return 100.0 * counts[AGREE] / applicable if applicable else 0.0


def _row(label: str, counts: dict[str, int]) -> str:
    cells = "".join(f"{counts[k]:>10}" for k in KINDS)
    return f"{label:<58}{cells}{agreement(counts):>9.1f}%"


def render(results: Sequence[FileResult], verbose: bool = False) -> str:
    lines = [f"{'domain / file':<58}" + "".join(f"{c[:9]:>10}" for c in COLUMNS) + "   agree%"]
    for domain in sorted({r.domain for r in results}):
        in_domain = [r for r in results if r.domain == domain]
        lines.append(_row(domain, totals(in_domain)))
        for result in in_domain:
            lines.append(_row(f"  {result.name}", totals([result])))
            if verbose:
                lines.extend(f"      {s.step.path}: {s.difference}"
                             for s in result.steps if s.kind == DISAGREE)
    counts = totals(results)
    lines.append(_row("ALL", counts))
    applicable = counts[AGREE] + counts[DISAGREE]
    lines.append(f"applicable steps {applicable}, agreeing {counts[AGREE]} "
                 f"({agreement(counts):.1f} %)")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    started = time.perf_counter()
    results = replay_all()
    print(render(results, verbose="-v" in argv))
    print(f"({len(results)} files in {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
