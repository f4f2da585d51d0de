"""The demo shop: a simulated Shopify Admin GraphQL API.

The backend (state, schema, resolvers, search, bulk operations, generator) executes GraphQL
documents; the HTTP shell (``shop.py``, ``transport.py``, ``server.py``) serves it.

The names below are loaded on first use (PEP 562): importing a light module of the package
(`plans`, `serve_options`) must not load the schema, the state and the resolvers, which every
command of the command line would otherwise pay for (about 0.2 s of CPU).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Each exported name and the module that defines it.
_EXPORTS = {
    "RequestContext": "desktop_app.demo_shop.context",
    "ShopBackend": "desktop_app.demo_shop.backend",
    "serve": "desktop_app.demo_shop.server",
    "DemoRequest": "desktop_app.demo_shop.shop",
    "DemoResponse": "desktop_app.demo_shop.shop",
    "DemoShop": "desktop_app.demo_shop.shop",
    "DemoShopTransport": "desktop_app.demo_shop.transport",
}

__all__ = ["DemoRequest", "DemoResponse", "DemoShop", "DemoShopTransport", "RequestContext",
           "ShopBackend", "serve"]

if TYPE_CHECKING:
    from desktop_app.demo_shop.backend import ShopBackend
    from desktop_app.demo_shop.context import RequestContext
    from desktop_app.demo_shop.server import serve
    from desktop_app.demo_shop.shop import DemoRequest, DemoResponse, DemoShop
    from desktop_app.demo_shop.transport import DemoShopTransport


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
