"""Pure customer rules: names, county, templates, matching and export checks.

Everything here is a function of frozen dataclasses: no database, no HTTP, no Qt, no I/O.
The sync jobs read the store and Shopify, build the records of `records`, call these rules and
act on the decisions they return. Modules:

- `records`: the inputs (a Shopify customer and its addresses, a local customer row).
- `names`: Name / Name 2 / Contact from Shopify names, and the split back (bc_connector
  §1.2-1.3).
- `county`: local County <-> Shopify province code, by the County Source setting.
- `fields`: every local customer field from one Shopify address (import and bill-to key).
- `templates`: the template for a new customer, and where an order's customer comes from.
- `mapping`: which local customer a Shopify customer is (`LocalIndex`, `match_customer`).
- `export`: checks and the Shopify input for one local customer, phone registry, exact-match
  filter for Shopify's search.
- `agreed`: a link's last exchange, and what a change or a blank since then means (issue 14).
"""

from desktop_app.sync.rules.county import (
    CountyResult,
    CountyRow,
    county_for_shopify,
    county_from_shopify,
)
from desktop_app.sync.rules.export import (
    ExportSettings,
    PhoneRegistry,
    PreparedCustomer,
    RecordIssue,
    SearchHit,
    ShopifyAddressInput,
    ShopifyCustomerInput,
    exact_match,
    prepare_customer,
)
from desktop_app.sync.rules.fields import (
    LocalFields,
    local_fields_from_shopify,
)
from desktop_app.sync.rules.mapping import (
    LocalIndex,
    MatchDecision,
    MatchSettings,
    match_customer,
    without_invalid_email,
)
from desktop_app.sync.rules.names import (
    FieldLengths,
    LocalNames,
    NameSources,
    PersonName,
    ShopifyNames,
    local_names,
    shopify_names,
    split_name,
)
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn
from desktop_app.sync.rules.templates import (
    OrderCustomerPlan,
    TemplateChoice,
    TemplateRow,
    choose_template,
    default_customer_for_order,
)

__all__ = [
    "CountyResult", "CountyRow", "ExportSettings", "FieldLengths",
    "LocalCustomerRow", "LocalFields", "LocalIndex", "LocalNames", "MatchDecision", "MatchSettings",
    "NameSources", "OrderCustomerPlan", "PersonName", "PhoneRegistry", "PreparedCustomer",
    "RecordIssue", "SearchHit", "ShopifyAddressIn", "ShopifyAddressInput", "ShopifyCustomerIn",
    "ShopifyCustomerInput", "ShopifyNames", "TemplateChoice", "TemplateRow", "choose_template",
    "county_for_shopify", "county_from_shopify", "default_customer_for_order", "exact_match",
    "local_fields_from_shopify", "local_names", "match_customer", "prepare_customer",
    "shopify_names", "split_name", "without_invalid_email",
]
