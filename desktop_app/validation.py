"""Pure checks of the values customers carry: e-mails, phone numbers, countries.

No database and no Qt: the CSV import, the sync rules and the UI all call these. Phones are
parsed with `phonenumbers` and compared in E.164, never by loose digit patterns.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult

from desktop_app import geo

log = logging.getLogger(__name__)

MAX_EMAIL_LENGTH = 254
_EMAIL_SEPARATORS = re.compile(r"[;,]")
_LOCAL_FORBIDDEN = set('()<>[]:;,\\"@')
_DOMAIN_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-)*[^\W_])?$")  # letters, digits, inner -

# An extension at the end: "ext. 12", "ext 12", "extension 12", "x12", "#12".
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d{1,10})\s*$", re.IGNORECASE)
# What may remain in a dialable number once the extension is removed.
_DIALABLE = re.compile(r"^[\d\s+\-().\/]+$")


# --- E-mail -------------------------------------------------------------------------------


def first_email(text: str | None) -> str | None:
    """The first address of a `;`- or `,`-separated list, trimmed; None if there is none."""
    if not text:
        return None
    for part in _EMAIL_SEPARATORS.split(text):
        part = part.strip()
        if part:
            return part
    return None


def is_valid_email(text: str | None) -> bool:
    """A pragmatic e-mail check: what Shopify and mail servers accept in practice.

    The rule: at most 254 characters, no whitespace, exactly one `@`; the local part is 1-64
    characters without `()<>[]:;,\\"` and does not start, end or repeat a dot; the domain has
    at least two dot-separated labels of letters, digits and inner hyphens, and a top-level
    label of at least two characters.
    """
    if not text or len(text) > MAX_EMAIL_LENGTH:
        return False
    if any(ch.isspace() for ch in text) or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    if not 1 <= len(local) <= 64 or any(ch in _LOCAL_FORBIDDEN for ch in local):
        return False
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or len(labels[-1]) < 2:
        return False
    return all(len(label) <= 63 and _DOMAIN_LABEL.match(label) for label in labels)


# --- Phone ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneResult:
    """A parsed phone number: E.164 (`+33612345678`), the extension apart, its region."""

    e164: str
    extension: str = ""
    region: str | None = None


_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country calling code",
    NumberParseException.NOT_A_NUMBER: "not a number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}

_POSSIBLE_REASONS = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
}


def _split_extension(text: str) -> tuple[str, str]:
    match = _EXTENSION.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], match.group(1)


def parse_phone(text: str | None, region: str | None = None) -> PhoneResult:
    """Parse a phone number typed in any dialable format into E.164.

    Accepted: `xxxxxxxxxx`, `+xxxxxxxxxxx`, `(xxx)xxx-xxxx`, `+x xxx-xxx-xxxx`, with dots,
    slashes or spaces, `00` or other international prefixes of the region, and an extension
    at the end (`ext. 12`, `x12`, `#12`), which is returned apart.

    Args:
        text: the number as typed.
        region: ISO country code used for national numbers (no leading `+`), e.g. the
            address's country; may be None when the number is international.

    Raises:
        ValueError: with a short reason: "empty", "not a number", "too short", "too long",
            "needs a country code (+...)", "unknown country calling code",
            "invalid for FR"...
    """
    raw = (text or "").strip()
    if not raw:
        raise ValueError("empty")
    number_text, extension = _split_extension(raw)
    number_text = number_text.strip()
    if not number_text or not _DIALABLE.match(number_text) or not any(
        ch.isdigit() for ch in number_text
    ):
        raise ValueError("not a number")
    region_code = (region or "").strip().upper() or None
    if region_code is not None and region_code not in phonenumbers.SUPPORTED_REGIONS:
        region_code = None
    if region_code is None and not number_text.startswith("+"):
        raise ValueError("needs a country code (+...)")
    try:
        number = phonenumbers.parse(number_text, region_code)
    except NumberParseException as exc:
        raise ValueError(_PARSE_REASONS.get(exc.error_type, "not a number")) from None
    number_region = phonenumbers.region_code_for_number(number)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        where = number_region or region_code or "its country"
        raise ValueError(_POSSIBLE_REASONS.get(possible, f"wrong length for {where}"))
    if not phonenumbers.is_valid_number(number):
        where = number_region or region_code or f"+{number.country_code}"
        raise ValueError(f"invalid for {where}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneResult(e164=e164, extension=extension, region=number_region)


def phones_equal(a: str | None, b: str | None, region: str | None = None) -> bool:
    """True when both parse to the same E.164 number (extensions are not compared).

    A number that does not parse equals nothing, not even itself.
    """
    try:
        return parse_phone(a, region).e164 == parse_phone(b, region).e164
    except ValueError:
        return False


# --- Country -------------------------------------------------------------------------------


def country_code(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a code (any case) or exact English name, else None."""
    value = (text or "").strip()
    if not value:
        return None
    if len(value) == 2:
        found = geo.country(value)
        if found is not None:
            return found.code
    by_name = geo.country_by_name(value)
    return by_name.code if by_name is not None else None
