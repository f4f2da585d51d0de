"""Pure order rules: staging filters, the customer on the order, invoice or order, the sales
document's lines and totals, document date and currency, and conflicts on processed orders.

Sources: seed 003 and bc_connector §1.4, §1.6, §1.11. Where Business Central has a bug we do
something else, and say so:
- a processed order edited in Shopify is compared with what was true *when its document was
  made* (a snapshot), not with the previous import, so two edits between syncs, or an edit
  undone, cannot hide a change;
- a cancelled processed order is always a conflict (BC only when it has no refund lines,
  which lets a cancel-with-refund slip through);
- Shopify amounts are Decimals in the currency chosen once per document; nothing mixes the
  shop and presentment amounts (BC #4829).

No database, no HTTP, no Qt: inputs are `records.orders` and plain values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ZERO, LineRecord, OrderHeader, OrderRecord
from desktop_app.records.settings import CurrencyHandling, ShopSettings, settings_part
from desktop_app.records.widths import LINE_DESCRIPTION
from desktop_app.shopify.order_values import amount_text
from desktop_app.sync.issue_codes import say
from desktop_app.sync.rules.problems import Problem
from desktop_app.sync.rules.templates import (
    OrderCustomerPlan,
    TemplateRow,
    default_customer_for_order,
)

CENT = Decimal("0.01")

#: The message of a processed order that was edited in Shopify. It names our own Orders tab
#: button and CLI command (issue 14: no text names another product); the window shows it
#: translated (`ui/order_conflict_text.py`), the CLI and the log as stored.
CONFLICT_MESSAGE = (
    "The order was changed in Shopify after its sales document was made here; the document "
    "was not changed. Update the document to match the order in Shopify, then select the "
    "order in the Orders tab and click \"Mark Conflict Resolved\" (command line: shop-sync "
    "orders resolve-conflict)."
)
#: The texts stored by earlier versions for the same conflict (shown as `CONFLICT_MESSAGE`).
LEGACY_CONFLICT_MESSAGES = frozenset({(
    "The order has already been processed in Business Central, but an edition was received "
    "from Shopify. Changes were not propagated to the processed order in Business Central. "
    "Update the processed documents to match the received data from Shopify. If you wish to "
    "force the synchronization use the action \"Sync order from Shopify\" in the Shopify "
    "Order card page."
)})


def conflict_message_now(stored: str) -> str:
    """A stored conflict message as this version words it (legacy texts replaced)."""
    return CONFLICT_MESSAGE if stored in LEGACY_CONFLICT_MESSAGES else stored

DocumentType = Literal["order", "invoice"]
LineType = Literal["item", "gl_account", "comment"]


def money(value: Decimal) -> Decimal:
    """Round to cents, half up (what a scaled amount is stored as)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- filter expressions (tags @ and *, channel) ---------------------------------------------


def filter_matches(expression: str, value: str) -> bool:
    """Whether `value` passes a Business Central style filter expression.

    - `*` stands for any run of characters (`*tag1*` finds tag1 among several tags);
    - a leading `@` makes the comparison case-insensitive;
    - `|` separates alternatives; `<>` in front of an alternative negates it.
    An empty expression lets everything through. Without `*` the whole value must match,
    as in Business Central, so `tag1` does not match "tag1, tag2" but `*tag1*` does.
    """
    expression = expression.strip()
    if not expression:
        return True
    for alternative in expression.split("|"):
        alternative = alternative.strip()
        negate = alternative.startswith("<>")
        if negate:
            alternative = alternative[2:].strip()
        ignore_case = alternative.startswith("@")
        if ignore_case:
            alternative = alternative[1:]
        pattern = ".*".join(re.escape(part) for part in alternative.split("*"))
        flags = re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL
        hit = re.fullmatch(pattern, value, flags) is not None
        if hit != negate:
            return True
    return False


def tags_text(tags: Iterable[str]) -> str:
    """Tags as Shopify shows them and filters compare them: "a, b, c"."""
    return ", ".join(tags)


