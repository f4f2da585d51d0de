"""What a sync run reports: counts, per-record errors and API cost (Qt-free values)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # only a type here: the history's rows (sync reads the store)
    from desktop_app.store.runs import RunRow


class Resource(StrEnum):
    CUSTOMERS = "customers"
    COMPANIES = "companies"
    ORDERS = "orders"
    SHIPMENTS = "shipments"
    INVOICES = "invoices"
    GIFT_CARDS = "gift-cards"


#: The history's resources of the recorded runs that are not syncs: order actions (they
#: change data, so they are recorded runs; apart from "orders" so that a sync's "still
#: failing" compares with syncs only) and the commands that belong to no shop
#: (`sync.local_runs`: customers import/set/delete, items import, document postings).
ORDER_ACTIONS = "order-actions"
LOCAL_CUSTOMERS = "local-customers"
LOCAL_ITEMS = "local-items"
LOCAL_DOCUMENTS = "local-documents"
LOCAL_SETUP = "local-setup"  # templates, country templates, tax areas (sync/setup_runs.py)
LOCAL_DATABASE = "local-database"  # `database copy` (sync/database_copy.py)
#: Conflicts of two-way customer edits resolved by the merchant (`conflicts resolve`, the
#: Conflicts view): runs of a shop recorded by `SyncService.run_action` (issue 19).
CUSTOMER_CONFLICTS = "customer-conflicts"
#: The sync resource the result of each kind of action run counts in (`SyncService.run_action`).
ACTION_RESULTS: dict[str, str] = {ORDER_ACTIONS: "orders", CUSTOMER_CONFLICTS: "customers"}
#: Links and Web Upload ticks changed by hand: runs OF A SHOP recorded by sync/local_runs.py
#: (not under the shop's sync lock, so a sync does not take them for dead runs of its own).
CUSTOMER_LINKS = "customer-links"
LOCAL_RESOURCES: tuple[str, ...] = (LOCAL_CUSTOMERS, LOCAL_ITEMS, LOCAL_DOCUMENTS, LOCAL_SETUP,
                                    LOCAL_DATABASE)

#: Every resource a run in the history can have (`shop-sync log --resource`).
RECORDED_RESOURCES: tuple[str, ...] = (*(r.value for r in Resource), ORDER_ACTIONS,
                                       CUSTOMER_CONFLICTS, CUSTOMER_LINKS, *LOCAL_RESOURCES)


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
    #: The details the message is worded from (`sync.issue_codes.say`: SKU, name, field...),
    #: for the window's translation; {} when the message has none. Left out of equality.
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RecordWarning:
    """Done, but the merchant should look (CLI.md "warnings"): the record, the field, a
    stable snake_case `code` and the message (`params`: as for `RecordIssue`)."""

    record: str
    field: str
    code: str
    message: str
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


#: The sides a run writes to (`SyncResult.count`): the shop in Shopify, the local database.
Side = Literal["shopify", "local"]
SHOPIFY: Side = "shopify"
LOCAL: Side = "local"
#: What a run did to a record of a side: made it, changed it, or linked it to an existing
#: record of the other side (nothing made; a link lives in the local database).
Change = Literal["created", "updated", "linked"]
CREATED: Change = "created"
UPDATED: Change = "updated"
LINKED: Change = "linked"


#: What a change to one record was (CLI.md `sync ... --preview`: "action").
Action = Literal["create", "update", "link", "skip", "fail"]


@dataclass(frozen=True)
class RecordChange:
    """One record a run changed (or, previewed, would change) on one side (issue 19).

    `record`: the record as the merchant knows it (a customer number, an order's name, an
    e-mail); `key`: its stable key for the per-record history, `KIND:ID` (`customer:C00012`,
    `order:gid://shopify/Order/1`, `company:...`, `document:SO000004`, `gift_card:...`);
    `fields`: NAME -> (old, new) of the values written, JSON values (old None on a create).
    The preview lists them (`sync --preview`); a real run stores them with the run, which is
    what the per-record history shows.
    """

    record: str
    side: Side
    action: Action
    key: str = ""
    fields: dict[str, tuple[object, object]] = field(default_factory=dict, compare=False,
                                                     hash=False)
    #: Why a record would fail (action "fail" of a preview's list): its field, code, message.
    issue: RecordIssue | None = field(default=None, compare=False, hash=False)

    def as_json(self) -> dict[str, object]:
        """CLI.md's shape: {"record", "side", "action", "fields": {NAME: [OLD, NEW]}} (and
        "key", an extra)."""
        return {"record": self.record, "side": self.side, "action": self.action,
                "key": self.key,
                "fields": {name: [old, new] for name, (old, new) in self.fields.items()}}


@dataclass
class SideCounts:
    """The records of one side a run created, updated or linked (issue 18)."""

    created: int = 0
    updated: int = 0
    linked: int = 0


@dataclass
class SyncResult:
    """Counts of one run; the JSON shape is the CLI contract (../shared/CLI.md).

    `still_failing` counts the failures that repeat one of the last completed run exactly
    (see `RecordIssue.repeated`); `failed - still_failing` are new.

    `shopify` and `local` say which way records went (issue 18): each record a job writes is
    counted there by `count`, at the place of the write, and in the totals `created` and
    `updated` (a link counts as updated, as it always has). `conflicts`: processed orders
    that changed in Shopify after their document was made, to resolve by hand (each one
    also a warning with the code `order_conflict`).
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
    shopify: SideCounts = field(default_factory=SideCounts)
    local: SideCounts = field(default_factory=SideCounts)
    conflicts: int = 0
    #: Each record changed, in the order of the writes (`record_change`); not in `to_json`'s
    #: counts (a preview prints them as "changes").
    changes: list[RecordChange] = field(default_factory=list)
    #: A preview's result only (`SyncService.sync(preview=True)`): the names of the
    #: mutations it held instead of sending them, in order; not in `to_json`.
    held: list[str] = field(default_factory=list)

    def record_change(self, change: RecordChange) -> None:
        """Keep what was (or, previewed, would be) done to one record (issue 19)."""
        self.changes.append(change)

    @property
    def newly_failed(self) -> int:
        return self.failed - self.still_failing

    def count(self, side: Side, change: Change, n: int = 1, *, total: bool = True) -> None:
        """`n` records of `side` were created, updated or linked: counted in the side's
        breakdown and, unless `total` is False (the record is already in the totals by
        what was done on its other side, or was never counted there), in the totals."""
        counts = getattr(self, side)
        setattr(counts, change, getattr(counts, change) + n)
        if total:
            if change == CREATED:
                self.created += n
            else:
                self.updated += n

    def summary(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """What the run did, as the window and the command line word it ("Shopify: 7 created
        · Local: 87 linked, 3 updated · 2 failed"): groups of (kind, count), only the counts
        that are not 0, only the groups with any: `SHOPIFY`'s and `LOCAL`'s created, linked
        and updated; "" the totals no side accounts for (a run that counts no sides), then
        skipped and failed; "conflicts" the conflicts to resolve."""
        sided_created = self.shopify.created + self.local.created
        sided_updated = sum(s.updated + s.linked for s in (self.shopify, self.local))
        groups = [
            (SHOPIFY, [(k, getattr(self.shopify, k)) for k in (CREATED, LINKED, UPDATED)]),
            (LOCAL, [(k, getattr(self.local, k)) for k in (CREATED, LINKED, UPDATED)]),
            ("", [(CREATED, self.created - sided_created),
                  (UPDATED, self.updated - sided_updated),
                  ("skipped", self.skipped), ("failed", self.failed)]),
            ("conflicts", [("conflicts", self.conflicts)]),
        ]
        found = [(name, [(k, n) for k, n in counts if n > 0]) for name, counts in groups]
        return [(name, counts) for name, counts in found if counts]

    @classmethod
    def combined(cls, resource: str, results: list[SyncResult]) -> SyncResult:
        """The counts of several runs added up (`sync all`'s summary), without their issues."""
        total = cls(resource)
        for r in results:
            for name in ("created", "updated", "skipped", "failed", "conflicts"):
                setattr(total, name, getattr(total, name) + getattr(r, name))
            for side in (SHOPIFY, LOCAL):
                for change in (CREATED, UPDATED, LINKED):
                    total.count(side, change, getattr(getattr(r, side), change), total=False)
        return total

    @classmethod
    def of_run(cls, run: RunRow) -> SyncResult:
        """The counts of a recorded run, by side when it kept them (`sync_run.sides`, issue
        18; a run recorded before shows its totals), without its issues: what the history
        words as a sync's summary."""
        result = cls(run.resource, created=run.created, updated=run.updated,
                     skipped=run.skipped, failed=run.failed,
                     conflicts=int(run.sides.get("conflicts") or 0))
        for side in (SHOPIFY, LOCAL):
            for change, n in (run.sides.get(side) or {}).items():
                if change in (CREATED, UPDATED, LINKED):
                    result.count(side, change, int(n), total=False)
        return result

    def counted(self) -> tuple[int, int, int, SideCounts, SideCounts]:
        """The counts so far, to put back with `restore` when the work they count is
        rolled back."""
        return self.created, self.updated, self.skipped, replace(self.shopify), replace(
            self.local)

    def restore(self, counts: tuple[int, int, int, SideCounts, SideCounts]) -> None:
        self.created, self.updated, self.skipped, self.shopify, self.local = counts

    def fail(self, record: str, field_name: str, message: str, *,
             repeated: bool = False, code: str = UNEXPECTED,
             params: dict[str, str] | None = None) -> RecordIssue:
        issue = RecordIssue(record, field_name, message, repeated, code, params or {})
        self.failed += 1
        if repeated:
            self.still_failing += 1
        self.errors.append(issue)
        return issue

    def warn(self, record: str, field_name: str, code: str, message: str,
             params: dict[str, str] | None = None) -> RecordWarning:
        """Note something done that the merchant should look at (not a failure)."""
        warning = RecordWarning(record, field_name, code, message, params or {})
        self.warnings.append(warning)
        return warning

    def to_json(self) -> dict:
        # Without the change list (what a preview prints as "changes" and the history
        # keeps; `asdict` would deep-copy its 10,000 entries only to drop them: 4 s) and a
        # preview's `held` (`sync.preview.preview_json`).
        data = asdict(replace(self, changes=[], held=[]))
        del data["changes"], data["held"]
        for entry in (*data["errors"], *data["warnings"]):
            if not entry["params"]:
                del entry["params"]  # only the messages worded from details have them
        data["api_cost"] = round(self.api_cost, 1)
        data["seconds"] = round(self.seconds, 3)
        return data
