"""The companies (B2B) sync: Shopify companies ↔ local organisation customers (issue 8).

Import (`company_import`): "all" reads every company changed since the last run; "with_orders"
refreshes only companies already staged (new ones arrive through orders, which call
`import_company`). Each company is staged with all its locations (the first 10 come with the
company, the rest are paged with CompanyLocationsPage), mapped by `company_mapping`
(`rules.companies.match_company`), created as a local organisation from the templates when
`auto_create_customers` is on, and its locations are linked to local addresses: the
location exported from (or first met for) the customer's own address to it, every other one
to a ship-to address created from its shipping address, with its payment terms and tax id.

Export: local organisations (assigned to web upload, or every one with `export_customers`)
that have no company yet become one company (external id = customer no.) with one location
per local address. A company found by that external id (a create whose answer was lost) is
linked instead of created twice. From the Shop Card's `bulk_write_threshold` new ones at once,
they are created by one bulk companyCreate (`company_bulk_export`, issue 21). Linked ones (assigned to web upload, or every one with
`can_update_shopify_customers`) are compared with what Shopify holds (the staged company, as
for customers) and only what differs is sent: companyUpdate, companyContactUpdate,
companyLocationUpdate, companyLocationAssignAddress, companyLocationTaxSettingsUpdate, and
companyLocationCreate for a local address no location stands for; nothing differs, nothing is
sent. A linked company without a main contact gets one when the organisation has an e-mail
(companyContactCreate, or the contact that already has that e-mail, then
companyAssignMainContact). Shopify's userErrors become per-record errors.

Settings reused from customers (the Shop Card has no company twins yet): auto_create_customers,
customer_template, export_customers, can_update_shopify_customers, contact_source,
county_source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

from desktop_app.errors import NetworkError, NotFoundError, RecordError, UserErrors
from desktop_app.records.companies import CompanyRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.records.widths import ADDRESS, CUSTOMER, TAX_REGISTRATION_NO
from desktop_app.shopify.company_records import company_record, payment_terms_record
from desktop_app.shopify.pagination import complete_nodes, paginate
from desktop_app.shopify.records import format_datetime
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import companies as store
from desktop_app.store.customer_checks import CUSTOMER_COLUMNS
from desktop_app.store.customers import create_customer, get_customer, list_customers_plain
from desktop_app.store.database import transaction
from desktop_app.store.runs import (
    get_sync_state,
    resolve_errors,
    set_sync_state,
    unresolved_error_records,
)
from desktop_app.store.shops import shop_settings
from desktop_app.sync import record_changes, rules
from desktop_app.sync.company_bulk_export import CompanyBulkCreate, CompanyExporter
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.county_sources import shop_county_sources
from desktop_app.sync.customer_bulk_export import in_thread
from desktop_app.sync.customer_resolver import CustomerResolver, county_rows, shop_country
from desktop_app.sync.results import CREATED, LINKED, LOCAL, SHOPIFY, UPDATED
from desktop_app.sync.rules import companies as company_rules
from desktop_app.sync.rules.fields import local_fields_from_shopify

log = logging.getLogger(__name__)

RESOURCE = "companies"
OVERLAP = dt.timedelta(seconds=60)
_GID_PREFIX = "gid://shopify/Company/"


def default_terms_code(name: str, terms_type: str, due_in_days: int | None) -> str:
    """The local code a new Shopify payment terms template starts mapped to ("NET30"...)."""
    if terms_type == "NET" and due_in_days is not None:
        return f"NET{due_in_days}"
    return (terms_type or name).upper().replace(" ", "")[:20]


async def refresh_payment_terms(ctx: JobContext) -> dict[str, str]:
    """Read Shopify's payment terms templates into the mapping table; GID -> local code."""
    data = await ctx.client.execute("PaymentTermsTemplates", {})
    templates = [payment_terms_record(n) for n in data.get("paymentTermsTemplates") or []]
    store.save_payment_terms(ctx.shop_code, [
        {"shopify_id": t.shopify_id, "name": t.name, "terms_type": t.terms_type,
         "due_in_days": t.due_in_days,
         "default_code": default_terms_code(t.name, t.terms_type, t.due_in_days)}
        for t in templates
    ])
    return store.payment_terms_codes(ctx.shop_code)