@dataclass(frozen=True)
class OrderFilter:
    """The filters of "Sync Orders from Shopify" (bc_connector §1.6); empty = everything.

    Status sets hold Shopify's display values (PAID, FULFILLED, UNFULFILLED...). `high_risk`
    True imports only HIGH-risk orders, False only the others. `countries` is matched against
    the ship-to country.
    """

    financial_statuses: frozenset[str] = frozenset()
    fulfillment_statuses: frozenset[str] = frozenset()
    fully_paid: bool | None = None
    high_risk: bool | None = None
    channel: str = ""
    countries: frozenset[str] = frozenset()
    tags: str = ""

    def matches(self, header: OrderHeader) -> bool:
        if self.financial_statuses and header.financial_status not in self.financial_statuses:
            return False
        if self.fulfillment_statuses and \
                header.fulfillment_status not in self.fulfillment_statuses:
            return False
        if self.fully_paid is not None and header.fully_paid != self.fully_paid:
            return False
        if self.high_risk is not None and header.high_risk != self.high_risk:
            return False
        if self.countries and header.ship_to_country not in self.countries:
            return False
        if not filter_matches(self.channel, header.channel):
            return False
        return filter_matches(self.tags, tags_text(header.tags))

    def to_json(self) -> dict[str, object]:
        return {
            "financial_statuses": sorted(self.financial_statuses),
            "fulfillment_statuses": sorted(self.fulfillment_statuses),
            "fully_paid": self.fully_paid, "high_risk": self.high_risk,
            "channel": self.channel, "countries": sorted(self.countries), "tags": self.tags,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> OrderFilter:
        data = data or {}

        def upper_set(key: str) -> frozenset[str]:
            return frozenset(str(v).upper() for v in data.get(key) or ())  # type: ignore[union-attr]

        return cls(
            financial_statuses=upper_set("financial_statuses"),
            fulfillment_statuses=upper_set("fulfillment_statuses"),
            fully_paid=data.get("fully_paid"),  # type: ignore[arg-type]
            high_risk=data.get("high_risk"),  # type: ignore[arg-type]
            channel=str(data.get("channel") or ""),
            countries=upper_set("countries"),
            tags=str(data.get("tags") or ""),
        )


def should_stage(header: OrderHeader, known: bool) -> bool:
    """Whether a header goes to "Orders to Import": a closed order is staged only when it
    was imported before (its update matters); a new closed order is left out (§1.6)."""
    return known or not header.closed


@dataclass(frozen=True)
class SeenOrder:
    """One order of the light change check: only its id, `updatedAt` and closed flag.

    `updated_at` is None when Shopify's value could not be read (it is then "changed").
    """

    shopify_id: str
    updated_at: dt.datetime | None
    closed: bool


def changed_orders(seen: Iterable[SeenOrder],
                   imported: Mapping[str, dt.datetime | None]) -> list[str]:
    """The orders of a change check that must be read in full, in the order first seen.

    `imported` maps the orders already imported to the `updatedAt` imported (or written back
    by us). An order is changed when it is not imported yet, or when its `updatedAt` is later
    than that one or either is unknown; a new closed order is not, since it is never staged
    (`should_stage`). An order seen twice (edited while the check paged) counts with its
    latest `updatedAt`.
    """
    latest: dict[str, SeenOrder] = {}
    for order in seen:
        if not order.shopify_id:
            continue
        before = latest.get(order.shopify_id)
        if before is None or _later(order.updated_at, before.updated_at):
            latest[order.shopify_id] = order
    changed = []
    for gid, order in latest.items():
        known = gid in imported
        if not known and order.closed:
            continue  # a new closed order is never staged (should_stage)
        stored = imported.get(gid)
        if known and stored is not None and order.updated_at is not None \
                and order.updated_at <= stored:
            continue  # the overlap, or our own write-back: nothing new
        changed.append(gid)
    return changed


def _later(candidate: dt.datetime | None, current: dt.datetime | None) -> bool:
    """Whether `candidate` should replace `current` (an unknown time wins: it is read)."""
    if candidate is None:
        return True
    return current is not None and candidate > current


# --- customer on the order -------------------------------------------------------------------


def customer_plan(order: OrderRecord, template_rows: Iterable[TemplateRow] | Mapping[str, TemplateRow],
                  settings: ShopSettings) -> OrderCustomerPlan:
    """Steps 1-4 of seed 003's customer priority for this order.

    The ship-to country's default customer first; then the shop default when customer import
    is "none"; else the mapping type (By Bill-to Info falls back to e-mail/phone when the
    bill-to address has no name and no company).
    """
    ship_to = order.ship_to.country_code if order.ship_to else ""
    bill = order.bill_to
    names_empty = bill is None or not (bill.first_name or bill.last_name or bill.company)
    return default_customer_for_order(ship_to, template_rows, settings, names_empty)


@dataclass(frozen=True)
class CustomerChoice:
    """The order's Sell-to/Bill-to. `error`: why there is none (field "customer"); `note`:
    why the shop's default customer stands in (recorded on the order, not an error)."""

    sell_to: str
    bill_to: str
    error: str = ""
    note: str = ""


def finish_customer(plan: OrderCustomerPlan, mapped_no: str | None,
                    manual: tuple[str, str] | None = None,
                    mapping_problems: Iterable[str] = ()) -> CustomerChoice:
    """The sell-to and bill-to customers, once mapping (if any) is done.

    A manual choice (the merchant set Sell-to/Bill-to on the order) always wins: Business
    Central loses a manual Sell-to when Bill-to mapping fails (bug 642033). Otherwise the
    plan's fixed customer, or the mapped one, or (step 5, "Blank Bill-to -> Default
    Customer") the shop's default customer, with a note saying why; the sell-to and bill-to
    fill each other. Without a default customer, the mapping's problems are the error.

    Args:
        plan: steps 1-4 (`customer_plan`).
        mapped_no: the customer the mapping found or created, None when it could not.
        manual: the merchant's own (sell-to, bill-to), if any.
        mapping_problems: why the mapping found or created no customer (e.g. "cannot
            create: the Shopify customer has no address").
    """
    if manual is not None and (manual[0] or manual[1]):
        sell, bill = manual
        return CustomerChoice(sell or bill, bill or sell)
    if plan.path in ("country_default", "shop_default"):
        return CustomerChoice(plan.customer_no or "", plan.customer_no or "")
    if plan.path == "error":
        return CustomerChoice("", "", plan.reason)
    if mapped_no:
        return CustomerChoice(mapped_no, mapped_no)
    problems = list(dict.fromkeys(p for p in mapping_problems if p))
    why = "; ".join(problems) or "the order has no customer that could be mapped"
    if plan.fallback_customer_no:
        no = plan.fallback_customer_no
        return CustomerChoice(no, no, note=f"default customer {no} used: {why}")
    if problems:
        return CustomerChoice("", "", f"{why}; {say('and_no_default_customer')[0]}")
    return CustomerChoice("", "", say("no_customer_no_default")[0])


# --- invoice or order, date, currency -----------------------------------------------------


def document_type(order: OrderRecord, create_invoices: bool) -> DocumentType:
    """A sales invoice for an order Shopify has fulfilled (or that has nothing to ship, such
    as gift cards only) when "Create invoices from orders" is on; else a sales order."""
    if not create_invoices:
        return "order"
    if order.fulfillment_status == "FULFILLED":
        return "invoice"
    live = [line for line in order.lines if line.current_quantity > 0]
    if live and not any(line.requires_shipping for line in live):
        return "invoice"
    return "order"


def document_date(moment: dt.datetime | None, time_zone: str) -> dt.date:
    """The date of `moment` (UTC) in the company's time zone (an IANA name).

    Raises:
        ValueError: the time zone is unknown, or there is no moment.
    """
    if moment is None:
        raise ValueError("the order has no creation time")
    try:
        zone = ZoneInfo((time_zone or "UTC").strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{time_zone}' is not a known time zone (use an IANA name such as "
                         "Europe/Paris)") from None
    if moment.tzinfo is None:
        raise ValueError("naive order time")
    return moment.astimezone(zone).date()


def currency_of(order: OrderRecord, handling: CurrencyHandling) -> tuple[str, bool]:
    """The document currency and whether presentment amounts are used.

    "shop": every amount in the shop currency; "presentment": in the buyer's currency.
    """
    if handling == "presentment":
        return order.presentment_currency or order.currency, True
    return order.currency, False


# --- the sales document ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedLine(SalesLineRecord):
    """A sales line as the rules plan it (the store writes the same shape)."""

    type: LineType


@dataclass(frozen=True)
class ShippingMapping:
    """One row of the shipment method mapping (key: the shipping line's title)."""

    title: str
    shipment_method_code: str = ""
    charge_type: str = ""  # "", "gl_account" or "item"
    charge_no: str = ""


@dataclass(frozen=True)
class DocumentSettings:
    """The shop settings a sales document depends on (defaults: the shop's)."""

    create_invoices: bool = ShopSettings.create_invoices_from_orders
    order_no_on_doc_line: bool = ShopSettings.order_no_on_doc_line
    bring_taxes_in: bool = ShopSettings.bring_taxes_in
    currency_handling: CurrencyHandling = ShopSettings.currency_handling
    time_zone: str = ShopSettings.time_zone
    shipping_charges_account: str = ShopSettings.shipping_charges_account
    tip_account: str = ShopSettings.tip_account
    sold_gift_card_account: str = ShopSettings.sold_gift_card_account
    #: Lines whose SKU matches no item (or that have none) go to this account ("": they
    #: stop the order), as services such as engraving that no item stands for.
    no_item_account: str = ShopSettings.no_item_account

    @classmethod
    def from_shop(cls, settings: ShopSettings) -> DocumentSettings:
        return settings_part(cls, settings, create_invoices="create_invoices_from_orders")


@dataclass(frozen=True)
class DocumentPlan:
    """Everything needed to write one sales document, or the problems that prevent it."""

    type: DocumentType
    currency: str
    document_date: dt.date | None
    prices_including_tax: bool
    lines: tuple[PlannedLine, ...]
    amount: Decimal
    tax_amount: Decimal
    total: Decimal
    shipment_method: str = ""
    external_document_no: str = ""
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


def _scaled(value: Decimal, line: LineRecord) -> Decimal:
    """A line amount Shopify gives for the original quantity, for the current quantity."""
    if line.current_quantity == line.quantity or line.quantity == 0:
        return value
    return money(value * line.current_quantity / line.quantity)


def _line_amounts(gross: Decimal, discount: Decimal, tax: Decimal, taxes_included: bool,
                  bring_taxes_in: bool) -> tuple[Decimal, Decimal]:
    """(line amount, tax amount) for a line worth `gross` - `discount` with `tax` in it or on
    top. Without "bring taxes in", tax Shopify included in a price is taken out of it."""
    amount = gross - discount
    if not bring_taxes_in:
        return (amount - tax if taxes_included else amount), ZERO
    return amount, tax


def _implausible(line: LineRecord, gross: Decimal, discount: Decimal,
                 tax: Decimal) -> list[Problem]:
    """What Shopify cannot mean on a line: a tax rate outside 0-100 %, a discount above the
    line's price, a tax above what the line costs. Such an order gets no document (a
    merchant looks at it) rather than one with a negative line or a tax bigger than the sale.
    """
    found = []
    title = line.title[:40]
    for t in line.tax_lines:
        if not ZERO <= t.rate <= 1:
            found.append(Problem("taxLines", f"line '{title}': tax '{t.title[:40]}' has a rate "
                                 f"of {format(t.rate * 100, 'f')} %, outside 0-100 %"))
    if discount > gross:
        found.append(Problem("discount", f"line '{title}': its discount "
                             f"{amount_text(discount)} is more than its price "
                             f"{amount_text(gross)}"))
    elif tax > gross - discount:
        found.append(Problem("taxLines", f"line '{title}': its tax {amount_text(tax)} is more "
                             f"than what the line costs ({amount_text(gross - discount)})"))
    return found


def build_document(order: OrderRecord, settings: DocumentSettings,
                   items_by_sku: Mapping[str, str],
                   shipping_mappings: Mapping[str, ShippingMapping] | None = None
                   ) -> DocumentPlan:
    """Plan the sales document for an imported order (bc_connector §1.6, seed 003).

    Lines, in order: a comment with the Shopify order no. (when asked); each line item with
    a current quantity (gift cards to the sold gift card account, tips to the tip account,
    products to their item by SKU); each shipping line with a charge (by its shipment method
    mapping, else the shipping charges account). Every problem is collected, so the merchant
    sees all of them at once, and no document is planned while any remains.

    Args:
        order: the imported order.
        settings: the shop's document settings.
        items_by_sku: local item no. by SKU.
        shipping_mappings: shipment method mapping rows by title.
    """
    shipping_mappings = shipping_mappings or {}
    problems: list[Problem] = []
    currency, presentment = currency_of(order, settings.currency_handling)
    try:
        date = document_date(order.created_at, settings.time_zone)
    except ValueError as exc:
        date = None
        problems.append(Problem("time_zone", str(exc)))
    included = order.taxes_included
    bring = settings.bring_taxes_in
    lines: list[PlannedLine] = []
    if settings.order_no_on_doc_line:
        lines.append(PlannedLine("comment", "", f"Shopify order {order.name}", ZERO, ZERO, ZERO,
                                 ZERO, ZERO))
    for line in order.lines:
        qty = line.current_quantity
        if qty <= 0:
            continue  # removed by an edit or fully refunded before processing
        price = line.unit_price.pick(presentment)
        discount = _scaled(line.discount.pick(presentment), line)
        tax = _scaled(line.tax.pick(presentment), line)
        problems.extend(_implausible(line, price * qty, discount, tax))
        amount, tax_amount = _line_amounts(price * qty, discount, tax, included, bring)
        unit = price
        if not bring and included and qty:
            unit = price - money(tax / qty) if tax else price
        if line.is_tip:
            no, kind = settings.tip_account, "gl_account"
            if not no:
                problems.append(Problem("tip_account", f"order {order.name} has a tip but no "
                                        "tip account is set on the shop"))
        elif line.is_gift_card:
            no, kind = settings.sold_gift_card_account, "gl_account"
            if not no:
                problems.append(Problem("sold_gift_card_account",
                                        f"order {order.name} sells a gift card but no sold "
                                        "gift card account is set on the shop"))
        else:
            kind = "item"
            no = items_by_sku.get(line.sku, "") if line.sku else ""
            if not no and settings.no_item_account:
                kind, no = "gl_account", settings.no_item_account
            elif not line.sku:
                problems.append(Problem("sku", say("no_sku", line=line.title)[0]))
            elif not no:
                problems.append(Problem("sku", say("unknown_sku_in_plan", sku=line.sku,
                                                   line=line.title)[0]))
        description = line.title if not line.variant_title else \
            f"{line.title} - {line.variant_title}"
        lines.append(PlannedLine(kind, no, description[:LINE_DESCRIPTION], Decimal(qty), unit,
                                 discount, amount, tax_amount, line.shopify_id))
    shipment_method = ""
    first_shipping = True
    for ship in order.shipping_lines:
        if ship.is_removed:
            continue
        mapping = shipping_mappings.get(ship.title)
        if first_shipping and mapping is not None:
            shipment_method = mapping.shipment_method_code
        first_shipping = False
        gross = ship.amount.pick(presentment)
        discount = ship.discount.pick(presentment)
        if gross - discount <= 0:
            continue
        amount, tax_amount = _line_amounts(gross, discount, ship.tax.pick(presentment),
                                           included, bring)
        if mapping is not None and mapping.charge_type and mapping.charge_no:
            kind, no = mapping.charge_type, mapping.charge_no
        else:
            kind, no = "gl_account", settings.shipping_charges_account
            if not no:
                problems.append(Problem("shipping_charges_account",
                                        f"order {order.name} has shipping charges but no "
                                        "shipping charges account is set on the shop"))
        lines.append(PlannedLine(kind, no, (ship.title or "Shipping")[:LINE_DESCRIPTION],  # type: ignore[arg-type]
                                 Decimal(1), amount + discount, discount, amount, tax_amount,
                                 ship.shopify_id))
    amount_sum = sum((ln.amount for ln in lines), ZERO)
    tax_sum = sum((ln.tax_amount for ln in lines), ZERO)
    prices_incl = included and bring
    total = amount_sum if prices_incl else amount_sum + tax_sum
    if not [ln for ln in lines if ln.type != "comment"]:
        problems.append(Problem("lines", f"order {order.name} has nothing left to invoice"))
    return DocumentPlan(
        type=document_type(order, settings.create_invoices),
        currency=currency,
        document_date=date,
        prices_including_tax=prices_incl,
        lines=tuple(lines),
        amount=amount_sum,
        tax_amount=tax_sum,
        total=total,
        shipment_method=shipment_method,
        external_document_no=order.po_number,
        problems=tuple(problems),
    )


def missing_skus(order: OrderRecord, items_by_sku: Mapping[str, str]) -> list[LineRecord]:
    """Product lines (not tips or gift cards) with a SKU no local item has, first of each."""
    seen: set[str] = set()
    missing = []
    for line in order.lines:
        if line.current_quantity <= 0 or line.is_tip or line.is_gift_card or not line.sku:
            continue
        if line.sku not in items_by_sku and line.sku not in seen:
            seen.add(line.sku)
            missing.append(line)
    return missing


# --- conflicts on processed orders ---------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What a processed order looked like when its document was made."""

    item_quantity: int
    line_hash: str
    shipping_amount: str
    cancelled: bool
    refund_ids: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"item_quantity": self.item_quantity, "line_hash": self.line_hash,
                "shipping_amount": self.shipping_amount, "cancelled": self.cancelled,
                "refund_ids": list(self.refund_ids)}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Snapshot | None:
        if not data:
            return None
        return cls(int(data.get("item_quantity") or 0),  # type: ignore[arg-type]
                   str(data.get("line_hash") or ""), str(data.get("shipping_amount") or "0"),
                   bool(data.get("cancelled")),
                   tuple(str(r) for r in data.get("refund_ids") or ()))  # type: ignore[union-attr]


