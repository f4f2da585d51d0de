"""Shop cards: create, read, change and delete them, their settings and what Shopify said.

Functions take and return plain values, never peewee rows, and each write runs in one
transaction (`database.transaction()`). Shops are named by their code.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.settings import ShopSettings
from desktop_app.store import settings as registry
from desktop_app.store import statements
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import Shop, utc_now
from desktop_app.store.settings import Value
from desktop_app.store.upsert import DuplicateError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShopRecord:
    """A shop card, with every setting resolved (stored value or default)."""

    id: int
    code: str
    name: str
    domain: str | None
    api_url: str | None
    is_demo: bool
    auth_method: str
    client_id: str | None
    settings: dict[str, Value]
    shopify_name: str | None
    plan: str | None
    currency: str | None
    timezone: str | None
    country: str | None
    api_version: str | None
    scopes: tuple[str, ...]
    info_checked_at: dt.datetime | None
    created_at: dt.datetime

    def get(self, name: str) -> Value:
        """The value of setting `name` (KeyError for an unknown name)."""
        return self.settings[name]


#: The fields of `ShopRecord` that are the shop row's columns as they are.
_SHOP_COLUMNS = ("id", "code", "name", "domain", "api_url", "auth_method", "client_id",
                 "shopify_name", "plan", "currency", "timezone", "country", "api_version",
                 "info_checked_at", "created_at")


def _shop_record(shop: Shop) -> ShopRecord:
    return ShopRecord(
        **{name: getattr(shop, name) for name in _SHOP_COLUMNS},
        is_demo=bool(shop.is_demo),
        settings=shop.all_settings(),
        scopes=tuple(shop.scope_list),
    )


def shop_by_code(code: str) -> Shop:
    shop = statements.first_where(Shop, code=code)
    if shop is None:
        raise NotFoundError(f"There is no shop '{code}'", shop=code)
    return shop


def shop_id(code: str) -> int:
    """The id of shop `code`, read with one plain statement (for the bulk writes and reads
    that work on ids).

    Raises:
        NotFoundError: no such shop.
    """
    row = DB.execute_sql('SELECT id FROM "shop" WHERE code = ?', (code,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no shop '{code}'", shop=code)
    return int(row[0])


#: What a shop code may be (ASCII letters and digits, '-' and '_').
SHOP_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


def create_shop(
    code: str,
    *,
    name: str = "",
    domain: str | None = None,
    api_url: str | None = None,
    is_demo: bool = False,
    auth_method: str = "token",
    client_id: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> ShopRecord:
    """Add a shop card. The address (domain, api_url) is checked by `shopify.address`.

    Raises:
        StoreError: bad code or auth method; DuplicateError: the code exists.
        SettingError: a bad setting.
    """
    code = (code or "").strip()
    if not SHOP_CODE.fullmatch(code):
        # The code names files (the sync lock, the demo's state): no "/", "..", escapes.
        raise StoreError("A shop code is 1 to 20 letters, digits, '-' or '_' (no spaces)",
                         shop=code)
    if auth_method not in Shop.AUTH_METHODS:
        raise StoreError(f"Unknown authentication method '{auth_method}'")
    with transaction():
        if Shop.select().where(Shop.code == code).exists():
            raise DuplicateError(f"A shop with code '{code}' already exists", shop=code)
        shop = Shop(
            code=code,
            name=name or code,
            domain=domain or None,
            api_url=api_url or None,
            is_demo=is_demo,
            auth_method=auth_method,
            client_id=client_id or None,
        )
        if settings:
            shop.set_many(dict(settings))
        shop.save(force_insert=True)
    log.info("Shop %s created", code)
    return _shop_record(shop)


def get_shop(code: str) -> ShopRecord:
    """The shop card `code`. Raises NotFoundError."""
    return _shop_record(shop_by_code(code))


def list_shops() -> list[ShopRecord]:
    return [_shop_record(s) for s in Shop.select().order_by(Shop.code)]


def shop_settings(code: str) -> ShopSettings:
    """Every Shop Card setting of `code`, stored value or default, as typed fields (the
    settings by name, for a form: `get_shop(code).settings`)."""
    return registry.typed(shop_by_code(code).all_settings())


def update_shop_settings(code: str, values: Mapping[str, object]) -> ShopRecord:
    """Validate and save settings (all or nothing). Raises NotFoundError, SettingError."""
    with transaction():
        shop = shop_by_code(code)
        shop.set_many(dict(values))
        shop.save()
    return _shop_record(shop)


_SHOP_EDITABLE = ("name", "domain", "api_url", "is_demo", "auth_method", "client_id")


def update_shop(code: str, **changes: str | bool | None) -> ShopRecord:
    """Change a shop's name, address or authentication fields."""
    unknown = set(changes) - set(_SHOP_EDITABLE)
    if unknown:
        raise StoreError(f"Cannot change {', '.join(sorted(unknown))} of a shop")
    if "auth_method" in changes and changes["auth_method"] not in Shop.AUTH_METHODS:
        raise StoreError(f"Unknown authentication method '{changes['auth_method']}'")
    with transaction():
        shop = shop_by_code(code)
        for key, value in changes.items():
            setattr(shop, key, value)
        shop.save()
    return _shop_record(shop)


def save_shop_info(code: str, info: Mapping[str, Any]) -> ShopRecord:
    """Cache what Test connection learnt: name, plan, currency, timezone, country, scopes..."""
    with transaction():
        shop = shop_by_code(code)
        if "name" in info:
            shop.shopify_name = info["name"] or None
        for key in ("plan", "currency", "timezone", "api_version"):
            if key in info:
                setattr(shop, key, info[key] or None)
        if "country" in info:
            shop.country = (info["country"] or "").upper() or None
        if "scopes" in info:
            scopes = info["scopes"] or ()
            shop.scopes = ",".join(scopes) if not isinstance(scopes, str) else scopes
        shop.info_checked_at = utc_now()
        shop.save()
    return _shop_record(shop)
