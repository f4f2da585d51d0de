"""The customers sync: Shopify → local (import, matching, auto-create, updates) and
local → Shopify (export, Assign to Web Upload, invites, contact changes).

Rules come from `sync.rules` (pure); this module reads the store, calls Shopify and writes the
results, each record's writes in one transaction so a run killed at any point resumes without
duplicates:
- import: every page is staged and matched in one transaction; the watermark (the newest
  `updatedAt` Shopify reported, i.e. server time) moves only after the whole run, and the next
  run starts `OVERLAP` before it, so an edit in the same second is never lost; unchanged
  records are skipped, so the overlap costs nothing.
- export: before creating, Shopify is searched for the customer (exact e-mail, then exact
  E.164 phone), so a create whose answer was lost is found and linked on the next run rather
  than made twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

from desktop_app.errors import NetworkError, NotFoundError, RecordError, UserErrors
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.bulk import CHILDREN_KEY, run_bulk_query
from desktop_app.shopify.pagination import paginate
from desktop_app.shopify.records import CustomerRecord, format_datetime
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import queries
from desktop_app.store.database import transaction
from desktop_app.sync import rules
from desktop_app.sync.rules.export import email_search_query, phone_search_query
from desktop_app.validation import parse_phone

log = logging.getLogger(__name__)

RESOURCE = "customers"
OVERLAP = dt.timedelta(seconds=60)


# --- conversions between the layers' records ---------------------------------------------


def _rules_address(a: Any) -> rules.ShopifyAddressIn:
    return rules.ShopifyAddressIn(
        id=a.shopify_id, is_default=bool(a.is_default), first_name=a.first_name,
        last_name=a.last_name, company=a.company, address1=a.address1, address2=a.address2,
        city=a.city, province=a.province, province_code=a.province_code, zip=a.zip,
        country_code=a.country_code, phone=a.phone,
    )


def rules_customer(record: Any, linked_no: str | None = None) -> rules.ShopifyCustomerIn:
    """A staged or fetched Shopify customer as the rules read it."""
    return rules.ShopifyCustomerIn(
        id=record.shopify_id,
        first_name=record.first_name,
        last_name=record.last_name,
        email=record.email,
        phone=record.phone,
        addresses=tuple(_rules_address(a) for a in (record.addresses or ())),
        linked_no=linked_no or "",
    )


def local_row(row: queries.CustomerRow) -> rules.LocalCustomerRow:
    return rules.LocalCustomerRow(
        no=row.no, name=row.name, name_2=row.name_2, contact=row.contact, address=row.address,
        address_2=row.address_2, post_code=row.post_code, city=row.city, county=row.county,
        country=row.country, phone=row.phone, phone_ext=row.phone_ext, email=row.email,
    )


def _county_rows(shop: str) -> tuple[rules.CountyRow, ...]:
    return tuple(
        rules.CountyRow(t.country_code, t.county_code, t.county_name)
        for t in queries.list_tax_areas(shop)
    )


def _template_rows(shop: str) -> list[rules.TemplateRow]:
    return [
        rules.TemplateRow(t.country_code, t.default_customer_no, t.template_code, t.tax_area)
        for t in queries.list_shop_customer_templates(shop)
    ]


# --- the job -------------------------------------------------------------------------------


async def sync_customers(ctx) -> None:
    """The Customers sync of one shop, as its Shop Card settings say."""
    settings = queries.shop_settings(ctx.shop_code)
    mode = settings["customer_import"]
    if mode == "all":
        await CustomerImport(ctx, settings, only_staged=False).run()
    elif mode == "with_orders" and settings["shopify_can_update_customers"]:
        # bc_connector §1.2: with "with orders" only customers already known are refreshed.
        await CustomerImport(ctx, settings, only_staged=True).run()
    await CustomerExport(ctx, settings).run()


class CustomerImport:
    """Shopify → local: stage, match, create or update, per the shop's rules."""

    def __init__(self, ctx, settings: dict[str, Any], *, only_staged: bool) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = settings
        self.only_staged = only_staged
        shop_row = queries.get_shop(self.shop)
        self.shop_country = (getattr(shop_row, "country", "") or "").upper()
        self.county_rows = _county_rows(self.shop)
        self.match_settings = rules.MatchSettings.from_shop(
            settings, self.shop_country, self.county_rows
        )
        self.templates = rules.templates.rows_by_country(_template_rows(self.shop))
        self._index: rules.LocalIndex | None = None
        self.retry = set(queries.unresolved_error_records(self.shop, RESOURCE))
        self._seen: set[str] = set()

    @property
    def index(self) -> rules.LocalIndex:
        if self._index is None:
            rows = queries.list_customers(limit=None)
            self._index = rules.LocalIndex.build(
                (local_row(r) for r in rows), self.shop_country
            )
        return self._index

    async def run(self) -> None:
        state = queries.get_sync_state(self.shop, RESOURCE)
        full = state.watermark is None and not self.only_staged
        newest = state.watermark
        done = 0
        source = self._bulk() if full else self._pages(state.watermark)
        async for batch in source:
            if self.only_staged:
                batch = [r for r in batch if _staged_or_none(self.shop, r.shopify_id)]
            self._apply(batch)
            for record in batch:
                if record.updated_at and (newest is None or record.updated_at > newest):
                    newest = record.updated_at
            done += len(batch)
            self.ctx.reporter.progress(done, -1)
        # Customers that failed before and did not change since are retried too.
        leftovers = self.retry - self._seen
        if leftovers:
            staged = [queries.get_shopify_customer(self.shop, gid) for gid in sorted(leftovers)
                      if gid.startswith("gid://shopify/Customer/")]
            self._apply(staged, restaged=True)
        queries.set_sync_state(self.shop, RESOURCE, watermark=newest)

    async def _bulk(self) -> AsyncIterator[list[CustomerRecord]]:
        batch: list[CustomerRecord] = []
        async for line in run_bulk_query(self.ctx.client, "BulkCustomers"):
            try:
                batch.append(shopify_records.customer_record(line, line.get(CHILDREN_KEY, [])))
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason)
            if len(batch) >= 250:
                yield batch
                batch = []
        if batch:
            yield batch

    async def _pages(self, watermark: dt.datetime | None) -> AsyncIterator[list[CustomerRecord]]:
        variables: dict[str, Any] = {"sortKey": "UPDATED_AT"}
        if watermark is not None:
            since = format_datetime(watermark - OVERLAP)
            variables["query"] = f"updated_at:>='{since}'"
        async for nodes in paginate(self.ctx.client, "CustomersPage", variables, ("customers",)):
            batch = []
            for node in nodes:
                try:
                    batch.append(shopify_records.customer_record(node))
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason)
            yield batch

    def _apply(self, batch: list, *, restaged: bool = False) -> None:
        """Stage a page and act on each changed (or previously failed) customer: one transaction."""
        with transaction():
            if restaged:
                changed = {r.shopify_id for r in batch}
            else:
                result = queries.upsert_shopify_customers(self.shop, batch)
                changed = set(result.changed_keys) | {r.shopify_id for r in batch
                                                 if r.shopify_id in self.retry}
            for record in batch:
                self._seen.add(record.shopify_id)
                if record.shopify_id not in changed:
                    self.ctx.result.skipped += 1
                    continue
                self._decide(record)

    def _decide(self, record: Any) -> None:
        staged = queries.get_shopify_customer(self.shop, record.shopify_id)
        customer = rules_customer(staged, staged.customer_no)
        decision = rules.match_customer(customer, self.index, self.match_settings)
        label = _label(staged)
        if decision.kind in ("linked", "matched"):
            if decision.kind == "matched":
                queries.set_match(self.shop, staged.shopify_id, decision.customer_no,
                                  reason=decision.reason)
            self._resolved(staged.shopify_id)
            if self.settings["shopify_can_update_customers"] and not _own_echo(staged):
                if self._update_local(decision.customer_no, customer, label):
                    self.ctx.result.updated += 1
                    return
            if decision.kind == "matched":
                self.ctx.result.updated += 1
            else:
                self.ctx.result.skipped += 1
            return
        if decision.kind == "create":
            self._create_local(staged, customer, label)
            return
        if decision.kind == "ambiguous":
            names = ", ".join(decision.candidates)
            note = f"several local customers have this {decision.reason}: {names}"
            queries.set_match(self.shop, staged.shopify_id, None, review_state="ambiguous",
                              review_note=note)
            self.ctx.fail(label, _field_of(decision.reason),
                          f"{note}; link it by hand in the Customers tab")
            return
        if decision.kind == "default":
            self.ctx.result.skipped += 1
            self._resolved(staged.shopify_id)
            return
        if decision.kind == "error":
            self.ctx.fail(label, "customer_mapping", decision.reason)
            return
        # "none": not found and creating is off: it waits, unlinked, for a manual link.
        if decision.stale_link:
            queries.set_match(self.shop, staged.shopify_id, None)
        self.ctx.result.skipped += 1
        self._resolved(staged.shopify_id)

    def _create_local(self, staged, customer: rules.ShopifyCustomerIn, label: str) -> None:
        choice = rules.choose_template(customer, self.templates,
                                       str(self.settings["customer_template"] or ""))
        if choice.missing_template_row and choice.country_code:
            queries.get_shop_customer_template(self.shop, choice.country_code,
                                               create_missing=True)
        if choice.template_code is None:
            self.ctx.fail(label, "address" if choice.address is None else "customer_template",
                          choice.reason or "cannot create the customer")
            queries.set_match(self.shop, staged.shopify_id, None, review_state="error",
                              review_note=choice.reason or "")
            return
        try:
            fields = self._local_fields(customer, choice.address)
        except RecordError as exc:
            self.ctx.fail(label, exc.field, exc.reason)
            queries.set_match(self.shop, staged.shopify_id, None, review_state="error",
                              review_note=exc.reason)
            return
        template = queries.get_customer_template(choice.template_code) \
            if _template_exists(choice.template_code) else None
        data = {**_template_defaults(template), **fields, "template": choice.template_code}
        data["no"] = queries.next_customer_no()
        row = queries.create_customer(data)
        queries.set_match(self.shop, staged.shopify_id, row.no, reason="created")
        self.index.add(local_row(row))
        self._resolved(staged.shopify_id)
        self.ctx.result.created += 1

    def _local_fields(self, customer: rules.ShopifyCustomerIn, address) -> dict[str, Any]:
        """Local customer fields from a Shopify customer and its main address (§1.2)."""
        label = customer.email or customer.id
        person = rules.PersonName(
            first_name=(address.first_name if address and address.first_name else
                        customer.first_name),
            last_name=(address.last_name if address and address.last_name else
                       customer.last_name),
            company=address.company if address else "",
        )
        names = rules.local_names(person, self.match_settings.name_sources)
        if not names.name:
            names = dataclasses.replace(names, name=customer.email or customer.phone)
        fields: dict[str, Any] = {
            "name": names.name, "name_2": names.name_2, "contact": names.contact,
            "email": customer.email,
        }
        country = ""
        if address is not None:
            country = address.country_code.upper()
            from desktop_app import geo

            if country and geo.country(country) is None:
                raise RecordError(label, "country", f"'{country}' is not a known country code")
            fields.update(
                address=address.address1, address_2=address.address2, city=address.city,
                post_code=address.zip, country=country,
                county=rules.county_from_shopify(country, address.province_code,
                                                 address.province,
                                                 self.match_settings.county_source,
                                                 self.county_rows),
            )
        phone_text = (address.phone if address and address.phone else "") or customer.phone
        if phone_text:
            try:
                parsed = parse_phone(phone_text, country or self.shop_country or None)
            except ValueError as exc:
                raise RecordError(label, "phone", f"'{phone_text}' {exc}") from None
            fields["phone"] = parsed.e164
            fields["phone_ext"] = parsed.extension or ""
        return fields

    def _update_local(self, no: str | None, customer: rules.ShopifyCustomerIn,
                      label: str) -> bool:
        if not no:
            return False
        try:
            fields = self._local_fields(customer, customer.main_address())
        except RecordError as exc:
            self.ctx.fail(label, exc.field, exc.reason)
            return False
        if customer.main_address() is None:
            # Keep the local address when Shopify has none (bc_connector §1.2 raises an error).
            for key in ("address", "address_2", "city", "post_code", "country", "county"):
                fields.pop(key, None)
        return queries.update_customer(no, fields)

    def _resolved(self, shopify_id: str) -> None:
        if shopify_id in self.retry:
            queries.resolve_errors(self.shop, RESOURCE, [shopify_id])


