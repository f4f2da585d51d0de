"""Who an order is for, and the items of its lines: the parties the orders job resolves
before it saves an order, and again before its document.

- A plain order: Sell-to and Bill-to by seed 003's priority (`rules.customer_plan`: the ship-to
  country's default customer, the shop's, else the customer mapped), its Shopify customer (or
  a guest's e-mail, phone and address) matched or created with the customers sync's own rules
  (`CustomerResolver`), the shop's default customer standing in with a note when none is.
- A B2B order: its company and company location (`sync.companies.b2b_order_parties`: the
  company imported when met first), with the location's ship-to and payment terms.
- The items of its SKUs, created when allowed.

A manual choice of customer is kept. What keeps an order from its customer or items goes to
the caller's list of problems, as `rules.Problem`s.
"""

from __future__ import annotations

import logging

from desktop_app.errors import RecordError
from desktop_app.records.customers import AddressRecord
from desktop_app.records.orders import OrderRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.shopify import records as shopify_records
from desktop_app.store import orders as store
from desktop_app.store.shopify_customers import staged_states
from desktop_app.sync.companies import RESOURCE as COMPANIES
from desktop_app.sync.companies import b2b_order_parties
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.customer_resolver import RESOURCE as CUSTOMERS
from desktop_app.sync.customer_resolver import CustomerResolver, template_rows
from desktop_app.sync.issue_codes import INVALID_EMAIL, say
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.problems import Problem
from desktop_app.sync.rules.templates import TemplateRow
from desktop_app.validation import is_valid_email

log = logging.getLogger(__name__)


