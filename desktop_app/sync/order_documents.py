"""The sales documents of imported orders (seed 003 step 3, issue 14's money rules).

`OrderDocuments.create` makes the document of one order from the order as it is now: its
customer decided again when it has none, its items, its shipping mapped, the refunds made
before it taken in (`refunds.document_absorption`: they never get a credit memo), its ship-to
and payment terms; the document and its link to the order are written in one transaction, so
a kill leaves both or neither. Whatever keeps an order from its document becomes the order's
error, stored with the fingerprint of its causes (`causes`); `decide_failed_again` decides a
failed order anew when one of them changed (errors follow their causes). An order refunded in
full before its document gets none (`fully_refunded` warning).

The orders job (`sync/orders.py`) reads the order again first when its import lacks the money
side the shop now uses, and writes the document number back to Shopify after.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from desktop_app.errors import AppError, NotFoundError, RecordError, ShopifyError
from desktop_app.records.orders import OrderRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.store import companies as company_store
from desktop_app.store import order_lifecycle as lifecycle
from desktop_app.store import orders as store
from desktop_app.store import payment_methods
from desktop_app.store.customer_templates import list_tax_areas
from desktop_app.store.customers import get_customer
from desktop_app.store.database import transaction
from desktop_app.store.document_tax import set_document_tax_area
from desktop_app.store.shops import get_shop
from desktop_app.sync import record_changes
from desktop_app.sync import refunds as refund_sync
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.county_sources import shop_county_sources
from desktop_app.sync.document_tax import document_no, order_tax_area, tax_area_priority
from desktop_app.sync.issue_codes import problem_code
from desktop_app.sync.order_parties import OrderParties
from desktop_app.sync.order_refund_reads import RefundReads
from desktop_app.sync.results import CREATED, LOCAL, UPDATED
from desktop_app.sync.rules import document_header
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.county import CountyRow
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.problems import Problem
from desktop_app.sync.rules.records import ShopifyAddressIn

log = logging.getLogger(__name__)


class OrderDocuments(ShopJob):
    """The sales documents of one shop's orders, for one run."""

    def __init__(self, ctx: JobContext, settings: ShopSettings, parties: OrderParties,
                 refund_reads: RefundReads | None = None) -> None:
        super().__init__(ctx, settings)
        self.parties = parties
        #: Refunds this run's import read in full (issue 21: not read again for the document).
        self.refund_reads = refund_reads
        #: Refunds read in full for the document of an order refunded before it (issue 14),
        #: and what each planned document takes in of them (`refunds.document_absorption`).
        self._refund_details: dict[str, dict[str, Any]] = {}
        self._absorptions: dict[str, Any] = {}
        #: `lifecycle.shop_causes` of this run (errors follow their causes), made once.
        self._shop_causes: str | None = None

    async def decide_customer_again(self, gid: str, stored: OrderRecord | None = None
                                    ) -> list[Problem] | None:
        """Decide again the customer of an unprocessed order that has none (errors follow
        their causes: a default customer, a template or a setting may have been set since);
        returns why there is still none ([] when found), None when nothing was decided.
        `stored`: the order as the store holds it, when the caller has just read it."""
        row = store.get_order(self.shop, gid)
        if row.processed or row.sell_to_customer_no or row.cancelled:
            return None
        record = stored if stored is not None else store.load_order_record(self.shop, gid)
        problems: list[Problem] = []
        notes: list[str] = []
        b2b: dict[str, str] = {}
        sell, bill = await self.parties.sell_and_bill_to(record, row, problems, notes, b2b)
        with transaction():
            if sell or bill:
                store.set_customer(self.shop, gid, sell, bill)
            lifecycle.set_decision(self.shop, gid, note="; ".join(notes), b2b=b2b)
        return problems

    def causes(self, record: OrderRecord) -> str:
        """The fingerprint of what the order's error depends on (`lifecycle.error_causes`)."""
        return self._causes_of([ln.sku for ln in record.lines],
                               [s.title for s in record.shipping_lines if not s.is_removed])

    def _causes_of(self, skus: Iterable[str], titles: Iterable[str]) -> str:
        if self._shop_causes is None:  # settings and templates stay as they are for a run
            self._shop_causes = lifecycle.shop_causes(self.shop, self.settings)
        return lifecycle.error_causes(self.shop, self._shop_causes, skus, titles)

    def _document_problems(self, row: store.OrderRow, record: OrderRecord,
                           doc_settings: rules.DocumentSettings,
                           customer_problems: list[Problem] | None
                           ) -> tuple[list[Problem], rules.DocumentPlan]:
        """Everything that keeps an order from its document now, decided anew each time
        (a document kept at an unlink, items, customer, the plan's own problems), and the
        plan."""
        problems: list[Problem] = []
        kept = lifecycle.kept_documents(self.shop, row.shopify_id)
        if kept:
            problems.append(Problem("document", lifecycle.kept_error(kept)))
        items = self.parties.items(record, problems)
        if not row.sell_to_customer_no:
            problems.extend(customer_problems or [Problem(
                "customer", row.error_message or "the order has no customer: assign one")])
        titles = [s.title for s in record.shipping_lines if not s.is_removed]
        mappings = {t: rules.ShippingMapping(m.title, m.shipment_method_code, m.charge_type,
                                             m.charge_no)
                    for t, m in store.shipment_mappings(self.shop, titles).items()}
        plan = rules.build_document(record, doc_settings, items, mappings)
        plan, self._absorptions[record.shopify_id] = refund_sync.document_absorption(
            record, plan, self.settings, self._refund_details.get(record.shopify_id, {}))
        problems.extend(plan.problems)
        return list(dict.fromkeys(problems)), plan

    def _set_problems(self, gid: str, record: OrderRecord,
                      problems: list[Problem]) -> tuple[str, str]:
        """Store the order's error ("" clears it) with the fingerprint of its causes;
        returns the fields and the message."""
        message = "; ".join(dict.fromkeys(p.message for p in problems))
        with transaction():
            store.set_order_error(self.shop, gid, message)
            if problems:
                lifecycle.set_error_causes(self.shop, gid, self.causes(record))
        return ", ".join(dict.fromkeys(p.field for p in problems)), message

    async def decide_failed_again(self) -> int:
        """Decide again each failed order whose causes changed since its error was decided
        (settings, templates, default customers, items, shipping mappings, a kept
        document): the error goes when its cause went, without a resync by hand. Returns
        how many were decided again; those still failing are reported."""
        doc_settings = rules.DocumentSettings.from_shop(self.settings)
        decided = 0
        for failed in lifecycle.failed_orders(self.shop):
            gid = failed.shopify_id
            if failed.error_causes and failed.error_causes == self._causes_of(
                    failed.skus, failed.shipping_titles):
                continue  # nothing it depends on changed: the same error again
            record = store.load_order_record(self.shop, gid)
            decided += 1
            try:
                customer_problems = await self.decide_customer_again(gid, record)
            except (RecordError, ShopifyError) as exc:
                self.ctx.fail(record.name or gid, getattr(exc, "field", "") or "customer",
                              getattr(exc, "reason", "") or str(exc), code=exc.code)
                continue
            row = store.get_order(self.shop, gid)
            problems, _plan = self._document_problems(row, record, doc_settings,
                                                      customer_problems)
            if self._skip_fully_refunded(gid, record, _plan, problems):
                continue  # failed as "nothing left to invoice" before issue 14
            fields, message = self._set_problems(gid, record, problems)
            if problems:
                self.ctx.fail(record.name or gid, fields, message,
                              code=problem_code(fields.split(",")))
            else:
                self.ctx.result.count(LOCAL, UPDATED)
                self.ctx.result.record_change(record_changes.order_change(
                    gid, record.name, LOCAL, "update",
                    {"error": (row.error_message or None, None)}))
                log.info("order %s: its error is gone (decided again)", record.name)
        return decided

    async def create(self, gid: str, doc_settings: rules.DocumentSettings,
                     stored: OrderRecord | None = None) -> str | None:
        """The sales document of one imported order: its customer decided again when it has
        none, the refunds made before it read in full (issue 14: the document takes them
        in), then made and linked to the order in one transaction (`_create_document`).
        Returns its number, None when there is none to make (processed already, refunded
        in full).

        `stored` is the order as the store holds it when the caller has just read it (none
        of these steps writes what it holds): each step would read it again, which for an
        order of many lines cost more than the rest of its document.

        Raises:
            RecordError: what keeps the order from its document (also kept as its error).
            ShopifyError: a read from Shopify failed.
        """
        customer_problems = await self.decide_customer_again(gid, stored)
        self._refund_details[gid] = await refund_sync.details_for_document(
            self.ctx, self.settings, gid, self.refund_reads, stored)
        return self._create_document(gid, doc_settings, customer_problems, stored)

    def _create_document(self, gid: str, doc_settings: rules.DocumentSettings,
                         customer_problems: list[Problem] | None = None,
                         stored: OrderRecord | None = None) -> str | None:
        row = store.get_order(self.shop, gid)
        if row.processed:
            self.ctx.result.skipped += 1
            return None
        record = stored if stored is not None else store.load_order_record(self.shop, gid)
        name = record.name or gid
        problems, plan = self._document_problems(row, record, doc_settings, customer_problems)
        if self._skip_fully_refunded(gid, record, plan, problems):
            return None
        if problems:
            fields, message = self._set_problems(gid, record, problems)
            raise RecordError(name, fields, message)
        assert plan.document_date is not None
        terms = document_header.document_terms(
            row.payment_terms_code, plan.document_date,
            [document_header.TermsTemplate(t.payment_terms_code, t.terms_type, t.due_in_days,
                                           t.name)
             for t in company_store.payment_terms_rows(self.shop)])
        ship_to = self._document_ship_to(row, record)
        tax = order_tax_area(self.shop, tax_area_priority(self.settings), record,
                             row.sell_to_customer_no, ship_to)  # issue 17
        try:
            with transaction():
                no = store.create_document(
                    shop=self.shop, doc_type=plan.type, order_gid=gid,
                    sell_to=row.sell_to_customer_no, bill_to=row.bill_to_customer_no,
                    document_date=plan.document_date, currency=plan.currency,
                    prices_including_tax=plan.prices_including_tax,
                    lines=plan.lines,  # planned as the store writes them (SalesLineRecord)
                    amount=plan.amount, tax_amount=plan.tax_amount, total=plan.total,
                    release=self.settings.auto_release_orders,
                    external_document_no=plan.external_document_no,
                    shipment_method=plan.shipment_method,
                    payment_terms_code=terms.payment_terms_code, due_date=terms.due_date,
                    ship_to={key: getattr(ship_to, key) for key in store.SHIP_TO_KEYS},
                    no=document_no(self.settings, record))  # issue 17
                if tax.tax_area_code:
                    set_document_tax_area(no, tax.tax_area_code, tax.tax_liable)
                method = payment_methods.document_payment_method(self.shop, record.transactions)
                if method:  # issue 17: the order's payment gateway, mapped
                    payment_methods.set_document_payment_method(no, method)
                store.link_document(self.shop, gid, plan.type, no,
                                    {**rules.snapshot_of(record).to_json(),
                                     "absorbed_refunds": list(self._absorptions[gid].absorbed)})
        except AppError as exc:
            # Nothing of the document is left: the transaction rolled it back.
            store.set_order_error(self.shop, gid, str(exc))
            raise RecordError(name, "", str(exc)) from exc
        log.info("sales %s %s created for order %s", plan.type, no, record.name)
        self.ctx.result.count(LOCAL, CREATED)
        self.ctx.result.record_change(record_changes.order_change(
            gid, record.name, LOCAL, "create", {
                "document_type": (None, plan.type), "document_no": (None, no),
                "customer_no": (None, row.sell_to_customer_no or None),
                "total": (None, record_changes.json_value(plan.total)),
                "currency": (None, plan.currency)}))
        return no

    def _skip_fully_refunded(self, gid: str, record: OrderRecord, plan: rules.DocumentPlan,
                             problems: list[Problem]) -> bool:
        """An order refunded in full before its document gets none: skipped with a note
        and a warning once, then no longer waiting (not a failure at every sync)."""
        absorption = self._absorptions.get(gid)
        if absorption is None or not refund_sync.fully_refunded(plan, absorption) \
                or any(p.field != "lines" for p in problems):
            return False
        note = ("refunded (or cancelled) in full before its document was made: no document, "
                "nothing is left to invoice")
        store.set_fully_refunded(self.shop, gid, absorption.absorbed, note)
        self.ctx.result.warn(record.name or gid, "refunds", refund_sync.FULLY_REFUNDED,
                             f"order {record.name or gid} was {note}")
        self.ctx.result.skipped += 1
        return True

    def _document_ship_to(self, row: store.OrderRow,
                          record: OrderRecord) -> document_header.ShipTo:
        """Where a document's goods go: the order's shipping address (as local fields), with
        its B2B location's ship-to code; an order without one takes the local address that
        location stands for (its ship-to, else the customer's own)."""
        address = record.ship_to
        shipping = None if address is None else ShopifyAddressIn(
            first_name=address.first_name, last_name=address.last_name,
            company=address.company, address1=address.address1, address2=address.address2,
            city=address.city, province=address.province, province_code=address.province_code,
            zip=address.zip, country_code=address.country_code, phone=address.phone)
        fallback = None
        if record.company_gid and row.sell_to_customer_no:
            fallback = self._local_ship_to(row.sell_to_customer_no, row.ship_to_code)
        shop_row = get_shop(self.shop)
        ship_to, cut_fields = document_header.ship_to_and_cuts(
            row.ship_to_code, shipping,
            NameSources.of(self.settings),
            shop_county_sources(self.shop, self.settings),  # per country (issue 17)
            [CountyRow(t.country_code, t.county_code, t.county_name)
             for t in list_tax_areas(self.shop)],
            (getattr(shop_row, "country", "") or "").upper(), fallback)
        for name in cut_fields:  # never cut without a word (issue 15)
            self.ctx.result.warn(record.name or row.shopify_id, f"ship_to_{name}", "field_cut",
                                 f"the shipping address's {name} is longer than the "
                                 "document's field and was cut")
        return ship_to

    @staticmethod
    def _local_ship_to(no: str, code: str) -> document_header.ShipTo | None:
        """Ship-to address `code` of customer `no` ("" its own address); None when gone."""
        if code:
            found = next((s for s in company_store.ship_to_addresses(no) if s.code == code),
                         None)
        else:
            try:
                found = get_customer(no)
            except NotFoundError:
                found = None
        if found is None:
            return None
        return document_header.ShipTo(
            code=code, name=found.name, name_2=found.name_2, contact=found.contact,
            address=found.address, address_2=found.address_2, city=found.city,
            post_code=found.post_code, county=found.county, country=found.country,
            phone=found.phone)