def _staged_or_none(shop: str, shopify_id: str):
    try:
        return queries.get_shopify_customer(shop, shopify_id)
    except NotFoundError:
        return None


def _own_echo(staged) -> bool:
    """True when Shopify's latest change is the one our own export made (no ping-pong)."""
    return bool(
        staged.last_updated_by_app and staged.updated_at
        and staged.updated_at <= staged.last_updated_by_app
    )


def _label(staged) -> str:
    return staged.shopify_id


def _field_of(reason: str) -> str:
    if "phone" in reason and "email" in reason:
        return "email, phone"
    return "phone" if "phone" in reason else "email"


def _template_exists(code: str) -> bool:
    try:
        queries.get_customer_template(code)
        return True
    except NotFoundError:  # a template code with no local template row: no defaults
        return False


def _template_defaults(template) -> dict[str, Any]:
    if template is None:
        return {}
    values = {}
    for key in ("country", "category"):
        value = getattr(template, key, "")
        if value:
            values[key] = value
    return values


# --- export ----------------------------------------------------------------------------------


class CustomerExport:
    """Local → Shopify: the customers to upload or update, validated, searched, sent."""

    def __init__(self, ctx, settings: dict[str, Any]) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = settings
        shop_row = queries.get_shop(self.shop)
        self.company_country = (getattr(shop_row, "country", "") or "").upper()
        self.export_settings = rules.ExportSettings.from_shop(
            settings, self.company_country, _county_rows(self.shop)
        )

    def _candidates(self) -> list[queries.CustomerRow]:
        export_all = bool(self.settings["export_customers"])
        update_all = bool(self.settings["can_update_shopify_customers"])
        chosen = []
        for row in queries.list_customers(shop=self.shop, limit=None):
            if row.blocked:
                continue
            if row.shopify_id:
                # The Edge: contact changes of uploaded customers always go up; others only
                # with "Can Update Shopify Customers".
                if update_all or row.web_upload:
                    chosen.append(row)
            elif export_all or row.web_upload:
                chosen.append(row)
        return chosen

    async def run(self) -> None:
        candidates = self._candidates()
        if not candidates:
            return
        registry = self._phone_registry()
        total = len(candidates)
        for done, row in enumerate(candidates, start=1):
            await self._export_one(row, registry)
            self.ctx.reporter.progress(done, total)

    def _phone_registry(self) -> rules.PhoneRegistry:
        pairs = []
        for staged in queries.list_shopify_customers(self.shop, limit=None):
            if staged.phone:
                pairs.append((staged.phone, staged.customer_no or staged.shopify_id))
        return rules.PhoneRegistry(pairs)

    async def _export_one(self, row: queries.CustomerRow, registry: rules.PhoneRegistry) -> None:
        prepared = rules.prepare_customer(local_row(row), self.export_settings)
        if not prepared.ok:
            for issue in prepared.issues:
                self.ctx.fail(row.no, issue.field, issue.reason)
            return
        wanted = prepared.input
        if wanted.phone:
            other = registry.claim(wanted.phone, row.no, aliases=[row.shopify_id or ""])
            if other is not None:
                self.ctx.fail(row.no, "phone",
                              f"the phone number {wanted.phone} is already used by {other}")
                return
        try:
            if row.shopify_id:
                await self._update(row, row.shopify_id, wanted)
            else:
                await self._create_or_link(row, wanted)
        except UserErrors as exc:
            for item in exc.items:
                self.ctx.fail(row.no, item.field_path or "", item.message)
        except NetworkError as exc:
            self.ctx.fail(row.no, "", f"{exc} (it will be checked again on the next sync)")

    async def _search(self, query: str) -> list[dict[str, Any]]:
        data = await self.ctx.client.execute("CustomerSearch", {"query": query})
        return list((data.get("customers") or {}).get("nodes") or [])

    async def _find_existing(self, wanted) -> dict[str, Any] | None:
        for query in filter(None, (
            email_search_query(wanted.email) if wanted.email else None,
            phone_search_query(wanted.phone) if wanted.phone else None,
        )):
            for node in await self._search(query):
                hit = rules.SearchHit(node["id"], node.get("email") or "", node.get("phone") or "")
                if rules.exact_match(wanted.email, wanted.phone, hit):
                    return node
        return None

    async def _create_or_link(self, row: queries.CustomerRow, wanted) -> None:
        existing = await self._find_existing(wanted)
        if existing is not None:
            gid = existing["id"]
            staged = _staged_or_none(self.shop, gid)
            if staged is not None and staged.customer_no and staged.customer_no != row.no:
                self.ctx.fail(row.no, "email",
                              f"Shopify customer {gid} already exists and is linked to local "
                              f"customer {staged.customer_no}")
                return
            fetched = await self._fetch(gid)
            with transaction():
                queries.upsert_shopify_customers(self.shop, [fetched])
                queries.link_customer(self.shop, row.no, gid, reason="found in Shopify")
            await self._update(row, gid, wanted, linked_now=True)
            return
        data = await self.ctx.client.execute("CustomerCreate", wanted.to_create_variables())
        payload = data.get("customerCreate") or {}
        check_user_errors(payload, row.no)
        created = payload["customer"]
        gid = created["id"]
        if wanted.address is not None:
            address_vars = wanted.address_create_variables(gid)
            data = await self.ctx.client.execute("CustomerAddressCreate", address_vars)
            address_payload = data.get("customerAddressCreate") or {}
            try:
                check_user_errors(address_payload, row.no)
            except UserErrors as exc:
                for item in exc.items:
                    self.ctx.fail(row.no, f"address.{item.field_path}".rstrip("."),
                                  item.message)
        fetched = await self._fetch(gid)
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            queries.link_customer(self.shop, row.no, gid, reason="exported")
            if fetched.updated_at:
                queries.mark_updated_by_app(self.shop, gid, fetched.updated_at)
        self.ctx.result.created += 1
        if self.settings["send_invite_on_upload"] and wanted.email:
            await self._invite(row, gid)

    async def _invite(self, row: queries.CustomerRow, gid: str) -> None:
        data = await self.ctx.client.execute("CustomerSendAccountInvite", {"customerId": gid})
        payload = data.get("customerSendAccountInviteEmail") or {}
        try:
            check_user_errors(payload, row.no)
        except UserErrors as exc:
            # The customer is uploaded either way; say why no invitation went out.
            self.ctx.fail(row.no, "invite", f"uploaded, but no invitation was sent: {exc}")

    async def _fetch(self, gid: str) -> CustomerRecord:
        data = await self.ctx.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            raise RecordError(gid, "id", "Shopify no longer has this customer")
        addresses = (node.get("addressesV2") or {}).get("nodes")
        return shopify_records.customer_record(node, addresses)

    async def _update(self, row: queries.CustomerRow, gid: str, wanted, *,
                      linked_now: bool = False) -> None:
        staged = queries.get_shopify_customer(self.shop, gid)
        previous = rules.ShopifyCustomerInput.from_shopify(rules_customer(staged))
        sent = False
        variables = wanted.to_update_variables(gid, previous)
        if variables is not None:
            data = await self.ctx.client.execute("CustomerUpdate", variables)
            check_user_errors(data.get("customerUpdate") or {}, row.no)
            sent = True
        main = rules_customer(staged).main_address()
        if wanted.address is not None:
            if main is None:
                address_vars = wanted.address_create_variables(gid)
                data = await self.ctx.client.execute("CustomerAddressCreate", address_vars)
                check_user_errors(data.get("customerAddressCreate") or {}, row.no)
                sent = True
            else:
                address_vars = wanted.address_update_variables(gid, main.id, previous)
                if address_vars is not None:
                    data = await self.ctx.client.execute("CustomerAddressUpdate", address_vars)
                    check_user_errors(data.get("customerAddressUpdate") or {}, row.no)
                    sent = True
        if not sent:
            if not linked_now:
                self.ctx.result.skipped += 1
            return
        fetched = await self._fetch(gid)
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            if fetched.updated_at:
                queries.mark_updated_by_app(self.shop, gid, fetched.updated_at)
        self.ctx.result.updated += 1
