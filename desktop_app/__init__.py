"""Shop Sync: keeps a merchant's local customers and sales in step with a Shopify store."""

__version__ = "0.1.0"

#: The Shopify Admin API version this release is built and tested against.
#: It must equal the version of the schema in ../shared/shopify/ (see tests/contract).
SHOPIFY_API_VERSION = "2026-07"

