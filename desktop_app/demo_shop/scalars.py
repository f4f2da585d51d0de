"""The text forms Shopify gives ids and times: GIDs (``gid://shopify/Customer/<id>``) and
DateTime (``2026-01-02T03:04:05Z``, UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar


def make_gid(type_name: str, numeric_id: int) -> str:
    """``gid://shopify/<type_name>/<numeric_id>``."""
    return f"gid://shopify/{type_name}/{numeric_id}"


def parse_gid(gid: str) -> tuple[str, int] | None:
    """The (type name, numeric id) of a Shopify GID, or None when it is not one.

    Query parameters such as ``?model_name=CustomerAddress`` are ignored.
    """
    if not isinstance(gid, str) or not gid.startswith("gid://shopify/"):
        return None
    rest = gid[len("gid://shopify/") :].split("?", 1)[0]
    parts = rest.split("/")
    if len(parts) != 2 or not parts[0] or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


def iso(moment: datetime | None) -> str | None:
    """Shopify's DateTime text (``2026-01-02T03:04:05Z``) for a UTC datetime."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str | None) -> datetime | None:
    """A tz-aware UTC datetime from ISO 8601 text (``Z`` or an offset), or None."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Node:
    """Mixin for the demo shop's records with a GID built from the class's GraphQL type name
    (slotted: it adds no attribute of its own)."""

    __slots__ = ()

    TYPENAME: ClassVar[str]
    id: int

    @property
    def gid(self) -> str:
        return make_gid(self.TYPENAME, self.id)


class LegacyNode(Node):
    """A :class:`Node` whose GraphQL type also has ``legacyResourceId``: its numeric id."""

    __slots__ = ()

    @property
    def legacy_resource_id(self) -> int:
        return self.id
