"""The checks every setup table shares (customer templates, country templates, tax areas).

A refused value raises `SetupValueError` naming the record and the field, so the window can
put it beside the field and the command line prints one line that says what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app import geo
from desktop_app.errors import StoreError

#: Business Central's codes: up to 20 characters, stored in capitals, no spaces.
CODE_LENGTH = 20
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_.\-/]*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off", "")


class SetupValueError(StoreError):
    """A setup value refused: `record` (e.g. "template WHOLESALE") and `field` say where;
    `kind` is the stable reason the window translates (`required`, `too_long`, `bad_code`,
    `unknown_country`, `bad_currency`, `not_bool`, `not_choice`, `unknown_field`,
    `control_character`, `exists`, `unknown_tax_area`, `unknown_template`,
    `unknown_customer`, `unknown_account`, `unknown_payment_method`), `value` the value
    refused."""

    code = "setup_value"

    def __init__(self, record: str, field: str, message: str, *, kind: str = "",
                 value: str = "") -> None:
        super().__init__(f"{record}: {field}: {message}" if field else f"{record}: {message}",
                         record=record, field=field)
        self.record = record
        self.field = field
        self.reason = message
        self.kind = kind
        self.value = value


#: What `SetupUse.text` says, by kind: {shop} the shop card, {name} the row or setting.
_USE_TEXTS = {
    "shop_setting": "the Shop Card setting customer_template of shop {shop}",
    "setting": "the Shop Card setting {name} of shop {shop}",
    "country_template": "the {name} country template of shop {shop}",
    "template": "customer template {name}",
    "county": "county {name} of shop {shop}",
    "shipment_mapping": "the shipping title '{name}' of shop {shop}",
    "payment_mapping": "the payment gateway '{name}' of shop {shop}",
    "location_link": "the Shopify location '{name}' of shop {shop}",
    "return_location_link": "the return location of Shopify location '{name}' of shop {shop}",
    "document": "document {name}",
    "more_documents": "{name} more documents",
}


@dataclass(frozen=True)
class SetupUse:
    """Something that names a setup row: `kind` (a key of `_USE_TEXTS`: `shop_setting`,
    `setting`, `country_template`, `template`, `county`, `shipment_mapping`,
    `payment_mapping`, `location_link`, `return_location_link`, `document`,
    `more_documents`), the shop card, and the template code, the setting, the country (and
    county), the Shopify value or location name, or the document number."""

    kind: str
    shop: str = ""
    name: str = ""

    @property
    def text(self) -> str:
        return _USE_TEXTS.get(self.kind, _USE_TEXTS["county"]).format(shop=self.shop,
                                                                      name=self.name)


class SetupInUseError(StoreError):
    """A setup row that cannot be removed: `uses` say what names it."""

    code = "setup_in_use"

    def __init__(self, what: str, uses: list[SetupUse], **details: object) -> None:
        super().__init__(f"{what} is not removed: it is used by "
                         + "; ".join(u.text for u in uses), **details)
        self.what = what
        self.uses = uses


def check_code(value: object, record: str, field: str = "code", *,
               length: int = CODE_LENGTH) -> str:
    """A code as stored: trimmed, in capitals; refused when blank, too long or spaced."""
    text = str(value or "").strip().upper()
    if not text:
        raise SetupValueError(record, field, "a code is needed", kind="required")
    if len(text) > length:
        raise SetupValueError(record, field, f"'{text}' is longer than {length} characters",
                              kind="too_long", value=text)
    if not _CODE.fullmatch(text):
        raise SetupValueError(record, field, f"'{text}' may hold only letters, digits and "
                              "- _ . / (no spaces)", kind="bad_code", value=text)
    return text


def optional_code(value: object, record: str, field: str, *,
                  length: int = CODE_LENGTH) -> str:
    """`check_code`, but blank is allowed (it clears the field)."""
    if not str(value or "").strip():
        return ""
    return check_code(value, record, field, length=length)


def check_country(value: object, record: str, field: str = "country", *,
                  blank: bool = True) -> str:
    """An ISO 3166 two-letter country code (any case), in capitals."""
    text = str(value or "").strip().upper()
    if not text:
        if blank:
            return ""
        raise SetupValueError(record, field, "a country code is needed (e.g. GB, FR, US)",
                              kind="required")
    if geo.country(text) is None:
        raise SetupValueError(record, field, f"'{text}' is not a two-letter country code "
                              "(e.g. GB, FR, US)", kind="unknown_country", value=text)
    return text


def check_currency(value: object, record: str, field: str = "currency") -> str:
    """A three-letter currency code (ISO 4217), blank for the local currency."""
    text = str(value or "").strip().upper()
    if text and not _CURRENCY.fullmatch(text):
        raise SetupValueError(record, field, f"'{text}' is not a three-letter currency code "
                              "(e.g. EUR, GBP, USD)", kind="bad_currency", value=text)
    return text


def check_text(value: object, record: str, field: str, length: int) -> str:
    """Free text up to `length` characters (trimmed; no line breaks or control characters)."""
    text = str(value or "").strip()
    if len(text) > length:
        raise SetupValueError(record, field, f"is longer than {length} characters",
                              kind="too_long", value=text)
    if any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 for ch in text):
        raise SetupValueError(record, field, "holds a line break or a control character",
                              kind="control_character")
    return text


def check_bool(value: object, record: str, field: str) -> bool:
    """`true`/`false` (also yes/no, 1/0, on/off) or a bool."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SetupValueError(record, field, f"'{value}' is not true or false", kind="not_bool",
                          value=str(value))


def check_choice(value: object, record: str, field: str, choices: tuple[str, ...]) -> str:
    text = str(value or "").strip().lower()
    if text not in choices:
        shown = ", ".join(c or "(blank)" for c in choices)
        raise SetupValueError(record, field, f"'{value}' is not one of: {shown}",
                              kind="not_choice", value=str(value))
    return text
