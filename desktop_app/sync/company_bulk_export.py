"""The first export of many new companies by bulk mutation (issue 21).

One by one, a new company costs three requests and about 22 points: a `CompanySearch` by
external id before the create (so a create whose answer was lost is linked, not made twice),
`CompanyCreate` (its main contact and first location in the input) and a `CompanyById`
read-back. Shopify runs any Admin API mutation in bulk (the changelog "Faster bulk
operations": every mutation, every API version), so from the Shop Card's
`bulk_write_threshold` new companies at once (the customers' setting), `CompanyBulkCreate`
does instead:

1. one bulk export of the external id of every Shopify company (BulkCompanyKeys, a few points
   whatever the count): an organisation whose customer no. Shopify already holds goes the
   one-by-one way (its search links that company), the others are created;
2. one bulk mutation of `companyCreate` lines (BulkCompanyCreate, the same input as
   CompanyCreate, at most `BATCH` companies an operation): each result line carries the
   created company whole (the fields of CompanyById), so nothing is read back; a line's
   `userErrors` are that organisation's errors (code `shopify_refused`, the field path as one
   by one names it), the rest is staged, linked, counted and recorded as one by one does
   (`CompanyExport.finish_create`, which also creates the further locations one by one: the
   create takes only the first).

Idempotent. Before a batch starts, it is recorded in the companies' sync state
(`bulk_company_creates`: the batch's `batch_mark`, the customer nos. in line order, and the
operation's id as soon as it runs). A run stopped after that adopts the batch first thing
(`adopt_recorded`): the operation, running or finished, found by its id or else by its text,
is waited for and its result lines linked by line number; a batch that never reached Shopify
is dropped (its organisations are created by this run, after the check of 1). When Shopify
refuses the bulk operation or it fails, the batch goes one by one, whose search finds and
links what the operation may have created; a `sync --preview` gets no upload target and goes
that way too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from desktop_app.errors import AppError, BulkOperationError, RecordError
from desktop_app.records.companies import CompanyRecord
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.bulk_mutations import (
    LineResult,
    batch_mark,
    run_bulk_mutation,
)
from desktop_app.shopify.company_records import company_record
from desktop_app.sync.context import ShopJob
from desktop_app.sync.customer_bulk_export import (
    ExportBulkWrite,
    adopt_creates,
    batch_since,
    chunks,
    hold_back,
    read_keys,
)
from desktop_app.sync.rules import companies as company_rules

log = logging.getLogger(__name__)

MUTATION = "BulkCompanyCreate"
KEYS_QUERY = "BulkCompanyKeys"
#: The batches of this run and of a run that stopped (see the module docstring).
BULK_COMPANY_CREATES = "bulk_company_creates"
#: Companies per bulk operation: about 1.5 kB a line, far below the 15 MiB of one upload.
BATCH = 5_000
#: Organisations prepared (a few ms each: their addresses read) between two turns of the event
#: loop, so that the window never stalls; each settled company gives the loop a turn too.
YIELD_EVERY = 5
#: A failure whose outcome the next run settles.
LATER = "(it will be checked again on the next sync)"


class CompanyExporter(ShopJob):
    """What the bulk create needs of the companies' export (`companies.CompanyExport`, which
    imports this module, not the other way round)."""

    def prepared(self, no: str) -> company_rules.PreparedCompany | None:
        """The export inputs of organisation `no`; None (its issues reported) when it cannot
        be sent."""
        raise NotImplementedError

    async def finish_create(self, no: str, prepared: company_rules.PreparedCompany | None,
                            fetched: CompanyRecord) -> None:
        """Company `fetched` was created for `no`: its further locations, then staged,
        linked, counted and recorded."""
        raise NotImplementedError


class CompanyBulkCreate(ExportBulkWrite[CompanyExporter]):
    """Creates the new companies of one export run in bulk (see the module docstring).

    Attributes:
        threshold: from how many new companies the bulk way is taken (the Shop Card's
            `bulk_write_threshold`).
        stats: what the bulk writes of this run did (operations, lines, adoptions).
        batches: the batches recorded in the companies' sync state.
        unsettled: organisations of a stopped run's batch that could not be read back: never
            created again while it may still be running.
    """

    def __init__(self, export: CompanyExporter, resource: str) -> None:
        super().__init__(export, BULK_COMPANY_CREATES, resource)
        self.unsettled: set[str] = set()

    # --- a run that stopped ---------------------------------------------------------------

    async def adopt_recorded(self) -> None:
        """Settle the batches a stopped run recorded: link what their operations created."""

        async def settle(nos: list[str], results: list[LineResult]) -> None:
            for no, result in zip(nos, results, strict=True):
                await self._settle(no, None, result)

        async def forget(mark: str) -> None:
            self.batches.forget(mark)

        self.unsettled |= await adopt_creates(self.client, self.batches, MUTATION,
                                              "companies", self.stats, settle, forget)

    # --- this run -------------------------------------------------------------------------

    async def run(self, nos: Sequence[str]) -> list[str]:
        """Create the organisations `nos` (none linked yet) in bulk when they are at least the
        threshold; returns those left for the one-by-one way, in order (all of them below the
        threshold, or when Shopify's companies cannot be listed)."""
        hold_back(self.ctx, [no for no in nos if no in self.unsettled], "company")
        nos = [no for no in nos if no not in self.unsettled]
        if len(nos) < self.threshold:
            return list(nos)
        held = await read_keys(self._external_ids(), "companies", self.shop)
        if held is None:
            return list(nos)
        left = [no for no in nos if no in held]
        creates: list[tuple[str, company_rules.PreparedCompany]] = []
        for index, no in enumerate(nos):
            if index % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # the window's event loop stays free meanwhile
            prepared = None if no in held else self.export.prepared(no)  # reports its issues
            if prepared is not None:
                creates.append((no, prepared))
        for batch in chunks(creates, BATCH):
            left.extend(await self._create(batch))
        return left

    async def _external_ids(self) -> set[str]:
        held: set[str] = set()
        async for node in run_bulk_query(self.client, KEYS_QUERY):
            if node.get("externalId"):
                held.add(str(node["externalId"]))
        return held

    async def _create(self, batch: Sequence[tuple[str, company_rules.PreparedCompany]],
                      ) -> list[str]:
        """One bulk companyCreate of `batch`; returns the organisations left for one by one
        (all of them when Shopify refused or failed the operation)."""
        lines = [{"input": prepared.create_input} for _no, prepared in batch]
        nos = [no for no, _prepared in batch]
        mark = batch_mark(MUTATION, lines)
        self.batches.add(mark, batch_since(self.client), nos=nos)
        try:
            results = await run_bulk_mutation(
                self.client, MUTATION, lines, stats=self.stats,
                on_started=lambda _start, _end, operation: self.batches.started(mark, operation))
        except BulkOperationError as exc:  # refused, failed, a preview: one by one, search first
            log.warning("companies of shop %s: bulk create not possible (%s); exporting %s "
                        "companies one by one", self.shop, exc, len(batch))
            self.batches.forget(mark)
            return nos
        except AppError as exc:  # broke off: the next run adopts the operation
            for no in nos:
                self.ctx.fail(no, "", f"{exc} {LATER}", code="retry_later")
            return []
        for (no, prepared), result in zip(batch, results, strict=True):
            await self._settle(no, prepared, result)
        self.batches.forget(mark)
        log.info("companies of shop %s: %s companies created in bulk", self.shop,
                 sum(r.ok for r in results))
        return []

    # --- results --------------------------------------------------------------------------

    async def _settle(self, no: str, prepared: company_rules.PreparedCompany | None,
                      result: LineResult) -> None:
        """Link, record and count the company line `result` created for `no` (`prepared`:
        its export inputs, None for a stopped run's line: prepared again now); a failed line
        is that organisation's error (userErrors: not created; no result: the next run's
        search settles it)."""
        await asyncio.sleep(0)  # staging a company takes a few ms: the loop gets a turn
        company = (result.payload or {}).get("company") if result.ok else None
        if isinstance(company, dict) and company.get("id"):
            fetched: CompanyRecord = company_record(company)
            try:
                await self.export.finish_create(no, prepared, fetched)
            except (AppError, RecordError) as exc:
                self.ctx.fail(no, "", f"{exc} {LATER}", code="retry_later")
            return
        if result.user_errors:
            for item in result.user_errors:
                self.ctx.fail(no, item.field_path, item.message, code="shopify_refused")
        else:
            self.ctx.fail(no, "", f"{result.error or 'Shopify created no company'} {LATER}",
                          code="retry_later")