class OrderParties(ShopJob):
    """The customer, company and items of the orders of one shop, for one run."""

    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self._customer_resolver: CustomerResolver | None = None
        self._templates: list[TemplateRow] | None = None

    async def sell_and_bill_to(self, record: OrderRecord, existing: store.OrderRow | None,
                               problems: list[Problem], notes: list[str],
                               b2b: dict[str, str]) -> tuple[str, str]:
        """The order's Sell-to and Bill-to customer nos. ("" when none): a B2B order's from
        its company (its ship-to code and payment terms into `b2b`), another's from its
        customer (why it is made or missing into `notes`)."""
        if record.is_b2b:
            return await self._company_parties(record, existing, problems, b2b)
        return await self._customer(record, existing, problems, notes)

    def _template_rows(self) -> list[TemplateRow]:
        if self._templates is None:
            self._templates = template_rows(self.shop)
        return self._templates

    async def _customer(self, record: OrderRecord, existing: store.OrderRow | None,
                        problems: list[Problem], notes: list[str]) -> tuple[str, str]:
        """Sell-to and bill-to by seed 003's priority; a manual choice is kept. When mapping
        finds or creates no customer, the shop's default customer stands in (step 5), with
        a note saying why."""
        manual = None
        if existing is not None and existing.customer_manual:
            manual = (existing.sell_to_customer_no, existing.bill_to_customer_no)
        plan = rules.customer_plan(record, self._template_rows(), self.settings)
        mapped = None
        mapping_problems: list[str] = []
        if manual is None and plan.path == "map":
            if record.customer is not None:
                mapped = await self._mapped_customer(record.customer.shopify_id,
                                                     mapping_problems, notes,
                                                     record.bill_to or record.ship_to)
            elif record.email or record.phone:
                mapped = self._guest_customer(record, mapping_problems, notes)
        choice = rules.finish_customer(plan, mapped, manual, mapping_problems)
        if choice.error:
            problems.append(Problem("customer", choice.error))
        if choice.note:
            notes.append(choice.note)
        return choice.sell_to, choice.bill_to

    async def _company_parties(self, record: OrderRecord, existing: store.OrderRow | None,
                               problems: list[Problem], b2b: dict[str, str]
                               ) -> tuple[str, str]:
        """A B2B order's Sell-to/Bill-to, ship-to and payment terms from its company and
        company location (issue 8, `sync.companies.b2b_order_parties`); a manual choice of
        customer is kept, the location's terms still apply."""
        # A company met first on this order is imported on the side: it is not an order of
        # this run's counts (issue 18: the count is the Orders tab's), and what went wrong
        # with it is kept as the run's warnings.
        company = self.ctx.aside(COMPANIES)
        try:
            parties = await b2b_order_parties(company, record.company_gid,
                                              record.company_location_gid)
        except RecordError as exc:
            problems.append(Problem("company", exc.reason))
            return "", ""
        finally:
            for issue in (*company.result.errors, *company.result.warnings):
                self.ctx.result.warn(issue.record, issue.field, issue.code, issue.message,
                                     issue.params)
        b2b["payment_terms_code"] = parties.payment_terms_code
        b2b["ship_to_code"] = parties.ship_to_code or ""
        if existing is not None and existing.customer_manual:
            sell, bill = existing.sell_to_customer_no, existing.bill_to_customer_no
            return sell or bill, bill or sell
        if not parties.ok:
            problems.append(Problem("company", parties.reason))
            return "", ""
        return parties.sell_to_no, parties.bill_to_no

    async def _mapped_customer(self, gid: str, problems: list[str], notes: list[str],
                               order_address: AddressRecord | None = None) -> str | None:
        """The local customer of a Shopify customer: its link, else match or create it with
        the customer sync's own rules (`CustomerResolver.resolve_for_order`); one with no
        saved address in Shopify is matched and made with `order_address`, the order's
        bill-to (else ship-to) address (issue 17). Why none was found or made goes to
        `problems`; an e-mail of the customer that is not an address, left out of the local
        customer as for a guest, to the order's `notes`."""
        state = staged_states(self.shop, [gid]).get(gid)
        if state is not None and state.customer_no:
            return state.customer_no
        data = await self.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            problems.append("Shopify no longer has the order's customer")
            return None
        addresses = (node.get("addressesV2") or {}).get("nodes")
        try:
            customer = shopify_records.customer_record(node, addresses)
        except RecordError as exc:
            problems.append(exc.reason)
            return None
        resolver = self._customers()
        before = len(resolver.ctx.result.errors)
        warned = len(resolver.ctx.result.warnings)
        no = resolver.resolve_for_order(customer, order_address)
        if no is None:
            problems.extend(i.message for i in resolver.ctx.result.errors[before:])
        else:
            notes.extend(f"email: Shopify customer {w.record}: {w.message}"
                         for w in resolver.ctx.result.warnings[warned:]
                         if w.code == INVALID_EMAIL)
        return no

    def _guest_customer(self, record: OrderRecord, problems: list[str],
                        notes: list[str]) -> str | None:
        """A guest order's customer, from its e-mail, phone and billing address. An e-mail
        that is not an address (checkout text, cut or broken) is left out: a customer made
        with it could never be written to, nor matched by, Shopify."""
        email = record.email
        if email and not is_valid_email(email):
            notes.append("email: the order's e-mail is not a valid address; the customer was "
                         "matched or made without it")
            email = ""
        resolver = self._customers()
        before = len(resolver.ctx.result.errors)
        no = resolver.resolve_guest(email, record.phone, record.bill_to or record.ship_to)
        problems.extend(i.message for i in resolver.ctx.result.errors[before:])
        return no

    def _customers(self) -> CustomerResolver:
        """The customer sync's own rules (`CustomerResolver`), made once per run (its index
        of local customers). Its counts and failures are kept apart (`JobContext.aside`):
        matching a customer is not a customer created or updated by the orders run; its
        failures become the order's."""
        if self._customer_resolver is None:
            self._customer_resolver = CustomerResolver(self.ctx.aside(CUSTOMERS),
                                                       self.settings)
        return self._customer_resolver

    def items(self, record: OrderRecord, problems: list[Problem]) -> dict[str, str]:
        """The local item of each SKU of the order's lines, by SKU: found, or created when
        auto create items is on; why one is missing goes to `problems` (a line without an
        item goes to the shop's no-item account when it has one)."""
        skus = [ln.sku for ln in record.lines if ln.sku]
        found = store.items_by_sku(skus)
        no_item_account = self.settings.no_item_account
        for line in rules.missing_skus(record, found):
            if no_item_account and (len(line.sku) > store.SKU_WIDTH
                                    or not self.settings.auto_create_items):
                continue  # the line goes to the shop's account for lines without an item
            if len(line.sku) > store.SKU_WIDTH:
                problems.append(Problem("sku", f"the SKU of line '{line.title[:40]}' has "
                                         f"{len(line.sku)} characters, more than an item's "
                                         f"SKU holds ({store.SKU_WIDTH}): shorten it in "
                                         "Shopify"))
            elif self.settings.auto_create_items:
                found[line.sku] = store.create_item_for_sku(
                    line.sku, line.title, line.unit_price.shop, record.currency)
                log.info("item %s created for an unknown SKU of order %s", found[line.sku],
                         record.name)
            else:
                problems.append(Problem("sku", say("unknown_sku", sku=line.sku,
                                                   line=line.title)[0]))
        return found
