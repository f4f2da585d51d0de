"""Reading the corpus files: JSON with a comment per case, long values written compactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def fill(value: Any, marks: dict[str, str]) -> Any:
    """`value` with each mark ("{i}") replaced in every string it holds."""
    if isinstance(value, str):
        for mark, text in marks.items():
            value = value.replace(mark, text)
        return value
    if isinstance(value, dict):
        return {k: fill(v, marks) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, marks) for v in value]
    return value


def expand(value: Any) -> Any:
    """Expand {"$repeat": s, "times": n}, {"$list": "t{i}", "times": n},
    {"$each": object, "times": n} and joined lists."""
    if isinstance(value, dict):
        if "$repeat" in value:
            return value["$repeat"] * value["times"]
        if "$list" in value:
            return [value["$list"].format(i=i) for i in range(value["times"])]
        if "$each" in value:
            return [expand(fill(value["$each"], {"{i}": str(i)}))
                    for i in range(value["times"])]
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [expand(v) for v in value]
        if any(isinstance(v, dict) and "$repeat" in v for v in value):
            return "".join(items)
        return items
    return value


def load(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text("utf-8"))["cases"]
