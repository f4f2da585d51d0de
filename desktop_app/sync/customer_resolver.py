"""CustomerResolver: what a Shopify customer, or a guest order's buyer, becomes locally.

One set of rules for every job that meets a customer (issue 16): the customers import decides
each staged Shopify customer with it, the orders job the customer on an order
(`resolve_for_order`) and a guest order's buyer (`resolve_guest`), and the companies import
takes from it the template and the number of an organisation it creates. For one run it holds:

- the index of the local customers (`rules.LocalIndex`), built when first needed and kept
  current as the run creates customers;
- the shop's matching settings (`rules.MatchSettings`), country and tax areas;
- the customer templates (per country, and the local templates' defaults);
- the next free customer number (`take_no`).

A decision (`decide`: linked, matched, created from the template, ambiguous, failed) is only
collected in a `PageWrites`; `flush` writes a page's decisions with a few statements at the
end of the page's transaction (issue 4's speed, see `sync/customers.py`). A new local
customer is made from its template in one place (`_new_customer`), for a Shopify customer and
for a guest alike.
"""

from __future__ import annotations

import dataclasses
import gc
from typing import Any

from desktop_app import geo
from desktop_app.errors import NotFoundError, RecordError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.records.text import quoted
from desktop_app.records.widths import CustomerWidths
from desktop_app.store import agreed as agreed_store
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import conflicts as conflict_store
from desktop_app.store import (
    customer_duplicates,
    customer_templates,
    customers,
    runs,
    shopify_customers,
    shops,
)
from desktop_app.store.database import transaction
from desktop_app.sync import conflicts, record_changes, rules
from desktop_app.sync import issue_codes as codes
from desktop_app.sync.collector import dispose, full_passes_held_back
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.county_sources import shop_county_sources
from desktop_app.sync.customer_page_writes import PageWrites
from desktop_app.sync.results import CREATED, LINKED, LOCAL, UPDATED, issue_code
from desktop_app.sync.rules import agreed as agreed_rules
from desktop_app.sync.rules import name_origin
from desktop_app.sync.rules.fields import (
    E164_SHAPE,
    LocalFields,
    local_fields_from_shopify,
)

#: The history's resource of customer failures (what a decision resolves).
RESOURCE = "customers"
GID_PREFIX = "gid://shopify/Customer/"
#: Local name fields never blanked by an update from Shopify (a Shopify customer without a
#: name must not wipe the name the merchant typed).
_NAME_FIELDS = ("name", "name_2", "contact")
_ADDRESS_FIELDS = ("address", "address_2", "city", "post_code", "country", "county")
#: The columns of a local customer that matching reads, in `rules.LocalCustomerRow` order.
_LOCAL_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(rules.LocalCustomerRow))
_LOCAL_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(LocalFields) if f.name != "cut")
#: The local columns' lengths Shopify's values are cut to (named when a value is cut).
_LENGTHS = CustomerWidths()


# --- conversions between the layers' records ---------------------------------------------


def rules_address(a: AddressRecord) -> rules.ShopifyAddressIn:
    """A Shopify address (staged, fetched or on an order) as the rules read it."""
    return rules.ShopifyAddressIn(
        id=a.shopify_id, is_default=bool(a.is_default), first_name=a.first_name or "",
        last_name=a.last_name or "", company=a.company or "", address1=a.address1 or "",
        address2=a.address2 or "", city=a.city or "", province=a.province or "",
        province_code=a.province_code or "", zip=a.zip or "",
        country_code=a.country_code or "", phone=a.phone or "",
    )


def rules_customer(record: CustomerRecord, linked_no: str | None = None
                   ) -> rules.ShopifyCustomerIn:
    """A staged or fetched Shopify customer as the rules read it."""
    return rules.ShopifyCustomerIn(
        id=record.shopify_id,
        first_name=record.first_name or "",
        last_name=record.last_name or "",
        email=record.email or "",
        phone=record.phone or "",
        addresses=tuple(rules_address(a) for a in (record.addresses or ())),
        linked_no=linked_no or "",
    )


def local_row(row: customers.CustomerRow) -> rules.LocalCustomerRow:
    """A local customer as the rules read it."""
    return rules.LocalCustomerRow(
        no=row.no, name=row.name, name_2=row.name_2, contact=row.contact, address=row.address,
        address_2=row.address_2, post_code=row.post_code, city=row.city, county=row.county,
        country=row.country, phone=row.phone, phone_ext=row.phone_ext, email=row.email,
    )


