"""Frozen value types shared by `shopify/` and `store/`: customers, companies and orders.

`shopify/` builds them from Shopify's JSON (the parsing stays there: `shopify/records.py`,
`company_records.py`, `order_records.py`); `store/` stages them and hands them back in the
same shape; `sync/` and the front ends pass them along. `settings.py` is a shop's Shop Card
settings, typed (`ShopSettings`: the store builds it, the sync reads it). Pure data: no I/O, no
parsing, and no import of the app's other packages.
"""
