"""The Shopify Admin API client: addresses, credentials, pacing, retries, paging and bulk.

Never imports Qt, keyring, peewee or the demo shop.
"""