async def sync_companies(ctx: JobContext) -> None:
    """The Companies sync of one shop, as its Shop Card settings say."""
    settings = shop_settings(ctx.shop_code)
    terms = await refresh_payment_terms(ctx)
    mode = settings.company_import
    if mode in ("all", "with_orders"):
        await CompanyImport(ctx, settings, terms).run(only_staged=mode == "with_orders")
    await CompanyExport(ctx, settings, terms).run()


async def with_all_locations(ctx: JobContext, node: dict[str, Any]) -> dict[str, Any]:
    """A company node whose `locations` hold every location of the company.

    CompaniesPage and CompanyById read the first 10 locations; when Shopify has more
    (`hasNextPage`), the rest are read with CompanyLocationsPage from the `endCursor`, page by
    page to the end. A node without an id is returned as it is (`company_record` refuses it).
    """
    connection = node.get("locations")
    gid = node.get("id")
    if not gid or not connection or not (connection.get("pageInfo") or {}).get("hasNextPage"):
        return node
    nodes = await complete_nodes(ctx.client, connection, "CompanyLocationsPage", {"id": gid},
                                 ("company", "locations"))
    log.debug("company %s: %s locations read", gid, len(nodes))
    return {**node, "locations": {"nodes": nodes, "pageInfo": {"hasNextPage": False}}}


async def fetch_company(ctx: JobContext, gid: str) -> CompanyRecord:
    """One company read from Shopify with all its locations. Raises RecordError when Shopify
    has no such company."""
    data = await ctx.client.execute("CompanyById", {"id": gid})
    node = data.get("company")
    if node is None:
        raise RecordError(gid, "id", "Shopify has no such company")
    return company_record(await with_all_locations(ctx, node))


async def import_company(ctx: JobContext, company_gid: str) -> str | None:
    """Stage, map (and create, when allowed) one company met on a B2B order.

    For `sync.orders`. Honours `company_mapping`, but not `company_import` (the orders job
    decides when to call it). Returns the local organisation's customer no., None when the
    company stays unlinked (not found and creating is off, ambiguous, default_company
    mapping); a failure is reported on `ctx` as a per-record error.
    """
    settings = shop_settings(ctx.shop_code)
    terms = store.payment_terms_codes(ctx.shop_code) or await refresh_payment_terms(ctx)
    record = await fetch_company(ctx, company_gid)
    importer = CompanyImport(ctx, settings, terms)
    importer.apply(record, force=True)
    return store.get_company(ctx.shop_code, company_gid).customer_no


async def b2b_order_parties(ctx: JobContext, company_gid: str,
                            location_gid: str) -> company_rules.B2BOrderParties:
    """Sell-to/Bill-to/ship-to/payment terms of a B2B order (imports the company if needed)."""
    settings = shop_settings(ctx.shop_code)
    try:
        staged = store.get_company(ctx.shop_code, company_gid)
    except NotFoundError:
        await import_company(ctx, company_gid)
        staged = store.get_company(ctx.shop_code, company_gid)
    terms = store.payment_terms_codes(ctx.shop_code)
    location = next((loc for loc in staged.locations if loc.shopify_id == location_gid), None)
    location_in = None
    if location is not None:
        location_in = company_rules.B2BLocationIn(
            shopify_id=location.shopify_id, ship_to_code=location.ship_to_code,
            payment_terms_code=terms.get(location.payment_terms_id, ""),
            sell_to_no=location.sell_to_no, bill_to_no=location.bill_to_no,
        )
    own_terms = (store.business_details(staged.customer_no).payment_terms
                 if staged.customer_no else "")
    return company_rules.order_parties_for_b2b(staged.customer_no, location_in, settings,
                                               own_terms)


def _organisation_index(shop_country: str) -> company_rules.CompanyIndex:
    details = {b.customer_no: b for b in store.all_business_details()}
    wanted = set(store.organisation_nos())
    rows = []
    for row in list_customers_plain():
        if row.no not in wanted:
            continue
        business = details.get(row.no)
        rows.append(company_rules.OrganisationRow(
            no=row.no, email=row.email, phone=row.phone, country=row.country,
            registration_no=business.registration_no if business else "",
            vat_registration_no=business.vat_registration_no if business else "",
        ))
    return company_rules.CompanyIndex.build(rows, shop_country)


