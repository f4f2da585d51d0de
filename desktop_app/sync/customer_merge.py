"""Duplicate local customers as commands (issue 19), Qt-free; the window and the command line
both call these.

`merge_customers` is a recorded run of no shop, like `customers set`/`delete`
(`local_runs.recorded`): its message says what moved; a refusal is the failure of the pair.
The CSV import's "looks like C00012" warnings are added by `local_runs.import_customers`
(`customer_duplicates.imported_look_alikes`).
"""

from __future__ import annotations

from desktop_app.store import customer_merge
from desktop_app.sync.local_runs import recorded
from desktop_app.sync.results import LOCAL_CUSTOMERS

MERGED = "customer_merged"


def merge_customers(keep: str, other: str) -> customer_merge.MergePlan:
    """`customers merge KEEP OTHER` and the Duplicates view's Merge…: OTHER's documents,
    links and fields go to KEEP, OTHER is deleted; a recorded run. Raises
    `CustomerMergeError` / `NotFoundError` with nothing changed."""
    with recorded(LOCAL_CUSTOMERS, f"customers merge {keep} {other}", record=other) as run:
        plan = customer_merge.merge_customers(keep, other)
        run.result.updated = 1  # KEEP changed, OTHER gone: one customer less
        run.result.warn(keep, "", MERGED,
                        f"{other} {plan.other_name} merged into {keep}: {plan.summary()}",
                        {"keep": keep, "other": other})
        run.message = (f"{run.what}: {other} {plan.other_name} merged into {keep} "
                       f"{plan.keep_name} ({plan.summary()}).")
    return plan