def line_hash(order: OrderRecord, given_back: Mapping[str, int] | None = None) -> str:
    """A hash of the sorted ids of the lines that still have a quantity, counting as still
    there the units of `given_back` (line id -> units)."""
    back = given_back or {}
    ids = sorted(line.shopify_id for line in order.lines
                 if line.current_quantity + back.get(line.shopify_id, 0) > 0)
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:32]


def refunded_since(before: Snapshot, order: OrderRecord) -> dict[str, int]:
    """Units per line given back by the refunds of money made after the snapshot: they
    become credit memos, so a line they empty was not removed by an edit."""
    units: dict[str, int] = {}
    for refund in order.refunds:
        if refund.shopify_id in before.refund_ids or zero_amount_refund(
                refund.total_refunded.shop, bool(refund.return_gid)):
            continue
        for line in refund.lines:
            units[line.line_gid] = units.get(line.line_gid, 0) + line.quantity
    return units


def shipping_amount(order: OrderRecord) -> Decimal:
    return sum((s.amount.shop - s.discount.shop for s in order.shipping_lines
                if not s.is_removed), ZERO)


def snapshot_of(order: OrderRecord) -> Snapshot:
    return Snapshot(order.item_quantity, line_hash(order), str(shipping_amount(order)),
                    order.cancelled_at is not None,
                    tuple(sorted(r.shopify_id for r in order.refunds)))


