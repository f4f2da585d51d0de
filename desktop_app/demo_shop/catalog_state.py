"""Products, their variants, and the shop's locations that stock them. Plain dataclasses read
by the backend's default resolver; their JSON form is the ``"products"`` and ``"locations"``
lists of the ``--state`` file (:mod:`desktop_app.demo_shop.state`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.demo_shop.addresses import AddressArea
from desktop_app.demo_shop.records import fields_json, timestamps_from_json
from desktop_app.demo_shop.scalars import LegacyNode

#: The keys of each record's JSON form, in the order they are written.
VARIANT_JSON_FIELDS = (
    "id", "title", "sku", "barcode", "price", "compare_at_price", "position", "taxable",
    "inventory_quantity", "created_at", "updated_at",
)
PRODUCT_JSON_FIELDS = (
    "id", "title", "handle", "vendor", "product_type", "status", "tags", "created_at",
    "updated_at", "variants",
)
LOCATION_JSON_FIELDS = (
    "id", "name", "is_active", "fulfills_online_orders", "ships_inventory",
    "fulfillment_service_handle",
)
#: A location's address fields, in the order of :class:`LocationAddress` and of the JSON form.
LOCATION_ADDRESS_FIELDS = (
    "address1", "address2", "city", "province_code", "country_code", "zip", "phone",
)


@dataclass(slots=True)
class Variant(LegacyNode):
    """A product variant (GraphQL ``ProductVariant``); ``product`` is set by the state."""

    TYPENAME: ClassVar[str] = "ProductVariant"

    id: int
    title: str
    sku: str | None
    price: Decimal
    created_at: datetime
    updated_at: datetime
    position: int = 1
    barcode: str | None = None
    compare_at_price: Decimal | None = None
    taxable: bool = True
    inventory_quantity: int | None = 0
    product: Product | None = None

    @property
    def display_name(self) -> str:
        product_title = self.product.title if self.product else ""
        return f"{product_title} - {self.title}" if self.title else product_title

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, VARIANT_JSON_FIELDS)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Variant:
        compare = data.get("compare_at_price")
        return cls(
            id=int(data["id"]),
            title=data.get("title") or "Default Title",
            sku=data.get("sku"),
            price=Decimal(str(data.get("price") or "0.00")),
            **timestamps_from_json(data),
            position=int(data.get("position") or 1),
            barcode=data.get("barcode"),
            compare_at_price=None if compare is None else Decimal(str(compare)),
            taxable=bool(data.get("taxable", True)),
            inventory_quantity=data.get("inventory_quantity"),
        )


@dataclass(slots=True)
class Product(LegacyNode):
    """A product with its variants."""

    TYPENAME: ClassVar[str] = "Product"

    id: int
    title: str
    handle: str
    created_at: datetime
    updated_at: datetime
    vendor: str = ""
    product_type: str = ""
    status: str = "ACTIVE"
    tags: list[str] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, PRODUCT_JSON_FIELDS)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Product:
        product = cls(
            id=int(data["id"]),
            title=data["title"],
            handle=data.get("handle") or data["title"].lower().replace(" ", "-"),
            **timestamps_from_json(data),
            vendor=data.get("vendor") or "",
            product_type=data.get("product_type") or "",
            status=data.get("status") or "ACTIVE",
            tags=list(data.get("tags") or []),
            variants=[Variant.from_json(v) for v in data.get("variants") or []],
        )
        for variant in product.variants:
            variant.product = product
        return product


@dataclass(slots=True)
class LocationAddress(AddressArea):
    """GraphQL ``LocationAddress`` (codes as plain strings, as in Shopify's type)."""

    address1: str | None
    address2: str | None
    city: str | None
    province_code: str | None
    country_code: str | None
    zip: str | None
    phone: str | None


@dataclass(slots=True)
class Location(LegacyNode):
    """A stock location."""

    TYPENAME: ClassVar[str] = "Location"

    id: int
    name: str
    address: LocationAddress
    created_at: datetime
    updated_at: datetime
    is_active: bool = True
    fulfills_online_orders: bool = True
    ships_inventory: bool = True
    #: Handle of the third-party fulfillment service running this location (None: the
    #: merchant's own location). Such a location's fulfillment orders belong to the service.
    fulfillment_service_handle: str | None = None

    @property
    def fulfillment_service(self) -> dict[str, Any] | None:
        """GraphQL ``FulfillmentService`` of a service location (Shopify gives every such
        location exactly one service, with the location's own name)."""
        if not self.fulfillment_service_handle:
            return None
        return {
            "id": f"gid://shopify/FulfillmentService/{self.id}",
            "handle": self.fulfillment_service_handle,
            "serviceName": self.name,
            "type": "THIRD_PARTY",
            "location": self,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **fields_json(self, LOCATION_JSON_FIELDS),
            **fields_json(self.address, LOCATION_ADDRESS_FIELDS),
            **fields_json(self, ("created_at", "updated_at")),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Location:
        return cls(
            id=int(data["id"]),
            name=data["name"],
            address=LocationAddress(*(data.get(name) for name in LOCATION_ADDRESS_FIELDS)),
            **timestamps_from_json(data),
            is_active=bool(data.get("is_active", True)),
            fulfills_online_orders=bool(data.get("fulfills_online_orders", True)),
            ships_inventory=bool(data.get("ships_inventory", True)),
            fulfillment_service_handle=data.get("fulfillment_service_handle"),
        )