def shop_country(shop: str) -> str:
    """The shop's own country code (from its Shopify address; "" while unknown)."""
    return (getattr(shops.get_shop(shop), "country", "") or "").upper()


def county_rows(shop: str) -> tuple[rules.CountyRow, ...]:
    """The shop's tax areas, as the rules read them."""
    return tuple(
        rules.CountyRow(t.country_code, t.county_code, t.county_name)
        for t in customer_templates.list_tax_areas(shop)
    )


def template_rows(shop: str) -> list[rules.TemplateRow]:
    """The shop's customer templates per country, as the rules read them."""
    return [
        rules.TemplateRow(t.country_code, t.default_customer_no, t.template_code, t.tax_area)
        for t in customer_templates.list_shop_customer_templates(shop)
    ]


def _own_echo(record: CustomerRecord, staged: shopify_customers.StagedState) -> bool:
    """True when Shopify's latest change is the one our own export made (no ping-pong)."""
    return bool(
        staged.last_updated_by_app and record.updated_at
        and record.updated_at <= staged.last_updated_by_app
    )


def field_of(reason: str) -> str:
    """The field a matching reason ("email", "phone", both) names."""
    if "phone" in reason and "email" in reason:
        return "email, phone"
    return "phone" if "phone" in reason else "email"


def _template_defaults(code: str) -> dict[str, Any]:
    """The defaults a local template gives a new customer (none for an unknown code)."""
    try:
        template = customer_templates.get_customer_template(code)
    except NotFoundError:  # a template code with no local template row: no defaults
        return {}
    values = {}
    for key in ("country", "category"):
        value = getattr(template, key, "")
        if value:
            values[key] = value
    return values