def zero_amount_refund(refund_total: Decimal, has_return: bool) -> bool:
    """Shopify's trace of an edit that removed items: a refund of nothing, with no return.
    It can never become a credit memo."""
    return refund_total == 0 and not has_return


def detect_conflicts(before: Snapshot, order: OrderRecord) -> list[str]:
    """Why a processed order no longer matches its document (empty: it still does).

    Seed 003 "Effect of order editing", column "already processed": quantity increased,
    items added or removed (the line ids change), quantity decreased or items removed (a
    zero-amount refund appears), shipping changed, order cancelled. A fulfilment, a payment
    or a new fulfilment location change nothing here.
    """
    reasons = []
    if order.item_quantity > before.item_quantity:
        reasons.append("quantity increased")
    if line_hash(order, refunded_since(before, order)) != before.line_hash:
        reasons.append("lines changed")
    if shipping_amount(order) != Decimal(before.shipping_amount):
        reasons.append("shipping changed")
    if order.cancelled_at is not None and not before.cancelled:
        reasons.append("order cancelled")
    for refund in order.refunds:
        if refund.shopify_id in before.refund_ids:
            continue
        if zero_amount_refund(refund.total_refunded.shop, bool(refund.return_gid)):
            reasons.append("zero-amount refund (an edit removed items)")
            break
    return reasons


