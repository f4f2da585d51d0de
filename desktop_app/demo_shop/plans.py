"""The demo shop's plans: how many points each plan's leaky bucket holds and how fast it refills.

Apart from `cost.py` (which parses GraphQL) so that the command line can list the plans in
`demo-shop serve --plan` without loading the demo shop.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """A shop plan's leaky bucket: how many points it holds and how fast it refills."""

    name: str
    maximum: float
    restore_rate: float


#: GraphQL Admin API limits per plan (shopify.dev, "API rate limits"): restore rates of 100,
#: 200, 1000 and 2000 points per second; the bucket holds 20 seconds of restore (a dev store
#: reports 2000 / 100).
PLANS: dict[str, Plan] = {
    "standard": Plan("standard", 2000.0, 100.0),
    "advanced": Plan("advanced", 4000.0, 200.0),
    "plus": Plan("plus", 20000.0, 1000.0),
    "enterprise": Plan("enterprise", 40000.0, 2000.0),
}


def plan_named(name: str) -> Plan:
    """Return the plan called `name` (case-insensitive).

    Raises:
        KeyError: no such plan.
    """
    key = name.strip().lower()
    if key not in PLANS:
        raise KeyError(f"unknown plan {name!r}; expected one of {', '.join(PLANS)}")
    return PLANS[key]
