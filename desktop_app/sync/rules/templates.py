"""Which customer template a new local customer gets, and which customer an order starts from.

Both rules read the shop's "Shopify Customer Templates" table: one row per country with a
default customer no. and a template code (seed 000 "Customer template per country/region",
bc_connector §1.2 `FindCustomerTemplate` and §1.4).

Business Central inserts an empty country row when none exists and then carries on, and
raises a bare error when the shop template is blank too. Here the decision says instead that
a row is missing (`missing_template_row`), so the job can add the row for the merchant to
fill in *and tell them*, and it gives a reason that names the country.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from desktop_app.records.settings import CustomerMapping, ShopSettings
from desktop_app.sync.issue_codes import say
from desktop_app.sync.rules.records import ShopifyAddressIn, ShopifyCustomerIn

NO_ADDRESS = "cannot create: the Shopify customer has no address"


@dataclass(frozen=True)
class TemplateRow:
    """One row of the shop's customer template table (`ShopCustomerTemplate`)."""

    country_code: str
    default_customer_no: str = ""
    template_code: str = ""
    tax_area: str = ""


def rows_by_country(rows: Iterable[TemplateRow]) -> dict[str, TemplateRow]:
    """Index rows by upper-case country code; the first row of a country wins."""
    indexed: dict[str, TemplateRow] = {}
    for row in rows:
        indexed.setdefault(row.country_code.strip().upper(), row)
    return indexed


def _as_index(rows: Mapping[str, TemplateRow] | Iterable[TemplateRow]) -> Mapping[str, TemplateRow]:
    if isinstance(rows, Mapping):
        return rows
    return rows_by_country(rows)


@dataclass(frozen=True)
class TemplateChoice:
    """The template for a customer about to be created, or why none can be used.

    `template_code` is None when the customer cannot be created; `reason` then says why.
    `missing_template_row` is True when the customer's country has no row in the table: the
    job adds an empty row and tells the merchant, whether or not the shop template was used.
    `address` is the address the customer will be created from.
    """

    template_code: str | None
    country_code: str = ""
    reason: str | None = None
    missing_template_row: bool = False
    address: ShopifyAddressIn | None = None
    source: Literal["order", "country", "shop", "none"] = "none"


def choose_template(
    customer: ShopifyCustomerIn,
    template_rows: Mapping[str, TemplateRow] | Iterable[TemplateRow],
    shop_template: str,
    order_template: str = "",
    shop_country: str | None = None,
) -> TemplateChoice:
    """Pick the customer template for creating a local customer from a Shopify customer.

    The country is the one of the default address, else of the first address. A customer
    with no address is not created (seed 000: "the Shopify customer must have at least one
    address"). The country's row gives the template; a blank or missing one falls back to the
    shop template; both blank means no creation. An order-level template overrides all of it,
    but the customer still needs an address.

    Args:
        customer: the Shopify customer to create locally.
        template_rows: the shop's template rows, a list or `rows_by_country()`'s mapping.
        shop_template: the shop's `customer_template` setting.
        order_template: a template chosen on the order, "" when none.
        shop_country: the shop's country (Shop Card): given, a customer with no address is
            created from that country's template (else the shop's, as for any country), with
            no address (issue 17); None keeps Business Central's refusal (`NO_ADDRESS`).
    """
    address = customer.main_address()
    if address is None and shop_country is None:
        return TemplateChoice(template_code=None, reason=NO_ADDRESS)
    country = (address.country_code if address is not None else shop_country or "")
    country = country.strip().upper()
    rows = _as_index(template_rows)
    row = rows.get(country) if country else None
    missing = bool(country) and row is None
    if order_template.strip():
        return TemplateChoice(
            order_template.strip(), country, None, missing, address, source="order"
        )
    if row is not None and row.template_code.strip():
        return TemplateChoice(row.template_code.strip(), country, None, False, address, "country")
    if shop_template.strip():
        return TemplateChoice(shop_template.strip(), country, None, missing, address, "shop")
    return TemplateChoice(
        template_code=None,
        country_code=country,
        reason=say("no_template_for_country", country=country)[0] if country
        else say("no_template_without_country")[0],
        missing_template_row=missing,
        address=address,
    )