# --- write-back ------------------------------------------------------------------------------

DOC_NO_ATTRIBUTE = "Shop Sync Doc. No."


def merged_attributes(existing: Iterable[tuple[str, str]], key: str,
                      value: str) -> list[dict[str, str]]:
    """The order's custom attributes with `key` set to `value`, every other one kept in
    place: orderUpdate replaces the whole list, so a lone attribute would wipe the rest."""
    result = []
    replaced = False
    for k, v in existing:
        if k == key:
            if not replaced:
                result.append({"key": k, "value": value})
                replaced = True
            continue
        result.append({"key": k, "value": v})
    if not replaced:
        result.append({"key": key, "value": value})
    return result


__all__ = [
    "CONFLICT_MESSAGE", "DOC_NO_ATTRIBUTE", "LEGACY_CONFLICT_MESSAGES", "CustomerChoice",
    "DocumentPlan", "DocumentSettings", "OrderCustomerPlan", "OrderFilter", "PlannedLine",
    "Problem", "ShippingMapping", "Snapshot", "TemplateRow", "build_document",
    "conflict_message_now", "currency_of",
    "customer_plan", "detect_conflicts", "document_date", "document_type", "filter_matches",
    "finish_customer", "line_hash", "merged_attributes", "missing_skus", "should_stage",
    "snapshot_of", "tags_text", "zero_amount_refund",
]