def _address_in(address: dict[str, Any], company: str) -> rules.ShopifyAddressIn:
    return rules.ShopifyAddressIn(
        id="", is_default=True, first_name=address.get("first_name", ""),
        last_name=address.get("last_name", ""), company=company,
        address1=address.get("address1", ""), address2=address.get("address2", ""),
        city=address.get("city", ""), province=address.get("province", ""),
        province_code=address.get("zone_code", ""), zip=address.get("zip", ""),
        country_code=address.get("country_code", ""), phone=address.get("phone", ""),
    )


class CompanyImport(ShopJob):
    """Shopify → local for companies: stage, map, create, link locations."""

    def __init__(self, ctx: JobContext, settings: ShopSettings, terms: dict[str, str]) -> None:
        super().__init__(ctx, settings)
        self.terms = terms
        #: The customers' rules: the shop's country and tax areas, the customer templates
        #: and the next free number of the organisations this import creates.
        self.customers = CustomerResolver(ctx, settings)
        self.shop_country = self.customers.shop_country
        self.county_rows = self.customers.county_rows
        self.county_sources = self.customers.match_settings.county_source  # per country
        self.index = _organisation_index(self.shop_country)
        self.retry = {g for g in unresolved_error_records(self.shop, RESOURCE)
                      if g.startswith(_GID_PREFIX)}

    async def run(self, *, only_staged: bool) -> None:
        state = get_sync_state(self.shop, RESOURCE)
        newest = state.watermark
        variables: dict[str, Any] = {"sortKey": "UPDATED_AT"}
        if state.watermark is not None:
            since = format_datetime(state.watermark - OVERLAP)
            variables["query"] = f"updated_at:>='{since}'"
        staged = {c.shopify_id for c in store.list_companies(self.shop)} if only_staged else None
        done = 0
        async for nodes in paginate(self.ctx.client, "CompaniesPage", variables, ("companies",)):
            for node in nodes:
                try:
                    record = company_record(await with_all_locations(self.ctx, node))
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
                    continue
                if record.updated_at and (newest is None or record.updated_at > newest):
                    newest = record.updated_at
                if staged is not None and record.shopify_id not in staged:
                    continue
                self.apply(record)
                done += 1
            self.ctx.reporter.progress(done, -1)
        set_sync_state(self.shop, RESOURCE, watermark=newest)
        log.info("company import of shop %s: %s companies read", self.shop, done)

    def apply(self, record: CompanyRecord, *, force: bool = False) -> None:
        """Stage one company and act on it (one transaction)."""
        with transaction():
            changed = store.stage_company(self.shop, record)
            staged = store.get_company(self.shop, record.shopify_id)
            if not (changed or force or record.shopify_id in self.retry):
                self.ctx.result.skipped += 1
                return
            self._decide(staged)

    def _decide(self, staged: store.StagedCompany) -> None:
        gid = staged.shopify_id
        first = next(iter(staged.locations), None)
        address = (first.billing_address or first.shipping_address) if first else {}
        company = company_rules.CompanyIn(
            id=gid, name=staged.name, main_email=staged.main_contact_email,
            main_phone=staged.main_contact_phone,
            tax_ids=tuple(loc.tax_registration_id for loc in staged.locations
                          if loc.tax_registration_id),
            country=address.get("country_code", "") if address else "",
            linked_no=staged.customer_no or "",
        )
        decision = company_rules.match_company(
            company, self.index, self.settings.company_mapping,
            allow_create=self.settings.auto_create_customers,
            default_company_no=self.settings.default_company_no,
        )
        if decision.kind == "linked":
            if located := self._link_locations(staged, decision.customer_no or ""):
                self.ctx.result.count(LOCAL, UPDATED)
                self.ctx.result.record_change(record_changes.change(
                    record_changes.CUSTOMER, decision.customer_no, LOCAL, "update", located))
            else:
                self.ctx.result.skipped += 1
            self._resolved(gid)
        elif decision.kind == "matched":
            store.link_company(self.shop, gid, decision.customer_no, reason=decision.reason)
            located = self._link_locations(staged, decision.customer_no or "")
            self.ctx.result.count(LOCAL, LINKED)
            self.ctx.result.record_change(record_changes.change(
                record_changes.CUSTOMER, decision.customer_no, LOCAL, "link",
                {"shopify_company_id": (None, gid), **located}))
            self._resolved(gid)
        elif decision.kind == "create":
            self._create(staged)
        elif decision.kind == "ambiguous":
            note = (f"several local organisations have this {decision.reason}: "
                    f"{', '.join(decision.candidates)}")
            store.link_company(self.shop, gid, None, review_state="ambiguous", review_note=note)
            self.ctx.fail(gid, decision.reason.replace(" ", "_"), f"{note}; link it by hand",
                          code="ambiguous_match")
        elif decision.kind == "error":
            self.ctx.fail(gid, "company_mapping", decision.reason, code="mapping_settings")
        else:  # "default" (orders use the default company) or "none" (waits unlinked)
            if decision.stale_link:
                store.link_company(self.shop, gid, None)
            self.ctx.result.skipped += 1
            self._resolved(gid)

    def _create(self, staged: store.StagedCompany) -> None:
        gid = staged.shopify_id
        first = staged.locations[0] if staged.locations else None
        place = (first.billing_address or first.shipping_address) if first else {}
        person = rules.ShopifyCustomerIn(
            id=gid, first_name=staged.main_contact_first_name,
            last_name=staged.main_contact_last_name, email=staged.main_contact_email,
            phone=staged.main_contact_phone,
            addresses=(_address_in(place, staged.name),) if place else (),
        )
        choice = self.customers.template_for(person)
        if choice.template_code is None:
            reason = choice.reason or "cannot create the organisation"
            if "no address" in reason:
                reason = "cannot create: the Shopify company has no location address"
            self.ctx.fail(gid, "customer_template" if place else "address", reason,
                          code="no_template" if place else "no_address")
            return
        sources = rules.NameSources("company", "none", self.settings.contact_source)
        fields = local_fields_from_shopify(person, choice.address, sources,
                                           self.county_sources, self.county_rows,
                                           self.shop_country)
        data = {k: v for k, v in dataclasses.asdict(fields).items()
                if v != "" and k != "cut"}
        name = self._cut(gid, "name", staged.name, CUSTOMER.name)
        data.update(name=name or data.get("name", gid),
                    template=choice.template_code,
                    category="organisation", no=self.customers.take_no())
        row = create_customer(data)
        terms = self.terms.get(first.payment_terms_id, "") if first else ""
        store.set_business_details(row.no, vat_registration_no=(
            first.tax_registration_id if first else ""), payment_terms=terms)
        store.link_company(self.shop, gid, row.no, reason="created")
        self.index.add(company_rules.OrganisationRow(
            row.no, row.email, row.phone, row.country,
            vat_registration_no=first.tax_registration_id if first else ""))
        located = self._link_locations(staged, row.no)
        self.ctx.result.count(LOCAL, CREATED)
        self.ctx.result.record_change(record_changes.change(
            record_changes.CUSTOMER, row.no, LOCAL, "create",
            {**record_changes.created_fields(data, CUSTOMER_COLUMNS),
             "shopify_company_id": (None, gid), **located}))
        self._resolved(gid)

    def _link_locations(self, staged: store.StagedCompany, no: str) -> record_changes.Fields:
        """Link each unlinked location to a local address; what was linked ("location
        NAME": (None, address code), the history's fields), empty when none was."""
        main_taken = any(loc.ship_to_code == store.MAIN_ADDRESS for loc in staged.locations)
        codes = {r.code for r in store.ship_to_addresses(no)}
        changed: record_changes.Fields = {}
        for loc in staged.locations:
            if loc.ship_to_code is not None:
                continue
            code: str | None = None
            if loc.external_id == no and not main_taken:
                code = store.MAIN_ADDRESS
            elif loc.external_id.startswith(f"{no}/") and loc.external_id[len(no) + 1:] in codes:
                code = loc.external_id[len(no) + 1:]
            elif not main_taken and not loc.external_id:
                code = store.MAIN_ADDRESS
            if code == store.MAIN_ADDRESS:
                main_taken = True
            if code is None:
                code = self._new_ship_to(no, loc)
            store.link_location(self.shop, staged.shopify_id, loc.shopify_id, code)
            changed[f"location {loc.name or loc.shopify_id}"] = (None, code)
        return changed

    def _new_ship_to(self, no: str, loc: store.StagedLocation) -> str:
        address = loc.shipping_address or loc.billing_address or {}
        country = address.get("country_code", "")
        county = rules.county_from_shopify(country, address.get("zone_code", ""),
                                           address.get("province", ""),
                                           self.county_sources, self.county_rows,
                                           ADDRESS.county)
        contact = " ".join(p for p in (address.get("first_name"), address.get("last_name")) if p)
        code = store.next_ship_to_code(no)
        gid = loc.shopify_id

        def cut(field_name: str, value: str, length: int) -> str:
            return self._cut(gid, f"ship_to_{field_name}", value, length)

        store.upsert_ship_to(no, code, {
            "name": cut("name", loc.name, ADDRESS.name),
            "contact": cut("contact", contact, ADDRESS.contact),
            "address": cut("address", address.get("address1", ""), ADDRESS.address),
            "address_2": cut("address_2", address.get("address2", ""), ADDRESS.address_2),
            "city": cut("city", address.get("city", ""), ADDRESS.city),
            "post_code": cut("post_code", address.get("zip", ""), ADDRESS.post_code),
            "county": county, "country": country,
            "phone": cut("phone", address.get("phone") or loc.phone, ADDRESS.phone),
            "payment_terms": self.terms.get(loc.payment_terms_id, ""),
            "tax_registration_no": cut("tax_registration_no", loc.tax_registration_id,
                                       TAX_REGISTRATION_NO),
        })
        return code

    def _cut(self, record: str, field_name: str, value: str | None, length: int) -> str:
        """`value` cut to a local column of `length`, named in the run's warnings when it
        had to be cut (never cut without a word, issue 15)."""
        value = value or ""
        if len(value) > length:
            self.ctx.result.warn(record, field_name, "field_cut",
                                 f"{field_name} is longer than the local field: cut to "
                                 f"{length} characters")
        return value[:length]

    def _resolved(self, gid: str) -> None:
        if gid in self.retry:
            resolve_errors(self.shop, RESOURCE, [gid])


