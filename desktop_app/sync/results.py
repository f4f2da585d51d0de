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


#: The history's resources of the recorded runs that are not syncs: order actions
#: (`sync.orders.ACTIONS_RESOURCE`) and the commands that belong to no shop
#: (`sync.local_runs`: customers import/set/delete, items import, document postings).
ORDER_ACTIONS = "order-actions"
LOCAL_CUSTOMERS = "local-customers"
LOCAL_ITEMS = "local-items"
LOCAL_DOCUMENTS = "local-documents"
LOCAL_SETUP = "local-setup"  # templates, country templates, tax areas (sync/setup_runs.py)
#: Links and Web Upload ticks changed by hand: runs OF A SHOP recorded by sync/local_runs.py
#: (not under the shop's sync lock, so a sync does not take them for dead runs of its own).
CUSTOMER_LINKS = "customer-links"
LOCAL_RESOURCES: tuple[str, ...] = (LOCAL_CUSTOMERS, LOCAL_ITEMS, LOCAL_DOCUMENTS, LOCAL_SETUP)

#: Every resource a run in the history can have (`shop-sync log --resource`).
RECORDED_RESOURCES: tuple[str, ...] = (*(r.value for r in Resource), ORDER_ACTIONS,
                                       CUSTOMER_LINKS, *LOCAL_RESOURCES)


#: The code of a failure nothing more precise was given for (CLI.md: every error has one).
UNEXPECTED = "unexpected"


def issue_code(exc: BaseException, default: str = UNEXPECTED) -> str:
    """The stable code of the failure an exception stands for: its own (`AppError.code`,
    a `RecordError` given one), else `default`."""
    code = getattr(exc, "code", None)
    return code if isinstance(code, str) and code else default


@dataclass(frozen=True)
class RecordIssue:
    """One record that failed or was skipped, with the field at fault (may be blank) and a
    stable snake_case `code` (CLI.md "More JSON"; the window translates by it, the message
    stays the English fallback; `sync.issue_codes` lists them).

    `repeated`: the last completed run of the resource failed on this record with the same
    field and message ("still failing", not a new problem).
    """

    record: str
    field: str
    message: str
    repeated: bool = False
    code: str = UNEXPECTED


@dataclass(frozen=True)
class RecordWarning:
    """Done, but the merchant should look (CLI.md "warnings"): the record, the field, a
    stable snake_case `code` and the message."""

    record: str
    field: str
    code: str
    message: str


@dataclass
class SyncResult:
    """Counts of one run; the JSON shape is the CLI contract (../shared/CLI.md).

    `still_failing` counts the failures that repeat one of the last completed run exactly
    (see `RecordIssue.repeated`); `failed - still_failing` are new.
    """

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
    still_failing: int = 0
    warnings: list[RecordWarning] = field(default_factory=list)

    @property
    def newly_failed(self) -> int:
        return self.failed - self.still_failing

    def fail(self, record: str, field_name: str, message: str, *,
             repeated: bool = False, code: str = UNEXPECTED) -> RecordIssue:
        issue = RecordIssue(record, field_name, message, repeated, code)
        self.failed += 1
        if repeated:
            self.still_failing += 1
        self.errors.append(issue)
        return issue

    def warn(self, record: str, field_name: str, code: str, message: str) -> RecordWarning:
        """Note something done that the merchant should look at (not a failure)."""
        warning = RecordWarning(record, field_name, code, message)
        self.warnings.append(warning)
        return warning

    def to_json(self) -> dict:
        data = asdict(self)
        data["api_cost"] = round(self.api_cost, 1)
        data["seconds"] = round(self.seconds, 3)
        return data
