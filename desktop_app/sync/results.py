"""What a sync run reports: counts, per-record errors and API cost (Qt-free values)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Resource(StrEnum):
    CUSTOMERS = "customers"
    COMPANIES = "companies"
    ORDERS = "orders"
    SHIPMENTS = "shipments"
    INVOICES = "invoices"
    GIFT_CARDS = "gift-cards"


@dataclass(frozen=True)
class RecordIssue:
    """One record that failed or was skipped, with the field at fault (may be blank)."""

    record: str
    field: str
    message: str


@dataclass
class SyncResult:
    """Counts of one run; the JSON shape is the CLI contract (../shared/CLI.md)."""

    resource: str
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[RecordIssue] = field(default_factory=list)
    api_cost: float = 0.0
    requests: int = 0
    seconds: float = 0.0
    cancelled: bool = False

    def fail(self, record: str, field_name: str, message: str) -> None:
        self.failed += 1
        self.errors.append(RecordIssue(record, field_name, message))

    def to_json(self) -> dict:
        data = asdict(self)
        data["api_cost"] = round(self.api_cost, 1)
        data["seconds"] = round(self.seconds, 3)
        return data
