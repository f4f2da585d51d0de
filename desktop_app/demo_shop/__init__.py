"""The demo shop: a simulated Shopify Admin GraphQL API.

The backend (state, schema, resolvers, search, bulk operations, generator) executes GraphQL
documents; the HTTP shell (``shop.py``, ``transport.py``, ``server.py``) serves it.
"""

from desktop_app.demo_shop.context import RequestContext

__all__ = ["RequestContext"]

# --- backend exports (owned by the backend) -------------------------------------------------
from desktop_app.demo_shop.backend import ShopBackend  # noqa: E402

__all__ += ["ShopBackend"]
# --- HTTP shell exports (DemoShop, DemoShopTransport...): add them below this line ----------
from desktop_app.demo_shop.server import serve  # noqa: E402
from desktop_app.demo_shop.shop import DemoRequest, DemoResponse, DemoShop  # noqa: E402
from desktop_app.demo_shop.transport import DemoShopTransport  # noqa: E402

__all__ += ["DemoRequest", "DemoResponse", "DemoShop", "DemoShopTransport", "serve"]