OrderPath = Literal["country_default", "shop_default", "map", "error"]


@dataclass(frozen=True)
class OrderCustomerPlan:
    """Where an order's customer comes from (seed 003, bc_connector §1.4 steps 1-5).

    path:
      - "country_default": use `customer_no` (the ship-to country's default customer) as
        sell-to and bill-to; no mapping.
      - "shop_default": use `customer_no` (the shop's default customer); no mapping.
      - "map": run the customer mapping `mapping` for sell-to and bill-to; `allow_create` says
        whether an unknown customer may be created; when mapping leaves bill-to blank, use
        `fallback_customer_no` (step 5), and when that is None the order cannot be mapped.
      - "error": no customer can be chosen; `reason` says why.
    """

    path: OrderPath
    customer_no: str | None = None
    mapping: CustomerMapping | None = None
    allow_create: bool = False
    fallback_customer_no: str | None = None
    reason: str = ""


def _shop_default(default_no: str | None, reason: str, missing: str) -> OrderCustomerPlan:
    """The shop's default customer (`reason`: why), or an error (`missing`) when none is set."""
    if default_no is None:
        return OrderCustomerPlan("error", reason=missing)
    return OrderCustomerPlan("shop_default", customer_no=default_no, reason=reason)


def default_customer_for_order(
    ship_to_country: str,
    template_rows: Mapping[str, TemplateRow] | Iterable[TemplateRow],
    shop_settings: ShopSettings,
    bill_to_names_empty: bool = False,
) -> OrderCustomerPlan:
    """Decide how an imported consumer order finds its customer, before any lookup.

    1. The ship-to country's template row has a default customer: use it, whatever the
       import and mapping settings say.
    2. Customer import is "none": use the shop's default customer.
    3. Creating customers needs auto-create *and* an import setting other than "none".
    4. Otherwise map with the shop's mapping type; "default_customer" means the shop's
       default customer. By Bill-to Info cannot work on an order whose bill-to has no names,
       so such an order is mapped by e-mail/phone instead (as Business Central does).
    5. Whatever the mapping leaves blank falls back to the shop's default customer.

    Args:
        ship_to_country: ISO code of the order's shipping address ("" when none).
        template_rows: the shop's template rows.
        shop_settings: the shop's settings (`customer_import`, `customer_mapping`,
            `auto_create_customers`, `default_customer_no`).
        bill_to_names_empty: True when the order's billing address has neither a name nor a
            company.
    """
    rows = _as_index(template_rows)
    country = (ship_to_country or "").strip().upper()
    row = rows.get(country) if country else None
    if row is not None and row.default_customer_no.strip():
        return OrderCustomerPlan(
            "country_default",
            customer_no=row.default_customer_no.strip(),
            reason=f"default customer of {country}",
        )
    default_no = shop_settings.default_customer_no.strip() or None
    mapping: CustomerMapping = shop_settings.customer_mapping
    if shop_settings.customer_import == "none":
        return _shop_default(default_no, "customer import is 'none'",
                             "customer import is 'none' and no default customer is set")
    if mapping == "default_customer":
        return _shop_default(default_no, "default customer", "customer mapping is "
                             "'default_customer' but no default customer is set")
    if mapping == "bill_to" and bill_to_names_empty:
        mapping = "email_phone"
    allow_create = shop_settings.auto_create_customers or mapping == "always_new"
    return OrderCustomerPlan(
        "map",
        mapping=mapping,
        allow_create=allow_create,
        fallback_customer_no=default_no,
        reason=f"mapping {mapping}",
    )