class CustomerResolver(ShopJob):
    """Match, link or create the local customer of a Shopify customer or a guest, by the
    shop's rules, for one run (see the module's docstring).

    `ctx` is where its counts and failures go: the customers run's own context, or a context
    aside (`JobContext.aside`) for the orders job, whose failures become the order's.
    """

    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self.shop_country = shop_country(self.shop)
        self.county_rows = county_rows(self.shop)
        self.match_settings = rules.MatchSettings.from_shop(
            settings, self.shop_country, self.county_rows,
            shop_county_sources(self.shop, settings),  # per country (issue 17)
        )
        self.templates = rules.templates.rows_by_country(template_rows(self.shop))
        self._template_values: dict[str, dict[str, Any]] = {}
        self._index: rules.LocalIndex | None = None
        #: Whether `build_index_frozen` froze the heap (the run then gives it back at its end).
        self.froze = False
        self._next_no: int | None = None
        #: Shopify customers whose failure is on record: in the history, or kept on their
        #: staged row (the only trace left when a run was killed before it finished). The
        #: import retries them even when unchanged; a decision that settles one resolves it.
        self.retry = {
            gid for gid in runs.unresolved_error_records(self.shop, RESOURCE)
            if gid.startswith(GID_PREFIX)
        } | set(shopify_customers.staged_in_review(self.shop))
        #: Whether links record what they agreed on (`_exchanged`): only while one of the
        #: two update settings is on, the only time it is read. With both off, recording
        #: would cost the first import of 100,000 linked customers 3-4 s (measured: 35-45
        #: µs a link, 20,000 links on 2 busy CPUs) for values nothing reads; links made then
        #: start without them, and a blank never clears anything until their first exchange.
        self._records_agreed = (settings.shopify_can_update_customers
                                or settings.can_update_shopify_customers)
        #: Both directions on: fields are merged three ways (issue 19, `sync/conflicts.py`).
        self._two_way = conflicts.two_way(settings)

    # --- the index of local customers ---------------------------------------------------

    @property
    def index(self) -> rules.LocalIndex:
        """The local customers, indexed once per run (and kept current as the run creates).

        The rows are streamed from the store as plain tuples: 100,000 customers are never
        held as row objects, only as the index's keys.
        """
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> rules.LocalIndex:
        rows = (rules.LocalCustomerRow(*values)
                for values in bulk.iter_customer_columns(_LOCAL_ROW_FIELDS))
        return rules.LocalIndex.build(
            rows, self.shop_country, with_bill_to=self.match_settings.mapping == "bill_to",
        )

    @property
    def has_index(self) -> bool:
        """Whether the index was built (a run that decides nothing never builds it)."""
        return self._index is not None

    def build_index_frozen(self) -> None:
        """Build the index in the worker thread deciding the first batch that needs it (about
        a second for 100,000 local customers, off the window's event loop); none is built
        when no record is decided (a no-change re-sync whose failures are carried over).

        The built index is then frozen out of the cycle collector's way (`gc.freeze()`):
        its maps hold one entry per local customer, and every full collection visited each
        entry again, 10-15 ms a pass at 100,000 local customers, more on a busy machine,
        holding the window's event loop whichever thread ran it (issue 9's stall
        benchmark). The index holds no cycles, so reference counting still frees it after
        the run. A full collection just before the build (the heap is small then: start-up
        is frozen too, `app.settle_heap`) keeps garbage cycles out of what is frozen; the
        run gives the collector back what the freeze hid when it drops the index
        (`CustomerImport.run`).
        """
        if full_passes_held_back():
            # The window holds the full passes back for the whole run (`sync.collector`):
            # none will walk the index, so freezing it (and the full collection before and
            # after) would only stall the window for nothing (issue 21).
            self._index = self._build_index()
            return
        gc.collect()
        self._index = self._build_index()
        gc.freeze()
        self.froze = True

    def drop_index(self) -> None:
        """Forget the index (the run is over). While the window holds the full passes back,
        its maps are emptied in a worker thread (`collector.dispose`): freed at once on the
        window's event loop, 100,000 local customers' keys held it for tens of
        milliseconds (issue 21). Otherwise (the command line) they are freed at once, before
        the run gives back what it froze: handed over, the frozen maps would be frozen
        again at the run's end and freed later, behind the collector's back."""
        index, self._index = self._index, None
        if index is not None and full_passes_held_back():
            dispose(index.nos, index.by_email, index.by_phone, index.by_bill_to)

    # --- one customer met outside the customers import ------------------------------

    def resolve_for_order(self, record: CustomerRecord,
                          order_address: AddressRecord | None = None) -> str | None:
        """Stage one Shopify customer met on an order, match or create it by the shop's
        rules (exactly as the customer sync does) and return its local customer no., None
        when it stays unlinked. Used by `sync.orders` for the customer on the order.

        `order_address`: the order's bill-to (else ship-to) address, which a customer with
        no saved address in Shopify is matched and created with (issue 17). Only the
        decision reads it: what is staged is Shopify's customer as it is.
        """
        gid = record.shopify_id
        with transaction():
            result = bulk.stage_shopify_customers_batch(self.shop, [record])
            writes = self.page_writes(result.states, [gid])
            self.decide(record, result.states[gid], writes, order_address=order_address)
            self.flush(writes)
        state = shopify_customers.staged_states(self.shop, [gid]).get(gid)
        return state.customer_no if state is not None else None

    def resolve_guest(self, email: str, phone: str, address: AddressRecord | None
                      ) -> str | None:
        """The local customer of a guest order (no Shopify customer: only the order's e-mail,
        phone and billing address), by the shop's rules: matched, else created from the
        template when creation is allowed; None when neither (why goes to `ctx.fail`).

        Nothing is staged or linked, as there is no Shopify customer yet; the index learns the
        new customer, so when the guest later opens an account (e-mail in another case, phone
        typed differently), the customer sync finds this local customer instead of a second.
        """
        addresses = (rules_address(address),) if address is not None else ()
        first = address.first_name if address is not None else ""
        last = address.last_name if address is not None else ""
        customer = rules.ShopifyCustomerIn(id="", first_name=first, last_name=last,
                                           email=email, phone=phone, addresses=addresses)
        decision = rules.match_customer(customer, self.index, self.match_settings)
        label = email or phone or "guest"
        if decision.kind in ("matched", "linked", "default"):
            return decision.customer_no
        if decision.kind == "ambiguous":
            message, params = codes.say("several_customers", field=decision.reason,
                                        names=", ".join(decision.candidates))
            self.ctx.fail(label, field_of(decision.reason), message,
                          code=codes.AMBIGUOUS_MATCH, params=params)
            return None
        if decision.kind != "create":
            if decision.reason and decision.kind == "error":
                self.ctx.fail(label, "customer_mapping", decision.reason,
                              code=codes.MAPPING_SETTINGS)
            return None
        choice = self.template_for(customer, no_address_ok=True)
        try:
            values = self._new_customer(customer, choice, label)
        except RecordError as exc:
            self.ctx.fail(label, exc.field, exc.reason, code=issue_code(exc))
            return None
        with transaction():
            bulk.create_customers_batch([values])
        self._created(values, label, choice)
        return values["no"]

    # --- deciding the customers of a page ------------------------------------------

    def page_writes(self, states: dict[str, shopify_customers.StagedState],
                    gids: list[str]) -> PageWrites:
        """An empty page of decisions over these staged states, with the last exchange of
        `gids` read when Shopify can update customers (the only time it is used)."""
        writes = PageWrites(states)
        if self.settings.shopify_can_update_customers and gids:
            writes.agreed = agreed_store.read_agreed(self.shop, gids)
        if self._two_way and gids:
            writes.held = conflict_store.open_fields(self.shop, gids)
        return writes

    def decide(self, record: CustomerRecord, staged: shopify_customers.StagedState,
               page: PageWrites, *, order_address: AddressRecord | None = None) -> None:
        """Link, match or create the local customer of one staged Shopify customer, into
        `page`; `order_address`: see `resolve_for_order`."""
        # An e-mail that is not an address is neither matched on nor copied (issue 9).
        customer, bad_email = rules.without_invalid_email(
            rules_customer(record, staged.customer_no))
        if order_address is not None and not customer.addresses:
            customer = dataclasses.replace(customer, addresses=(
                dataclasses.replace(rules_address(order_address), is_default=True),))
        decision = rules.match_customer(customer, self.index, self.match_settings)
        gid = record.shopify_id
        if decision.kind in ("linked", "matched"):
            no = decision.customer_no
            linked = decision.kind == "linked"
            if not linked:
                page.set_match(gid, no, reason=decision.reason)
            if self.settings.shopify_can_update_customers and not _own_echo(record, staged):
                agreed = page.agreed.get(gid) if linked else None
                if agreed is not None and agreed.customer_no != no:
                    agreed = None
                merge: dict[str, Any] | None = {} if self._two_way else None
                try:
                    fields = self._update_fields(customer, agreed, bad_email=bool(bad_email),
                                                 merge=merge)
                except RecordError as exc:
                    self._failed(page, gid, exc.field, exc.reason, code=issue_code(exc))
                    return
                self._succeeded(page, gid, staged, linked=linked)
                if no:
                    # A linked customer counts as updated only if its fields change, which
                    # is known when the page is written (`_flush`).
                    page.local_updates.append((no, fields, linked))
                    if merge:  # two-way (issue 19)
                        page.merges[no] = (gid, merge["bases"], merge["now"],
                                           dict(agreed.local) if agreed is not None else None,
                                           merge["unagreed"])
                    self._exchanged(page, gid, no, customer)
                    if bad_email:
                        self._email_left_out(gid, bad_email, no)
                elif linked:
                    self.ctx.result.skipped += 1
                if not linked:
                    self.ctx.result.count(LOCAL, LINKED)
                    if no:
                        self.ctx.result.record_change(record_changes.customer_linked(
                            no, gid, LOCAL))
                return
            self._succeeded(page, gid, staged, linked=linked)
            if decision.kind == "matched":
                if no:
                    self._exchanged(page, gid, no, customer)
                    self.ctx.result.record_change(record_changes.customer_linked(
                        no, gid, LOCAL))
                self.ctx.result.count(LOCAL, LINKED)
            else:
                self.ctx.result.skipped += 1
            return
        if decision.kind == "create":
            self._create_local(page, record, customer, staged, bad_email)
            return
        if decision.kind == "ambiguous":
            names = ", ".join(decision.candidates)
            note, _ = codes.say("several_customers", field=decision.reason, names=names)
            page.set_match(gid, None, review_state="ambiguous", review_note=note)
            message, params = codes.say("several_customers_link", field=decision.reason,
                                        names=names)
            self.ctx.fail(gid, field_of(decision.reason), message,
                          code=codes.AMBIGUOUS_MATCH, params=params)
            return
        if decision.kind == "error":
            self._failed(page, gid, "customer_mapping", decision.reason,
                         code=codes.MAPPING_SETTINGS)
            return
        # "default" (orders use the default customer; nothing to link) or "none" (not found
        # and creating is off: it waits, unlinked, for a manual link).
        if decision.stale_link or staged.review_state:
            page.set_match(gid, None)
        self._resolved(page, gid)
        self.ctx.result.skipped += 1

    def _create_local(self, page: PageWrites, record: CustomerRecord,
                      customer: rules.ShopifyCustomerIn,
                      staged: shopify_customers.StagedState, bad_email: str = "") -> None:
        """Create the local customer of a Shopify customer from its template and link them;
        `bad_email`, its e-mail that is not an address, is left out, and the run says so."""
        gid = record.shopify_id
        choice = self.template_for(customer, no_address_ok=True)
        # A country met on a customer's address gets its (empty) row for the merchant to
        # fill; the shop's own country, taken for a customer without one, does not.
        if choice.missing_template_row and choice.country_code and choice.address is not None:
            customer_templates.get_shop_customer_template(self.shop, choice.country_code,
                                               create_missing=True)
            self.templates = rules.templates.rows_by_country(template_rows(self.shop))
        try:
            values = self._new_customer(customer, choice, gid)
        except RecordError as exc:
            self._failed(page, gid, exc.field, exc.reason, unlink=True, code=issue_code(exc))
            return
        page.new_customers[values["no"]] = values
        page.set_match(gid, values["no"], reason="created")
        self._exchanged(page, gid, values["no"], customer)
        self._created(values, gid, choice)
        self._resolved(page, gid)
        if bad_email:
            self._email_left_out(gid, bad_email, values["no"])

    # --- a new local customer from its template -------------------------------------

    def template_for(self, customer: rules.ShopifyCustomerIn, *,
                     no_address_ok: bool = False) -> rules.TemplateChoice:
        """The customer template a new local customer made of `customer` gets, or why none
        (`rules.choose_template`: its country's row, else the shop's template).

        `no_address_ok`: a customer with no address takes the template of the shop's
        country (the Shop Card's; its country row, else the shop's template) and is made
        without an address (issue 17); otherwise it has no template (`NO_ADDRESS`).
        """
        return rules.choose_template(customer, self.templates, self.settings.customer_template,
                                     shop_country=self.shop_country if no_address_ok else None)

    def _new_customer(self, customer: rules.ShopifyCustomerIn, choice: rules.TemplateChoice,
                      fallback_name: str) -> dict[str, Any]:
        """The values of a new local customer made of `customer` from the template `choice`
        (the template's defaults, under the fields from Shopify), with the next free number;
        nameless, it takes the e-mail, else the phone, else `fallback_name`. Not written:
        the caller writes it, then tells `_created`.

        Raises:
            RecordError: no template (field "address" when the customer has none and may
                not be made without, else "customer_template"), nothing to know the
                customer by (no name, e-mail nor phone: code `no_identity`), or a field from
                Shopify unusable (`_local_fields`).
        """
        if choice.template_code is None:
            if choice.address is None and choice.reason == rules.templates.NO_ADDRESS:
                raise RecordError(customer.id, "address", choice.reason,
                                  code=codes.NO_ADDRESS)
            raise RecordError(customer.id, "customer_template",
                              choice.reason or "cannot create the customer",
                              code=codes.NO_TEMPLATE)
        fields = self._local_fields(customer, choice.address)
        if not (fields.get("name") or fields.get("contact") or customer.email
                or fields.get("phone") or customer.phone):
            raise RecordError(customer.id, "name",
                              "cannot create: the Shopify customer has no name, no e-mail "
                              "and no phone to know it by", code=codes.NO_IDENTITY)
        data = {**self._template_defaults(choice.template_code)}
        data.update({k: v for k, v in fields.items() if v != "" or k not in data})
        data["template"] = choice.template_code
        if not data.get("name"):
            # Shopify needs a name, an e-mail or a phone; the local customer needs a name.
            data["name"] = customer.email or data.get("phone") or fallback_name
        data["no"] = self.take_no()
        return bulk.new_customer_values(data)

    def _created(self, values: dict[str, Any], label: str,
                 choice: rules.TemplateChoice) -> None:
        """A new local customer (`_new_customer`) is made: the index finds it from now on.
        One made without an address is a warning naming it (done, but worth a look)."""
        self.index.add(rules.LocalCustomerRow(*(values[k] for k in _LOCAL_ROW_FIELDS)))
        self.ctx.result.count(LOCAL, CREATED)
        self.ctx.result.record_change(record_changes.local_customer_created(values, LOCAL))
        for alike in customer_duplicates.look_alikes(  # issue 19: warn, the customer is made
                values.get("email", ""), values.get("phone", ""), values.get("country", "")):
            self.ctx.result.warn(
                label, "", customer_duplicates.LOOKS_LIKE,
                f"local customer {values['no']} {customer_duplicates.look_alike_text(alike)}",
                {"no": values["no"], "customer": alike.no, "reason": alike.reason})
        if choice.address is None:
            message, params = codes.say(
                "created_without_address" if choice.country_code
                else "created_without_address_or_country", name=values["name"],
                no=values["no"], template=choice.template_code or "",
                country=choice.country_code)
            self.ctx.result.warn(label, "address", codes.NO_ADDRESS, message, params)

    def _exchanged(self, page: PageWrites, gid: str, no: str,
                   customer: rules.ShopifyCustomerIn) -> None:
        """The link `gid` - `no` was made or updated: what both sides hold once the page is
        written is what they agreed on (issue 14, recorded by `_flush`)."""
        if self._records_agreed:
            page.exchanged[gid] = (no, agreed_rules.shopify_snapshot(customer))

    def _template_defaults(self, code: str) -> dict[str, Any]:
        """The defaults of a local template, read once per run."""
        if code not in self._template_values:
            self._template_values[code] = _template_defaults(code)
        return self._template_values[code]

    def take_no(self) -> str:
        """The next free customer number, computed once per run (a scan of every number),
        then counted on."""
        if self._next_no is None:
            self._next_no = int(customers.next_customer_no()[1:])
        else:
            self._next_no += 1
        no = f"C{self._next_no:05d}"
        if self._taken(no):
            # Taken meanwhile: by a company the orders' B2B import created, or by another
            # process. Start again from the store's highest number, past any taken one.
            self._next_no = int(customers.next_customer_no()[1:])
            while self._taken(no := f"C{self._next_no:05d}"):
                self._next_no += 1
        return no

    def _taken(self, no: str) -> bool:
        """Whether a local customer has number `no`: in the store, or made by this run and
        not written yet (in the index, when one was built: only a run that decides builds
        it, and creates nothing without it)."""
        return (self._index is not None and no in self._index) or bulk.customer_no_taken(no)

    def _local_fields(self, customer: rules.ShopifyCustomerIn,
                      address: rules.ShopifyAddressIn | None) -> dict[str, Any]:
        """Local customer fields from a Shopify customer and its main address (§1.2).

        Raises:
            RecordError: the address's country is not an ISO country code, or the phone (the
                address's, else the customer's) is not a dialable number.
        """
        fields = local_fields_from_shopify(
            customer, address, self.match_settings.name_sources,
            self.match_settings.county_source, self.county_rows, self.shop_country,
        )
        label = customer.id
        if fields.country and geo.country(fields.country) is None:
            raise RecordError(label, "country",
                              f"'{fields.country}' is not a known ISO country code",
                              code=codes.UNKNOWN_COUNTRY)
        if fields.phone and not E164_SHAPE.match(fields.phone):
            raise RecordError(label, "phone",
                              f"'{fields.phone}' is not a phone number that can be dialled",
                              code=codes.INVALID_PHONE)
        for field_name in fields.cut:  # never cut without a word (issue 15)
            self.ctx.result.warn(label, field_name, codes.FIELD_CUT, *codes.say(
                "field_cut", field=field_name, length=str(getattr(_LENGTHS, field_name))))
        # Plain str fields: a shallow copy (asdict deep-copies, 25 µs per customer).
        values = {name: getattr(fields, name) for name in _LOCAL_FIELD_NAMES}
        if address is None:
            for key in _ADDRESS_FIELDS:
                values.pop(key, None)
        return values

    def _update_fields(self, customer: rules.ShopifyCustomerIn,
                       agreed: agreed_store.AgreedValues | None = None, *,
                       bad_email: bool = False,
                       merge: dict[str, Any] | None = None) -> dict[str, Any]:
        """Shopify Can Update Customers: the fields a linked local customer takes from
        Shopify (the e-mail is settled against the local one in `_flush`).

        A blank is not a clear (issue 14, `rules.agreed.local_changes`): with the link's
        last exchange (`agreed`), a field takes Shopify's value only when Shopify changed it
        since, and one emptied in Shopify since is cleared here; a field the two did not
        agree on then, or any field of a link without an exchange recorded, takes only a
        non-blank value. A customer with no name in Shopify keeps its local names, and an
        e-mail left out as invalid (`bad_email`) never clears the local one.

        `merge` (two-way, issue 19), when given, receives Shopify's customer in local terms
        (`now`), the fields Shopify changed since they were agreed (`bases`,
        `conflicts.shopify_changes`) and those with no agreed value (`unagreed`), which
        `flush` merges with the local customer.

        Raises:
            RecordError: as `_local_fields`.
        """
        before = (agreed_rules.shopify_customer(customer.id, agreed.shopify)
                  if agreed is not None else None)
        # Names Shopify only copied onto the address: the customer's own are read (issue 20).
        copied = before is not None and agreed is not None and name_origin.copied_names(
            customer, before, agreed.local, self.match_settings.name_sources)
        now = self._local_fields(customer, name_origin.names_address(customer, copied))
        then: dict[str, Any] | None = None
        if before is not None:
            try:
                then = self._local_fields(before, name_origin.names_address(before, copied))
            except RecordError:  # what Shopify held then no longer reads: no agreement
                then = None
        local_then = agreed.local if agreed is not None and then is not None else None
        fields: dict[str, Any] = agreed_rules.local_changes(now, then, local_then)
        if merge is not None:
            merge.update(now=now, bases=conflicts.shopify_changes(now, then, local_then),
                         unagreed=conflicts.unagreed(now, then, local_then))
        if not now.get("name"):
            for key in _NAME_FIELDS:  # no name in Shopify: keep the local names
                fields.pop(key, None)
        if bad_email and not fields.get("email"):
            fields.pop("email", None)
        if "phone" in fields:
            fields["phone_ext"] = now.get("phone_ext", "")  # the extension goes with it
        return fields

    def flush(self, page: PageWrites) -> None:
        """Write what a page decided: new customers, updates, links, resolved errors.

        Updates from Shopify are applied here in decision order to the current values (a
        customer created earlier in the page included), as one `update_customer` per
        record would, and only the fields that end up different are written.

        Raises:
            NotFoundError: a linked local customer was deleted during the run.
        """
        existing = {no for no, _, _ in page.local_updates if no not in page.new_customers}
        current = bulk.customer_values(existing)
        current.update(page.new_customers)
        dirty: dict[str, dict[str, Any]] = {}
        for no, fields, counted in page.local_updates:
            row = current.get(no)
            if row is None:
                raise NotFoundError(f"There is no customer '{no}'", customer=no)
            wanted = dict(fields)
            email = rules.mapping.email_key(wanted.get("email", ""))
            if email and email in rules.mapping.email_keys(row["email"]):
                # One of the addresses typed locally: keep the field as typed. (A blank
                # e-mail here is one emptied in Shopify on purpose, `_update_fields`.)
                wanted.pop("email", None)
            changes = {k: v for k, v in bulk.normalise_customer(wanted).items()
                       if row[k] != v}
            if no in page.merges:  # two-way: changed on both sides is a conflict (issue 19)
                changes = self._merged(page, no, row, changes)
            if changes:
                self.ctx.result.record_change(record_changes.change(  # before the update
                    record_changes.CUSTOMER, no, LOCAL, "update",
                    record_changes.changed_fields(row, changes)))
                row.update(changes)
                if no not in page.new_customers:
                    dirty.setdefault(no, {}).update(changes)
            if counted:
                if changes:
                    self.ctx.result.count(LOCAL, UPDATED)
                else:
                    self.ctx.result.skipped += 1
        bulk.create_customers_batch(list(page.new_customers.values()))
        bulk.update_customers_batch(dirty)
        bulk.apply_matches_batch(self.shop, page.changed_links())
        if page.exchanged:
            # What both sides hold after this page is what they agreed on (issue 14).
            unread = {no for no, _ in page.exchanged.values()} - set(current)
            current.update(bulk.customer_values(unread))
            agreed_store.save_agreed(self.shop, [
                (gid, no, self._agreed_local(page, no, current[no]), snapshot)
                for gid, (no, snapshot) in page.exchanged.items() if no in current
            ])
        if page.conflicts:
            conflict_store.record_conflicts(self.shop, page.conflicts)
        if page.resolved:
            runs.resolve_errors(self.shop, RESOURCE, page.resolved)

    # --- two-way edits (issue 19, `sync/conflicts.py`) ---------------------------------

    def _merged(self, page: PageWrites, no: str, row: dict[str, Any],
                changes: dict[str, Any]) -> dict[str, Any]:
        """The changes from Shopify that go through to the local customer `no`: a field
        the local customer changed too, to another value, becomes a conflict (kept in
        `page.conflicts`, said as a warning), one already in conflict is left alone."""
        gid, bases, _, _, no_base = page.merges[no]
        kept, found = conflicts.merge(gid, no, row, changes, bases, page.held.get(gid, ()),
                                      no_base)
        for conflict in found:
            page.conflicts.append(conflict)
            if conflict.field not in page.held.get(gid, ()):  # else said when found
                conflicts.announce(self.ctx.result, conflict)
        return kept

    def two_way_view(self, record: CustomerRecord, agreed: agreed_store.AgreedValues | None
                     ) -> tuple[dict[str, Any], set[str]]:
        """Shopify's customer `record` in local terms (normalised) as a two-way import
        merges it, and its fields with no agreed value in the link's last exchange `agreed`.

        Raises:
            RecordError: as `_local_fields`."""
        customer, _ = rules.without_invalid_email(rules_customer(record))
        merge: dict[str, Any] = {}
        self._update_fields(customer, agreed, merge=merge)
        return bulk.normalise_customer(merge["now"]), merge["unagreed"]

    def local_fields_of(self, record: CustomerRecord) -> dict[str, Any]:
        """Shopify's customer `record` in local terms, as an update from Shopify takes it."""
        customer = rules_customer(record)
        return self._local_fields(customer, customer.main_address())

    def _agreed_local(self, page: PageWrites, no: str, values: dict[str, Any]
                      ) -> dict[str, str]:
        """The local side of a link to record as agreed after this page: as it is, or in
        two-way only the fields both sides now hold alike (`conflicts.agreed_local`)."""
        snapshot = agreed_rules.local_snapshot(values)
        if no not in page.merges:
            return snapshot
        _, _, now, local_then, _ = page.merges[no]
        return conflicts.agreed_local(snapshot, bulk.normalise_customer(now), local_then)

    # --- bookkeeping -------------------------------------------------------------------

    def _failed(self, page: PageWrites, gid: str, field: str, reason: str, *,
                unlink: bool = False, code: str) -> None:
        """A record failed: say so, and keep the failure on its staged row for the retry."""
        self.ctx.fail(gid, field, reason, code=code)
        if unlink:
            page.set_match(gid, None, review_state="error", review_note=reason)
        else:
            page.set_review_state(gid, "error", reason)

    def _email_left_out(self, gid: str, email: str, no: str) -> None:
        """Say that the e-mail of a Shopify customer was not given to its local customer
        `no` (created or updated from it), not being an address
        (`rules.without_invalid_email`): the customer went through, the e-mail did not.

        A warning (field `email`, code `invalid_email`), not a failure: the customer was
        imported (issue 17). The orders job turns it into the order's note.
        """
        self.ctx.result.warn(gid, "email", codes.INVALID_EMAIL,
                             *codes.say("email_left_out", email=quoted(email), no=no))

    def _succeeded(self, page: PageWrites, gid: str, staged: shopify_customers.StagedState, *,
                   linked: bool) -> None:
        if linked and staged.review_state:
            page.set_review_state(gid, "")
        self._resolved(page, gid)

    def _resolved(self, page: PageWrites, shopify_id: str) -> None:
        if shopify_id in self.retry:
            page.resolved.append(shopify_id)


