"""Reading the corpus files: JSON with a comment per case, long values written compactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def expand(value: Any) -> Any:
    """Expand {"$repeat": s, "times": n}, {"$list": "t{i}", "times": n} and joined lists."""
    if isinstance(value, dict):
        if "$repeat" in value:
            return value["$repeat"] * value["times"]
        if "$list" in value:
            return [value["$list"].format(i=i) for i in range(value["times"])]
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [expand(v) for v in value]
        if any(isinstance(v, dict) and "$repeat" in v for v in value):
            return "".join(items)
        return items
    return value


def load(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text("utf-8"))["cases"]
