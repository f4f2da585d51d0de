"""The job context: what one run of a sync job (or an order action) is given.

`SyncService` makes one `JobContext` per run and hands it to the resource's job (`jobs.py`);
the jobs only read it and report through it. It lives apart from the service so that the jobs
import it at the top while the service imports the jobs: the imports point one way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from desktop_app.records.settings import ShopSettings
from desktop_app.sync.results import UNEXPECTED, RecordIssue, SyncResult

if TYPE_CHECKING:  # the service builds the client when a run starts: a command that runs none
    # need not load httpx and graphql-core (tests/unit/test_start_imports.py)
    from desktop_app.shopify.client import ShopifyClient


class Reporter(Protocol):
    """Where a run reports as it goes (the engine's signals, or nothing)."""

    def progress(self, done: int, total: int) -> None: ...

    def issue(self, issue: RecordIssue) -> None: ...


class NullReporter:
    """A reporter that reports nowhere (the command line, order actions, side runs)."""

    def progress(self, done: int, total: int) -> None:
        pass

    def issue(self, issue: RecordIssue) -> None:
        pass


@dataclass
class JobContext:
    """Everything one job run gets: the shop, its client, where to report.

    `previous_failures`: (record, field, message) of the last completed run of the same
    resource, so a failure repeating one of them is reported as still failing.
    `retry_failed`: the merchant asked to retry the failed records (history window's Retry
    failed, `sync --retry-failed`): every one is decided again, none carried over unchanged.
    """

    shop_code: str
    client: ShopifyClient
    result: SyncResult
    reporter: Reporter
    run_id: int
    previous_failures: frozenset[tuple[str, str, str]] = frozenset()
    retry_failed: bool = False

    def fail(self, record: str, field_name: str, message: str, *,
             code: str = UNEXPECTED, params: dict[str, str] | None = None) -> None:
        """A record failed: `code` is its stable snake_case kind (`sync.issue_codes`),
        `params` the details its message is worded from (`issue_codes.say`)."""
        repeated = (record, field_name, message) in self.previous_failures
        self.reporter.issue(self.result.fail(record, field_name, message, repeated=repeated,
                                             code=code, params=params))

    def aside(self, resource: str) -> JobContext:
        """A context on the same shop, client and run whose counts, failures and warnings
        are kept apart in a result of its own (`resource`) and reported nowhere: for work a
        job does on the side that is not what its run counts (the invoice export importing
        the order it made, an order's customer matched by the customers' rules)."""
        return JobContext(self.shop_code, self.client, SyncResult(resource), NullReporter(),
                          self.run_id)


class ShopJob:
    """What a job of one shop (or a part of one) keeps of its run: the context, the shop's
    code, its client and its settings."""

    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.client = ctx.client
        self.settings = settings


#: A sync job: the coroutine function the service runs for one resource.
Job = Callable[[JobContext], Awaitable[None]]
