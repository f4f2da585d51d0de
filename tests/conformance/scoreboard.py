"""The conformance scoreboard: `.venv/bin/python -m tests.conformance.scoreboard [-v]`.

Per domain and per capture file: steps agreeing, disagreeing, not modelled, not applicable and
without a document (none recorded and none derivable), then, in their own column, how many of
the agreeing/disagreeing steps ran a derived document (tests/conformance/derivation.py), and the
agreement (agreeing / applicable). The last lines give the figures for recorded documents,
derived documents and both. `-v` also prints each disagreement with its first difference.
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
ORIGINS = {"recorded documents": False, "derived documents": True, "all": None}


def totals(results: Iterable[FileResult], derived: bool | None = None) -> dict[str, int]:
    """Steps of each kind: of recorded documents, derived ones or both (None)."""
    counts = dict.fromkeys(KINDS, 0)
    for result in results:
        for kind in KINDS:
            counts[kind] += result.count(kind, derived)
    return counts


def agreement(counts: dict[str, int]) -> float:
    applicable = counts[AGREE] + counts[DISAGREE]
    return 100.0 * counts[AGREE] / applicable if applicable else 0.0


def _row(label: str, results: Sequence[FileResult]) -> str:
    counts, derived = totals(results), totals(results, derived=True)
    cells = "".join(f"{counts[k]:>10}" for k in KINDS)
    mark = f"{derived[AGREE]}/{derived[DISAGREE]}"
    return f"{label:<58}{cells}{mark:>10}{agreement(counts):>9.1f}%"


def render(results: Sequence[FileResult], verbose: bool = False) -> str:
    lines = [f"{'domain / file':<58}" + "".join(f"{c[:9]:>10}" for c in COLUMNS)
             + f"{'derived':>10}   agree%"]
    for domain in sorted({r.domain for r in results}):
        in_domain = [r for r in results if r.domain == domain]
        lines.append(_row(domain, in_domain))
        for result in in_domain:
            lines.append(_row(f"  {result.name}", [result]))
            if verbose:
                lines.extend(f"      {s.step.path}{' (derived)' if s.step.derived else ''}: "
                             f"{s.difference}" for s in result.steps if s.kind == DISAGREE)
    lines.append(_row("ALL", results))
    lines.append("(derived: agreeing/disagreeing steps that ran a derived document)")
    for label, derived in ORIGINS.items():
        counts = totals(results, derived)
        applicable = counts[AGREE] + counts[DISAGREE]
        lines.append(f"{label}: applicable steps {applicable}, agreeing {counts[AGREE]} "
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