def _code_of_external_id(no: str, external_id: str) -> str | None:
    """The local address a location our export made stands for ("" the organisation's own,
    else a ship-to code), from its external id; None for any other location."""
    if external_id == no:
        return store.MAIN_ADDRESS
    if external_id.startswith(f"{no}/"):
        return external_id[len(no) + 1:]
    return None


def _mirror_address(address: dict[str, Any]) -> dict[str, str]:
    """A staged address (the records' keys) under CompanyAddressInput's keys."""
    return {
        "address1": address.get("address1", ""), "address2": address.get("address2", ""),
        "city": address.get("city", ""), "zip": address.get("zip", ""),
        "countryCode": address.get("country_code", ""), "zoneCode": address.get("zone_code", ""),
        "recipient": address.get("recipient", ""), "firstName": address.get("first_name", ""),
        "lastName": address.get("last_name", ""), "phone": address.get("phone", ""),
    }


def _mirror(no: str, staged: store.StagedCompany) -> company_rules.CompanyMirror:
    """What Shopify holds for a linked company, as `company_rules.company_changes` reads it.

    A location not linked to a local address yet stands for the one its external id names,
    when our export made it."""
    return company_rules.CompanyMirror(
        name=staged.name, contact_id=staged.main_contact_id,
        contact_email=staged.main_contact_email, contact_phone=staged.main_contact_phone,
        contact_first_name=staged.main_contact_first_name,
        contact_last_name=staged.main_contact_last_name,
        locations=tuple(
            company_rules.LocationMirror(
                shopify_id=loc.shopify_id,
                code=(loc.ship_to_code if loc.ship_to_code is not None
                      else _code_of_external_id(no, loc.external_id)),
                name=loc.name, phone=loc.phone, tax_registration_id=loc.tax_registration_id,
                payment_terms_id=loc.payment_terms_id,
                billing=_mirror_address(loc.billing_address),
                shipping=_mirror_address(loc.shipping_address))
            for loc in staged.locations),
    )


