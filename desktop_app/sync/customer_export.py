"""CustomerExport: local → Shopify customers, the export half of the customers sync.

The local customers to upload (Assign to Web Upload, or every one with Export Customers) or
to update (linked ones with Can Update Shopify Customers; uploaded ones always) are checked
(`rules.prepare_customer`), searched in Shopify before any create (so a create whose answer
was lost is found and linked, never made twice), then created or updated with only the fields
that differ; invitations owed and creates cut off before their link are kept in the sync
state (see `sync/customers.py`). Review means review (issue 14, `_refusal_to_link`); a blank
is not a clear (`_agreement`). From the card's `bulk_write_threshold` new customers at once,
they are created by one bulk mutation instead (`customer_bulk_export`, issue 21), and from as
many linked customers to update, their `customerUpdate`s too (`customer_bulk_update`): an
update is decided by `plan_update` and its answer applied by `apply_update` either way.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Collection, Sequence
from typing import Any

from desktop_app.errors import (
    NetworkError,
    NotFoundError,
    RecordError,
    UserErrorItem,
    UserErrors,
)
from desktop_app.records.customers import CustomerRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.records.text import quoted
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import agreed as agreed_store
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import conflicts as conflict_store
from desktop_app.store.customers import (
    CustomerRow,
    find_customers_by_phone,
    get_customer,
    list_customers,
)
from desktop_app.store.database import transaction
from desktop_app.store.runs import (
    get_sync_state,
    resolve_errors,
    set_sync_state,
    unresolved_error_records,
)
from desktop_app.store.shopify_customers import (
    get_shopify_customer,
    link_customer,
    mark_updated_by_app,
    set_match,
    staged_states,
    upsert_shopify_customers,
)
from desktop_app.store.shops import shop_settings
from desktop_app.sync import conflicts, record_changes, rules
from desktop_app.sync.context import JobContext
from desktop_app.sync.county_sources import shop_county_sources
from desktop_app.sync.customer_bulk_export import (
    CustomerBulkCreate,
    CustomerExporter,
    InThread,
    UpdatePlan,
)
from desktop_app.sync.customer_bulk_update import CustomerBulkUpdate
from desktop_app.sync.customer_resolver import (
    GID_PREFIX,
    RESOURCE,
    county_rows,
    field_of,
    local_row,
    rules_customer,
    shop_country,
)
from desktop_app.sync.results import CREATED, LINKED, LOCAL, SHOPIFY, UPDATED
from desktop_app.sync.rules import agreed as agreed_rules
from desktop_app.sync.rules.export import Agreement, email_search_query, phone_search_query
from desktop_app.sync.unagreed import UnagreedHold

log = logging.getLogger(__name__)

PENDING_INVITES = "pending_invites"
#: Local customers whose `customerCreate` was (maybe) sent but not yet linked: a run cut off
#: between the two leaves the intent here, so the next run knows the Shopify customer it finds
#: (by the import's matching or by the export's search) is the one it created, links it as
#: "exported" and still sends the invitation owed.
PENDING_CREATES = "pending_creates"


class CustomerExport(CustomerExporter):
    """Local → Shopify: the customers to upload or update, validated, searched, sent."""

    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self.company_country = shop_country(self.shop)
        self.export_settings = rules.ExportSettings.from_shop(
            settings, self.company_country, county_rows(self.shop),
            shop_county_sources(self.shop, settings),  # per country (issue 17)
        )
        self.invites = settings.send_invite_on_upload
        self.retry = {
            no for no in unresolved_error_records(self.shop, RESOURCE)
            if not no.startswith(GID_PREFIX)
        }
        self._staged_emails: dict[str, str] = {}
        #: Local fields with an open conflict, per Shopify customer: left alone (issue 19).
        self._held = conflict_store.open_fields(self.shop)
        #: Two-way: fields with no agreed value, filled apart, become conflicts too.
        self._unagreed = (UnagreedHold(ctx, settings, self._held)
                          if conflicts.two_way(settings) else None)
        #: Shopify customers of a stopped run's bulk update (`customer_bulk_update`): their
        #: agreed values are recorded even when nothing is left to send.
        self.settle_agreed: set[str] = set()

    def _candidates(self) -> list[CustomerRow]:
        # The Edge: contact changes of uploaded (web upload) customers always go up; other
        # linked ones only with "Can Update Shopify Customers", other unlinked ones only with
        # "Export Customers". Chosen in SQL: the 100,000 others are never read.
        return bulk.export_candidates(
            self.shop,
            export_all=self.settings.export_customers,
            update_all=self.settings.can_update_shopify_customers,
        )

    async def run(self) -> None:
        in_bulk = CustomerBulkCreate(self)  # from `bulk_write_threshold` new ones (issue 21)
        updates = CustomerBulkUpdate(self)  # and as many to update
        await in_bulk.adopt_recorded()
        await updates.adopt_recorded()
        await self._adopt_cut_off_creates()
        await self._send_pending_invites()
        candidates = self._candidates()
        if not candidates:
            return
        registry = self._phone_registry()
        total = len(candidates)
        left = await updates.run(await in_bulk.run(candidates, registry), registry, total)
        for done, row in enumerate(left, start=total - len(left) + 1):
            await self._export_one(row, registry)
            self.ctx.reporter.progress(done, total)

    def _phone_registry(self) -> rules.PhoneRegistry:
        pairs = []
        for gid, phone, email, customer_no in bulk.staged_phones(self.shop):
            pairs.append((phone, customer_no or gid))
            self._staged_emails[gid] = rules.mapping.email_key(email)
        return rules.PhoneRegistry(pairs)

    async def _export_one(self, row: CustomerRow, registry: rules.PhoneRegistry) -> None:
        wanted = self.checked(row, registry)
        if wanted is not None:
            await self.send(row, wanted, registry)

    def checked(self, row: CustomerRow,
                registry: rules.PhoneRegistry) -> rules.ShopifyCustomerInput | None:
        """The customer `row` as Shopify is to hold it, its phone claimed; None (the
        failures recorded) when it does not pass the export's checks."""
        prepared = rules.prepare_customer(local_row(row), self.export_settings,
                                          organisation=row.category == "organisation")
        if not prepared.ok:
            for issue in prepared.issues:
                self.ctx.fail(row.no, issue.field, issue.message, code=issue.code)
            return None
        wanted = _without_address_phone(prepared.input)
        if wanted.phone:
            other = registry.claim(wanted.phone, row.no, aliases=[row.shopify_id or ""])
            if other is not None and not self._same_person(other, wanted):
                self.ctx.fail(row.no, "phone",
                              f"the phone number {wanted.phone} is already used by {other}",
                              code="phone_taken")
                return None
        return wanted

    async def send(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                   registry: rules.PhoneRegistry) -> None:
        """Update the linked customer `row`, or search, link or create it (one by one)."""
        await self.guarded(row, wanted, registry,
                           self._update(row, row.shopify_id, wanted) if row.shopify_id
                           else self._create_or_link(row, wanted))

    async def guarded(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                      registry: rules.PhoneRegistry, step: Awaitable[None]) -> None:
        """Await `step`, the sending of `row` (as `wanted`): Shopify's refusal or a failure
        is that customer's error, the rest of the run goes on."""
        try:
            await step
        except UserErrors as exc:
            self.refused(row, wanted, registry, exc.items)
            return
        except (NetworkError, RecordError, NotFoundError) as exc:
            self.ctx.fail(row.no, "", f"{exc} (it will be checked again on the next sync)",
                          code="retry_later")
            return
        if row.no in self.retry:
            resolve_errors(self.shop, RESOURCE, [row.no])

    def refused(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                registry: rules.PhoneRegistry, items: Sequence[UserErrorItem]) -> None:
        """Shopify's userErrors for `row`: its errors, its phone claim let go."""
        for item in items:
            self.ctx.fail(row.no, item.field_path or "", item.message, code="shopify_refused")
        if wanted.phone:
            registry.release(wanted.phone, row.no)

    def _same_person(self, owner: str, wanted: rules.ShopifyCustomerInput) -> bool:
        """A phone held by an unlinked Shopify customer with our e-mail is ours: the search
        finds that customer and links it, so the phone is no conflict."""
        if not owner.startswith(GID_PREFIX) or not wanted.email:
            return False
        return self._staged_emails.get(owner) == rules.mapping.email_key(wanted.email)

    async def _search(self, query: str) -> list[dict[str, Any]]:
        data = await self.ctx.client.execute("CustomerSearch", {"query": query})
        return list((data.get("customers") or {}).get("nodes") or [])

    async def _find_existing(
        self, row: CustomerRow, wanted: rules.ShopifyCustomerInput
    ) -> dict[str, Any] | None:
        """The Shopify customer this local one already is: exact e-mail, then exact phone.

        Shopify's search is tokenised (`email:"ann@x.com"` also returns "ann.x@x.com"), so
        only an exact hit counts. A phone hit whose customer has another e-mail is another
        person holding that number: a RecordError on "phone" (Shopify would refuse the
        create with "Phone has already been taken").
        """
        mine = rules.mapping.email_key(wanted.email or "")
        if mine:
            for node in await self._search(email_search_query(mine)):
                if rules.mapping.email_key(node.get("email") or "") == mine:
                    return node
        if wanted.phone:
            for node in await self._search(phone_search_query(wanted.phone)):
                if (node.get("phone") or "").strip() != wanted.phone:
                    continue
                theirs = rules.mapping.email_key(node.get("email") or "")
                if theirs and theirs != mine:
                    raise RecordError(row.no, "phone",
                                      f"the phone number {wanted.phone} is already used by "
                                      f"Shopify customer {node['id']}")
                return node
        return None

    async def _create_or_link(self, row: CustomerRow,
                              wanted: rules.ShopifyCustomerInput) -> None:
        try:
            existing = await self._find_existing(row, wanted)
        except RecordError as exc:
            self.ctx.fail(row.no, exc.field, exc.reason, code=exc.code)
            return
        if existing is not None:
            refusal = await self._refusal_to_link(row, existing)
            if refusal is not None:
                self.ctx.fail(row.no, *refusal, code="already_linked")
                return
            await self._link_existing(row, existing["id"], wanted)
            return
        self._intents(add=row.no)
        data = await self.ctx.client.execute("CustomerCreate", wanted.to_create_variables())
        payload = data.get("customerCreate") or {}
        check_user_errors(payload, row.no)
        gid = payload["customer"]["id"]
        log.info("customer %s created in shop %s", gid, self.shop)
        if wanted.address is not None:
            address_vars = wanted.address_create_variables(gid)
            data = await self.ctx.client.execute("CustomerAddressCreate", address_vars)
            try:
                check_user_errors(data.get("customerAddressCreate") or {}, row.no)
            except UserErrors as exc:
                for item in exc.items:
                    path = item.field_path
                    if not path.startswith("address"):
                        path = f"address.{path}".rstrip(".")
                    self.ctx.fail(row.no, path, item.message, code="shopify_refused")
        await self.created([(row, await self._fetch(gid))])

    async def created(self, items: Sequence[tuple[CustomerRow, CustomerRecord]], *,
                      in_thread: InThread | None = None) -> None:
        """Customers this run created in Shopify, (local row, Shopify's record) each:
        staged, linked as "exported", their exchange recorded, counted, and invited when
        the card says so; the writes in one transaction (in `in_thread`, when given)."""
        invited = [(row.no, record.shopify_id) for row, record in items
                   if self.invites and record.email]
        if in_thread is None:
            self._write_created(items, invited)
        else:
            await in_thread(self._write_created, items, invited)
        for index, (row, record) in enumerate(items):
            if index % 25 == 24:
                await asyncio.sleep(0)  # a bulk batch: the window's event loop stays free
            log.info("customer %s created in shop %s", record.shopify_id, self.shop)
            self.ctx.result.count(SHOPIFY, CREATED)
            self.ctx.result.record_change(record_changes.shopify_customer_changed(
                row.no, None, rules.ShopifyCustomerInput.from_shopify(rules_customer(record)),
                "create"))
        for no, gid in invited:
            await self._invite(no, gid)

    def _write_created(self, items: Sequence[tuple[CustomerRow, CustomerRecord]],
                       invited: Sequence[tuple[str, str]]) -> None:
        # A few statements for the whole batch (100,000 customers in bulk, issue 21); the
        # Shopify customers are new, so no other link can stand in the way.
        with transaction():
            bulk.stage_shopify_customers_batch(self.shop, [record for _, record in items])
            bulk.apply_matches_batch(self.shop, [
                bulk.MatchWrite(record.shopify_id, row.no, "exported") for row, record in items])
            agreed_store.save_agreed(self.shop, [self._agreed_row(row, record)
                                                 for row, record in items])
            bulk.mark_updated_by_app_batch(self.shop, [
                (record.shopify_id, record.updated_at) for _, record in items
                if record.updated_at])
            for pair in invited:
                self._pending(add=pair)
            self.change_intents((), [row.no for row, _ in items])
            retried = [row.no for row, _ in items if row.no in self.retry]
            if retried:
                resolve_errors(self.shop, RESOURCE, retried)

    async def _link_existing(self, row: CustomerRow, gid: str,
                             wanted: rules.ShopifyCustomerInput) -> None:
        """Link a customer Shopify already has (ours from a run that was cut off, or one
        made online), then send what differs."""
        staged = staged_states(self.shop, [gid]).get(gid)
        if staged is not None and staged.customer_no and staged.customer_no != row.no:
            self.ctx.fail(row.no, "email",
                          f"Shopify customer {gid} already exists and is linked to local "
                          f"customer {staged.customer_no}", code="already_linked")
            return
        fetched = await self._fetch(gid)
        invite = self.invites and bool(wanted.email) and fetched.state == "DISABLED"
        ours = row.no in self._intents()
        with transaction():
            upsert_shopify_customers(self.shop, [fetched])
            link_customer(self.shop, row.no, gid,
                                  reason="exported" if ours else "found in Shopify")
            if invite:
                self._pending(add=(row.no, gid))
            if ours:
                self._intents(remove=row.no)
        # In the totals only by what `_update` sends (as before issue 18).
        self.ctx.result.count(LOCAL, LINKED, total=False)
        self.ctx.result.record_change(record_changes.customer_linked(row.no, gid, LOCAL))
        await self._update(row, gid, wanted, linked_now=True)
        if invite:
            await self._invite(row.no, gid)

    # --- creates cut off before their link ------------------------------------------------

    def _intents(self, *, add: str | None = None, remove: str | None = None) -> set[str]:
        """Read or change the local customers whose create may have reached Shopify."""
        if add is None and remove is None:
            return set(get_sync_state(self.shop, RESOURCE).data.get(PENDING_CREATES, []))
        return self.change_intents([add] if add is not None else [],
                                   [remove] if remove is not None else [])

    def change_intents(self, add: Collection[str], remove: Collection[str]) -> set[str]:
        """Add and remove local customers whose create may have reached Shopify."""
        state = get_sync_state(self.shop, RESOURCE)
        intents = (set(state.data.get(PENDING_CREATES, [])) | set(add)) - set(remove)
        set_sync_state(self.shop, RESOURCE,
                       data={**state.data, PENDING_CREATES: sorted(intents)})
        return intents

    async def _adopt_cut_off_creates(self) -> None:
        """Creates of a cut-off run that this run's import has already linked by e-mail or
        phone: they are ours (reason "exported"), and their invitation is still owed."""
        for no in sorted(self._intents()):
            try:
                row = get_customer(no, shop=self.shop)
            except NotFoundError:  # the local customer was deleted meanwhile
                self._intents(remove=no)
                continue
            if not row.shopify_id:
                continue  # not found yet: the export's search below finds and adopts it
            gid = row.shopify_id
            fetched = await self._fetch(gid)
            with transaction():
                upsert_shopify_customers(self.shop, [fetched])
                set_match(self.shop, gid, no, reason="exported")
                if self.invites and row.email and fetched.state == "DISABLED":
                    self._pending(add=(no, gid))
                self._intents(remove=no)

    # --- invitations ---------------------------------------------------------------------

    def _pending(self, *, add: tuple[str, str] | None = None,
                 remove: str | None = None) -> list[list[str]]:
        """Read or change the invitations owed (kept across runs in the sync state)."""
        state = get_sync_state(self.shop, RESOURCE)
        pending = [list(p) for p in state.data.get(PENDING_INVITES, [])]
        if add is None and remove is None:
            return pending
        if add is not None and list(add) not in pending:
            pending.append(list(add))
        if remove is not None:
            pending = [p for p in pending if p[1] != remove]
        set_sync_state(self.shop, RESOURCE,
                               data={**state.data, PENDING_INVITES: pending})
        return pending

    async def _send_pending_invites(self) -> None:
        """Invitations a cut-off run still owes (created and linked, not yet invited)."""
        for no, gid in self._pending():
            await self._invite(no, gid)

    async def _invite(self, no: str, gid: str) -> None:
        try:
            data = await self.ctx.client.execute("CustomerSendAccountInvite", {"customerId": gid})
            check_user_errors(data.get("customerSendAccountInviteEmail") or {}, no)
        except UserErrors as exc:
            # The customer is uploaded either way; say why no invitation went out.
            self._pending(remove=gid)
            self.ctx.fail(no, "invite",
                          f"uploaded, but no invitation was sent: {exc} (Shopify sends "
                          "invitations only with classic customer accounts)",
                          code="invite_not_sent")
            return
        except NetworkError as exc:
            if exc.details.get("outcome_unknown"):
                self._pending(remove=gid)  # maybe sent: never risk a second e-mail
            self.ctx.fail(no, "invite", f"the invitation may not have been sent: {exc}",
                          code="invite_not_sent")
            return
        fetched = await self._fetch(gid)
        with transaction():
            upsert_shopify_customers(self.shop, [fetched])
            if fetched.updated_at:
                # The invitation changes the customer's state: our own change, no echo.
                mark_updated_by_app(self.shop, gid, fetched.updated_at)
            self._pending(remove=gid)

    # --- reading and updating ------------------------------------------------------------

    def _held_back(self, gid: str, wanted: rules.ShopifyCustomerInput,
                   previous: rules.ShopifyCustomerInput) -> rules.ShopifyCustomerInput:
        """Two-way (issue 19): `wanted` with the fields of the link's open conflicts left
        as Shopify holds them; a conflict whose two sides now agree (made so by hand) is
        closed instead."""
        held = self._held.get(gid, set())
        alike = conflicts.converged(wanted, previous, held)
        if alike:
            with transaction():
                conflict_store.close_fields(self.shop, gid, alike, conflict_store.AGREED)
            held = self._held[gid] = held - alike
        return conflicts.held(wanted, previous, held)

    async def send_fields(self, row: CustomerRow, gid: str,
                          fields: Collection[str]) -> CustomerRecord:
        """A conflict resolved for the local side (issue 19, `sync/conflicts.py`): send
        these local fields of `row` to its Shopify customer `gid` as they are (a blank
        clears), nothing else; returns Shopify's customer after it. The caller records it.

        Raises:
            RecordError: the local customer does not pass the export's checks, or Shopify no
                longer has the customer. UserErrors, NetworkError: as a sync.
        """
        prepared = rules.prepare_customer(local_row(row), self.export_settings,
                                          organisation=row.category == "organisation")
        if not prepared.ok or prepared.input is None:
            issue = prepared.issues[0]
            raise RecordError(row.no, issue.field, issue.message, code=issue.code)
        current = await self._fetch(gid)
        previous = rules.ShopifyCustomerInput.from_shopify(rules_customer(current))
        wanted = conflicts.only(_without_address_phone(prepared.input), previous, fields)
        variables = wanted.to_update_variables(gid, previous)
        if variables is not None:
            data = await self.ctx.client.execute("CustomerUpdate", variables)
            check_user_errors(data.get("customerUpdate") or {}, row.no)
        main = rules_customer(current).main_address()
        if wanted.address is not None and main is None:
            address_vars: dict[str, Any] | None = wanted.address_create_variables(gid)
            name = "CustomerAddressCreate"
        else:
            address_vars = None if main is None else wanted.address_update_variables(
                gid, main.id, previous)
            name = "CustomerAddressUpdate"
        if address_vars is not None:
            data = await self.ctx.client.execute(name, address_vars)
            check_user_errors(data.get(name[0].lower() + name[1:]) or {}, row.no)
        return await self._fetch(gid)

    async def fetch(self, gid: str) -> CustomerRecord:
        """Shopify's customer `gid` as it is now (one `CustomerById`)."""
        return await self._fetch(gid)

    async def _fetch(self, gid: str) -> CustomerRecord:
        data = await self.ctx.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            raise RecordError(gid, "id", "Shopify no longer has this customer")
        addresses = (node.get("addressesV2") or {}).get("nodes")
        return shopify_records.customer_record(node, addresses)

    async def _update(self, row: CustomerRow, gid: str,
                      wanted: rules.ShopifyCustomerInput, *, linked_now: bool = False) -> None:
        """Send the fields that differ from what Shopify holds (as staged); only those."""
        await self.send_update(await self.plan_update(row, gid, wanted, linked_now=linked_now))

    async def plan_update(self, row: CustomerRow, gid: str, wanted: rules.ShopifyCustomerInput,
                          *, linked_now: bool = False) -> UpdatePlan:
        """What updating the linked customer `row` sends, decided against Shopify's customer
        as staged: issue 19's holds first (a conflict is never sent), then only the fields
        that differ (a blank is not a clear). One by one (`send_update`) or in bulk
        (`customer_bulk_update`), the answer is applied by `apply_update`."""
        try:
            staged = get_shopify_customer(self.shop, gid)
        except NotFoundError:
            fetched = await self._fetch(gid)
            upsert_shopify_customers(self.shop, [fetched])
            staged = get_shopify_customer(self.shop, gid)
        previous = rules.ShopifyCustomerInput.from_shopify(rules_customer(staged))
        if self._unagreed is not None:  # issue 19
            self._unagreed.hold(row, staged, wanted, previous)
        wanted = self._held_back(gid, wanted, previous)
        if wanted.address is not None and previous.address is not None:
            # The address phone is Shopify's to keep (see `_without_address_phone`).
            wanted = dataclasses.replace(wanted, address=dataclasses.replace(
                wanted.address, phone=previous.address.phone))
        # Only a difference with Shopify, or an address gone locally, needs the last exchange
        # translated (a prepare_customer per customer); the rest only asks whether one exists.
        differs = bool(wanted.changed_fields(previous)) or (
            wanted.address is None and previous.address is not None)
        found, has_row = self._agreement(row.no, gid, translate=differs)
        agreement = found if found is not None else Agreement.none()
        address: tuple[str, dict[str, Any]] | None = None
        main = rules_customer(staged).main_address()
        if wanted.address is not None and main is None:
            address = ("CustomerAddressCreate", wanted.address_create_variables(gid))
        elif main is not None:
            # An address emptied locally since the last exchange clears what was agreed.
            address_vars = wanted.address_update_variables(gid, main.id, previous, agreement)
            if address_vars is not None:
                address = ("CustomerAddressUpdate", address_vars)
        return UpdatePlan(row, gid, staged, previous, has_row, linked_now,
                          wanted.to_update_variables(gid, previous, agreement), address)

    async def send_update(self, plan: UpdatePlan) -> None:
        """Send `plan` one mutation at a time, read the customer back and apply it."""
        if plan.variables is None and plan.address is None:
            self.apply_update(plan, None)
            return
        steps = [("CustomerUpdate", plan.variables)] if plan.variables is not None else []
        for name, variables in [*steps, *([plan.address] if plan.address else [])]:
            data = await self.ctx.client.execute(name, variables)
            check_user_errors(data.get(name[0].lower() + name[1:]) or {}, plan.row.no)
        self.apply_update(plan, await self._fetch(plan.gid))

    def apply_update(self, plan: UpdatePlan, fetched: CustomerRecord | None) -> None:
        """Record the answer to `plan`: Shopify's customer after the update (`fetched`;
        None: nothing was sent) staged, the agreed values, our own change marked, counted."""
        row, gid = plan.row, plan.gid
        if fetched is None:
            if plan.linked_now or not plan.has_row or gid in self.settle_agreed:
                # The first exchange of this link (or a bulk update whose answer a stopped
                # run never applied): what both sides hold now is its baseline.
                with transaction():
                    self._record_agreed(row, plan.staged)
            if not plan.linked_now:
                self.ctx.result.skipped += 1
            return
        with transaction():
            upsert_shopify_customers(self.shop, [fetched])
            self._record_agreed(row, fetched)
            if fetched.updated_at:
                mark_updated_by_app(self.shop, gid, fetched.updated_at)
        self.ctx.result.count(SHOPIFY, UPDATED)
        self.ctx.result.record_change(record_changes.shopify_customer_changed(
            row.no, plan.previous,
            rules.ShopifyCustomerInput.from_shopify(rules_customer(fetched)), "update"))

    # --- agreed values (issue 14: a blank is not a clear) ------------------------------

    def _agreement(self, no: str, gid: str, *,
                   translate: bool = True) -> tuple[Agreement | None, bool]:
        """The link's last exchange in Shopify's terms, and whether the link has one at all.

        (None, False): no exchange recorded (a link older than schema v9, or made by hand):
        a blank never clears anything. (None, True): recorded, but its local side no longer
        passes the export's checks (a setting changed since): treated the same, safely; or
        not translated, as asked (`translate` False: nothing differs, nothing to decide).
        """
        found = agreed_store.read_agreed(self.shop, [gid]).get(gid)
        if found is None or found.customer_no != no:
            return None, False
        if not translate:
            return None, True
        then = rules.prepare_customer(
            agreed_rules.local_row(no, found.local), self.export_settings,
            organisation=found.local.get("category") == "organisation")
        if not then.ok:
            return None, True
        assert then.input is not None
        shopify = rules.ShopifyCustomerInput.from_shopify(
            agreed_rules.shopify_customer(gid, found.shopify))
        return Agreement(_without_address_phone(then.input), shopify), True

    def _record_agreed(self, row: CustomerRow, record: CustomerRecord) -> None:
        """Record what the local customer `row` and Shopify's `record` hold after an
        exchange (inside the caller's transaction)."""
        agreed_store.save_agreed(self.shop, [self._agreed_row(row, record)])

    @staticmethod
    def _agreed_row(row: CustomerRow,
                    record: CustomerRecord) -> tuple[str, str, dict[str, str], dict[str, str]]:
        return (record.shopify_id, row.no, agreed_rules.local_snapshot(row),
                agreed_rules.shopify_snapshot(rules_customer(record)))

    # --- review means review (issue 14) ----------------------------------------------------

    async def _refusal_to_link(
        self, row: CustomerRow, node: dict[str, Any]
    ) -> tuple[str, str] | None:
        """Why the Shopify customer `node`, found by the search, must not be linked to `row`
        (field, reason), or None when it may.

        A Shopify customer the import sent to review as ambiguous stays unlinked until the
        merchant links it by hand; one the import would find ambiguous (several local
        customers share its e-mail or phone, by the shop's matching rules) is put in review
        here, and is not linked either.
        """
        gid = node["id"]
        label = f"{quoted(node['email'])} ({gid})" if node.get("email") else gid
        staged = staged_states(self.shop, [gid]).get(gid)
        if staged is not None and staged.customer_no:
            return None  # linked already: to this customer, or `_link_existing` says to whom
        if staged is not None and staged.review_state == "ambiguous":
            note = staged.review_note or "several local customers fit it"
            return ("email", (f"Shopify customer {label} waits in the review list ({note}): "
                              "nothing was linked; link it by hand in the Customers tab"))
        decision = self._import_decision(node)
        if decision.kind == "ambiguous" or (
                decision.kind == "matched" and decision.customer_no != row.no):
            candidates = decision.candidates or (row.no, decision.customer_no or "")
            note = (f"several local customers have this {decision.reason}: "
                    f"{', '.join(sorted(set(candidates)))}")
            fetched = await self._fetch(gid)
            with transaction():
                upsert_shopify_customers(self.shop, [fetched])
                current = staged_states(self.shop, [gid]).get(gid)
                if current is not None and not current.customer_no:
                    set_match(self.shop, gid, None, review_state="ambiguous",
                                      review_note=note)
            return (field_of(decision.reason),
                    (f"Shopify customer {label} is ambiguous: {note}; nothing was linked, "
                     "and it waits in the review list: link it by hand in the Customers tab"))
        return None

    def _import_decision(self, node: dict[str, Any]) -> rules.MatchDecision:
        """What the import's matching rules decide for a Shopify customer found by the
        export, against the local customers sharing its e-mail or phone (which is all that
        matching by e-mail and phone reads)."""
        mapping = shop_settings(self.shop).customer_mapping
        match_settings = rules.MatchSettings(
            mapping="email_only" if mapping == "email_only" else "email_phone",
            shop_country=self.company_country)
        country = ((node.get("defaultAddress") or {}).get("countryCodeV2") or "")
        customer = rules.ShopifyCustomerIn(
            id=node["id"], email=node.get("email") or "", phone=node.get("phone") or "",
            addresses=(rules.ShopifyAddressIn(is_default=True, country_code=country),)
            if country else (),
        )
        customer, _ = rules.without_invalid_email(customer)
        rows: dict[str, CustomerRow] = {}
        for key in rules.mapping.email_keys(customer.email)[:1]:
            # A search, not the first-e-mail column: an address anywhere in a local e-mail
            # list counts, as in the import's index (`rules.LocalIndex`).
            for found in list_customers(key, limit=None):
                rows[found.no] = found
        phone = rules.mapping.phone_key(customer.phone, country or self.company_country)
        if phone:
            for found in find_customers_by_phone(phone):
                rows[found.no] = found
        index = rules.LocalIndex.build((local_row(r) for r in rows.values()),
                                       self.company_country, with_bill_to=False)
        return rules.match_customer(customer, index, match_settings)


def _without_address_phone(wanted: rules.ShopifyCustomerInput) -> rules.ShopifyCustomerInput:
    """The local phone goes on the customer only, not also on its address.

    Sending it twice made every phone edit cost two mutations (customerUpdate and
    customerAddressUpdate) where issue 5 asks for one; and an address phone typed online
    (a switchboard, a delivery contact) is not the merchant's to overwrite.
    """
    if wanted.address is None or wanted.address.phone is None:
        return wanted
    return dataclasses.replace(wanted, address=dataclasses.replace(wanted.address, phone=None))
