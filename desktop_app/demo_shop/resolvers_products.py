"""Products and variants: ``products``, ``productVariants`` (the app finds items by SKU)."""

from __future__ import annotations

import logging
from typing import Any, Unpack

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.catalog_state import Product, Variant
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    named_fields,
    require_scope,
    scoped_context,
    searched_connection,
)
from desktop_app.demo_shop.search import DateField, ExactField, NumberField, TextField, joined

logger = logging.getLogger(__name__)

PRODUCT_FIELDS = {
    "title": TextField(lambda p: p.title),
    "vendor": TextField(lambda p: p.vendor),
    "product_type": TextField(lambda p: p.product_type),
    "status": ExactField(lambda p: p.status),
    "tag": ExactField(lambda p: p.tags),
    "sku": ExactField(lambda p: [v.sku for v in p.variants]),
    "id": NumberField(lambda p: p.id),
    "handle": ExactField(lambda p: p.handle),
    "created_at": DateField(lambda p: p.created_at),
    "updated_at": DateField(lambda p: p.updated_at),
}
PRODUCT_DEFAULT = TextField(joined(lambda p: p.title, lambda p: p.vendor, lambda p: p.tags))

VARIANT_FIELDS = {
    "sku": ExactField(lambda v: v.sku),
    "barcode": ExactField(lambda v: v.barcode),
    "title": TextField(lambda v: v.title),
    "product_id": NumberField(lambda v: v.product.id),
    "id": NumberField(lambda v: v.id),
    "created_at": DateField(lambda v: v.created_at),
    "updated_at": DateField(lambda v: v.updated_at),
}
VARIANT_DEFAULT = TextField(joined(lambda v: v.sku, lambda v: v.title, lambda v: v.product.title))

PRODUCT_SORTS = {
    "TITLE": lambda p: p.title.casefold(),
    "VENDOR": lambda p: p.vendor.casefold(),
    "PRODUCT_TYPE": lambda p: p.product_type.casefold(),
    "CREATED_AT": lambda p: int(p.created_at.timestamp()),
    "UPDATED_AT": lambda p: int(p.updated_at.timestamp()),
}
VARIANT_SORTS = {
    "SKU": lambda v: (v.sku or "").casefold(),
    "TITLE": lambda v: v.title.casefold(),
    "FULL_TITLE": lambda v: v.display_name.casefold(),
    "NAME": lambda v: v.display_name.casefold(),
    "POSITION": lambda v: v.position,
    "INVENTORY_QUANTITY": lambda v: v.inventory_quantity or 0,
}


def resolve_product(_root: Any, info: GraphQLResolveInfo, id: str) -> Product | None:  # noqa: A002
    return by_gid(scoped_context(info, "read_products").state.products, id, "Product")


def resolve_variant(_root: Any, info: GraphQLResolveInfo, id: str) -> Variant | None:  # noqa: A002
    return by_gid(scoped_context(info, "read_products").state.variants, id, "ProductVariant")


def resolve_products(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    require_scope(info, "read_products")
    return searched_connection(info, context(info).state.products.values(), args,
                               PRODUCT_FIELDS, PRODUCT_DEFAULT, PRODUCT_SORTS)


def resolve_variants(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    require_scope(info, "read_products")
    return searched_connection(info, context(info).state.variants.values(), args,
                               VARIANT_FIELDS, VARIANT_DEFAULT, VARIANT_SORTS)


def resolve_product_variants(
    product: Product, _info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    pagination.check_window(args.get("first"), args.get("last"))
    return pagination.list_page(product.variants, args, VARIANT_SORTS, "POSITION")


RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_product, resolve_products),
    ("QueryRoot", "productVariant"): resolve_variant,
    ("QueryRoot", "productVariants"): resolve_variants,
    ("Product", "variants"): resolve_product_variants,
}