class CompanyExport(CompanyExporter):
    """Local organisations → Shopify companies, one location per local address."""

    def __init__(self, ctx: JobContext, settings: ShopSettings, terms: dict[str, str]) -> None:
        super().__init__(ctx, settings)
        self.terms_ids = {code: gid for gid, code in terms.items()}
        self.company_country = shop_country(self.shop)
        self.county_rows = county_rows(self.shop)
        self.county_sources = shop_county_sources(self.shop, settings)  # per country

    async def run(self) -> None:
        in_bulk = CompanyBulkCreate(self, RESOURCE)  # from `bulk_write_threshold` new ones
        await in_bulk.adopt_recorded()
        todo = store.organisations(
            self.shop, export_all=self.settings.export_customers,
            update_all=self.settings.can_update_shopify_customers)
        one_by_one = set(await in_bulk.run([no for no, gid in todo if gid is None]))
        rest = [(no, gid) for no, gid in todo if gid is not None or no in one_by_one]
        start = len(todo) - len(rest)
        if start:
            self.ctx.reporter.progress(start, len(todo))
        for done, (no, gid) in enumerate(rest, start=start + 1):
            await self._send(no, gid)
            self.ctx.reporter.progress(done, len(todo))

    async def _send(self, no: str, gid: str | None) -> None:
        """Export organisation `no` one by one (create, or update its company `gid`); a
        failure is its per-record error."""
        try:
            if gid is None:
                await self._export_one(no)
            else:
                await self._update_one(no, gid)
        except UserErrors as exc:
            for item in exc.items:
                self.ctx.fail(exc.record or no, item.field_path or "", item.message,
                              code="shopify_refused")
        except (NetworkError, RecordError) as exc:
            self.ctx.fail(no, "", f"{exc} (it will be checked again on the next sync)",
                          code="retry_later")

    def _organisation(self, no: str) -> company_rules.OrganisationOut:
        row = get_customer(no)
        business = store.business_details(no)
        own = company_rules.AddressOut(
            code=store.MAIN_ADDRESS, name=row.name, contact=row.contact, address=row.address,
            address_2=row.address_2, city=row.city, post_code=row.post_code, county=row.county,
            country=row.country, phone=row.phone,
        )
        others = tuple(
            company_rules.AddressOut(
                code=s.code, name=s.name, contact=s.contact, address=s.address,
                address_2=s.address_2, city=s.city, post_code=s.post_code, county=s.county,
                country=s.country, phone=s.phone, payment_terms=s.payment_terms,
                tax_registration_no=s.tax_registration_no,
            )
            for s in store.ship_to_addresses(no)
        )
        return company_rules.OrganisationOut(
            no=no, name=row.name, contact=row.contact, email=row.email, phone=row.phone,
            registration_no=business.registration_no,
            vat_registration_no=business.vat_registration_no,
            payment_terms=business.payment_terms, addresses=(own, *others),
        )

    def prepared(self, no: str) -> company_rules.PreparedCompany | None:
        """The export inputs of organisation `no`; None (its issues reported) when it cannot
        be sent."""
        prepared = company_rules.prepare_company(
            self._organisation(no), self.terms_ids,
            sources=rules.NameSources.of(self.settings),
            county_source=self.county_sources, counties=self.county_rows,
            company_country=self.company_country,
        )
        if not prepared.ok:
            for issue in prepared.issues:
                self.ctx.fail(no, issue.field, issue.message, code="export_invalid")
            return None
        return prepared

    async def _export_one(self, no: str) -> None:
        prepared = self.prepared(no)
        if prepared is None:
            return
        gid = await self._find_existing(no)
        if gid is None:
            data = await self.ctx.client.execute("CompanyCreate", {"input": prepared.create_input})
            payload = data.get("companyCreate") or {}
            check_user_errors(payload, no)
            gid = payload["company"]["id"]
            log.info("company %s created in shop %s", gid, self.shop)
        await self.finish_create(no, prepared, await fetch_company(self.ctx, gid))

    async def finish_create(self, no: str, prepared: company_rules.PreparedCompany | None,
                            fetched: CompanyRecord) -> None:
        """After company `fetched` was created for organisation `no`: its further locations
        (`prepared`, None: prepared again now), then it is staged, linked (read back only
        when a location was added), counted and recorded. Shared with the bulk create."""
        gid = fetched.shopify_id
        prepared = prepared or self.prepared(no)
        existing = {loc.external_id for loc in fetched.locations}
        added = False
        for code, location in prepared.locations if prepared else ():
            if location["externalId"] in existing:
                continue  # made by the create, or by a run that was cut off
            data = await self.ctx.client.execute(
                "CompanyLocationCreate", {"companyId": gid, "input": location})
            added = True
            try:
                check_user_errors(data.get("companyLocationCreate") or {}, f"{no}/{code}")
            except UserErrors as exc:
                for item in exc.items:
                    self.ctx.fail(f"{no}/{code}", item.field_path or "", item.message,
                                  code="shopify_refused")
        if added or fetched.more_locations:
            await self._restage(no, gid, reason="exported")
        else:  # a commit may wait on the disk: off the window's event loop
            await in_thread(self._stage, no, fetched, "exported")
        self.ctx.result.count(SHOPIFY, CREATED)
        created = (record_changes.created_fields(record_changes.flattened(
            prepared.create_input)) if prepared and prepared.create_input else {})
        self.ctx.result.record_change(record_changes.change(
            record_changes.CUSTOMER, no, SHOPIFY, "create",
            {**created, "shopify_company_id": (None, gid)}))

    async def _restage(self, no: str, gid: str, *, reason: str | None = None) -> None:
        """Read the company back after the export sent something (`_stage`)."""
        self._stage(no, await fetch_company(self.ctx, gid), reason)

    def _stage(self, no: str, fetched: CompanyRecord, reason: str | None = None) -> None:
        """Stage company `fetched` as Shopify holds it, link the locations our export made
        (by external id), and remember the change as ours."""
        gid = fetched.shopify_id
        with transaction():
            store.stage_company(self.shop, fetched)
            if reason is not None:
                store.link_company(self.shop, gid, no, reason=reason)
            linked = {loc.shopify_id for loc in store.get_company(self.shop, gid).locations
                      if loc.ship_to_code is not None}
            for loc in fetched.locations:
                code = _code_of_external_id(no, loc.external_id)
                if code is not None and loc.shopify_id not in linked:
                    store.link_location(self.shop, gid, loc.shopify_id, code)
            if fetched.updated_at:
                store.mark_company_updated_by_app(self.shop, gid, fetched.updated_at)

    async def _update_one(self, no: str, gid: str) -> None:
        """Send what differs between organisation `no` and its linked company `gid`; nothing
        (no request) when nothing does. Each request's userErrors are the record's errors
        (the company's customer no., or no/CODE for a location); the others still go."""
        prepared = self.prepared(no)
        if prepared is None:
            return
        staged = store.get_company(self.shop, gid)
        changes = company_rules.company_changes(prepared, _mirror(no, staged))
        if changes.empty:
            self.ctx.result.skipped += 1
            return
        if changes.new_locations:
            # A create whose answer was lost must not be made twice: Shopify's own list.
            await self._restage(no, gid)
            staged = store.get_company(self.shop, gid)
            changes = company_rules.company_changes(prepared, _mirror(no, staged))
        sent_fields = record_changes.company_update_fields(changes, _mirror(no, staged))
        requests = self._update_requests(no, gid, staged.main_contact_id, changes)
        sent = bool(changes.new_contact) and await self._main_contact(no, gid,
                                                                      changes.new_contact)
        for record, operation, variables, payload in requests:
            data = await self.ctx.client.execute(operation, variables)
            try:
                check_user_errors(data.get(payload) or {}, record)
            except UserErrors as exc:
                for item in exc.items:
                    self.ctx.fail(record, item.field_path or "", item.message,
                                  code="shopify_refused")
                continue
            sent = True
        if sent:
            await self._restage(no, gid)
            self.ctx.result.count(SHOPIFY, UPDATED)
            self.ctx.result.record_change(record_changes.change(
                record_changes.CUSTOMER, no, SHOPIFY, "update", sent_fields))

    async def _main_contact(self, no: str, gid: str, contact: dict[str, Any]) -> bool:
        """Give company `gid`, which has no main contact, the contact `contact` (a
        CompanyContactInput with an e-mail) as its main contact; True when it has one.

        A contact of the company whose customer already has that e-mail (a run cut off
        between the create and the assignment made it) is assigned instead of creating a
        second one, which Shopify would refuse as taken. userErrors are errors of `no`.
        """
        email = str(contact.get("email") or "").strip().lower()
        contact_id = None
        async for nodes in paginate(self.ctx.client, "CompanyContactsPage", {"id": gid},
                                    ("company", "contacts")):
            for node in nodes:
                theirs = str((node.get("customer") or {}).get("email") or "").strip().lower()
                if contact_id is None and email and theirs == email:
                    contact_id = str(node["id"])
        try:
            if contact_id is None:
                data = await self.ctx.client.execute("CompanyContactCreate",
                                                     {"companyId": gid, "input": contact})
                payload = data.get("companyContactCreate") or {}
                check_user_errors(payload, no)
                contact_id = str(payload["companyContact"]["id"])
                log.info("contact %s created for company %s in shop %s", contact_id, gid,
                         self.shop)
            data = await self.ctx.client.execute(
                "CompanyAssignMainContact", {"companyId": gid, "companyContactId": contact_id})
            check_user_errors(data.get("companyAssignMainContact") or {}, no)
        except UserErrors as exc:
            for item in exc.items:
                self.ctx.fail(no, item.field_path or "", item.message, code="shopify_refused")
            return False
        return True

    @staticmethod
    def _update_requests(no: str, gid: str, contact_id: str,
                         changes: company_rules.CompanyChanges,
                         ) -> list[tuple[str, str, dict[str, Any], str]]:
        """(record, operation, variables, payload key) of each request `changes` needs."""
        requests: list[tuple[str, str, dict[str, Any], str]] = []
        if changes.company:
            requests.append((no, "CompanyUpdate", {"companyId": gid, "input": changes.company},
                             "companyUpdate"))
        if changes.contact:
            requests.append((no, "CompanyContactUpdate", {
                "companyContactId": contact_id, "input": changes.contact},
                "companyContactUpdate"))
        for loc in changes.locations:
            record = company_rules.location_external_id(no, loc.code)
            if loc.fields:
                requests.append((record, "CompanyLocationUpdate", {
                    "companyLocationId": loc.location_id, "input": loc.fields},
                    "companyLocationUpdate"))
            for address, kinds in loc.addresses:
                requests.append((record, "CompanyLocationAssignAddress", {
                    "locationId": loc.location_id, "address": address,
                    "addressTypes": list(kinds)}, "companyLocationAssignAddress"))
            if loc.tax_registration_id is not None:
                requests.append((record, "CompanyLocationTaxSettingsUpdate", {
                    "companyLocationId": loc.location_id,
                    "taxRegistrationId": loc.tax_registration_id},
                    "companyLocationTaxSettingsUpdate"))
        for code, values in changes.new_locations:
            requests.append((company_rules.location_external_id(no, code),
                             "CompanyLocationCreate", {"companyId": gid, "input": values},
                             "companyLocationCreate"))
        return requests

    async def _find_existing(self, no: str) -> str | None:
        """The company an earlier, cut-off export made for `no` (exact external id)."""
        escaped = no.replace("\\", "\\\\").replace('"', '\\"')
        data = await self.ctx.client.execute("CompanySearch",
                                             {"query": f'external_id:"{escaped}"'})
        for node in (data.get("companies") or {}).get("nodes") or []:
            if (node.get("externalId") or "") == no:
                return str(node["id"])
        return None
