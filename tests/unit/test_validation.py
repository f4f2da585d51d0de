"""desktop_app.validation: e-mails, phones (E.164) and countries, table-driven."""

from __future__ import annotations

import pytest

from desktop_app.validation import (
    PhoneResult,
    country_code,
    first_email,
    is_valid_email,
    parse_phone,
    phones_equal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a@example.com", "a@example.com"),
        ("  a@example.com ; b@example.com", "a@example.com"),
        ("a@example.com,b@example.com", "a@example.com"),
        (" ; ,b@example.com", "b@example.com"),
        ("", None),
        (None, None),
        (" ;, ", None),
    ],
)
def test_first_email(text, expected):
    assert first_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a@example.com",
        "first.last+tag@sub.example.co.uk",
        "o'brien@example.ie",
        "x@xn--bcher-kva.example",
        "élodie@exemple.fr",
        "a@münchen.de",
        "a" * 64 + "@example.com",
    ],
)
def test_valid_emails(text):
    assert is_valid_email(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "plainaddress",
        "a@b@example.com",
        "a @example.com",
        "a@example",
        "a@example.c",
        "a@.example.com",
        "a@example..com",
        "a@-example.com",
        "a@example-.com",
        ".a@example.com",
        "a.@example.com",
        "a..b@example.com",
        "a,b@example.com",
        "@example.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 250 + ".com",
        "a@exa_mple.com",
    ],
)
def test_invalid_emails(text):
    assert not is_valid_email(text)


@pytest.mark.parametrize(
    ("text", "region", "e164", "extension"),
    [
        # The four formats Business Central documents as accepted.
        ("2125551234", "US", "+12125551234", ""),
        ("+12125551234", None, "+12125551234", ""),
        ("(212)555-1234", "US", "+12125551234", ""),
        ("+1 212-555-1234", None, "+12125551234", ""),
        # More dialable spellings.
        ("212.555.1234", "US", "+12125551234", ""),
        ("1 (212) 555-1234", "US", "+12125551234", ""),
        ("06 12 34 56 78", "FR", "+33612345678", ""),
        ("0033 6 12 34 56 78", "FR", "+33612345678", ""),
        ("+33 (0)6 12 34 56 78", None, "+33612345678", ""),
        ("030/1234567", "DE", "+49301234567", ""),
        ("+44 20 7946 0958", "FR", "+442079460958", ""),  # international wins over region
        ("us-style 2125551234", "US", None, None),
        # Extensions kept apart.
        ("(212) 555-1234 ext. 12", "US", "+12125551234", "12"),
        ("212-555-1234 x12", "US", "+12125551234", "12"),
        ("+1 212 555 1234 extension 7", None, "+12125551234", "7"),
        ("+1 212 555 1234 #99", None, "+12125551234", "99"),
        # Region given in lower case.
        ("06 12 34 56 78", "fr", "+33612345678", ""),
    ],
)
def test_parse_phone_accepts_dialable_formats(text, region, e164, extension):
    if e164 is None:
        with pytest.raises(ValueError, match="not a number"):
            parse_phone(text, region)
        return
    result = parse_phone(text, region)
    assert result == PhoneResult(e164, extension, result.region)
    assert result.e164.startswith("+") and result.e164[1:].isdigit()


@pytest.mark.parametrize(
    ("text", "region", "reason"),
    [
        ("", "US", "empty"),
        ("   ", None, "empty"),
        ("call me", "US", "not a number"),
        ("12-ab-34", "US", "not a number"),
        ("ext. 12", "US", "not a number"),
        ("2125551234", None, "needs a country code"),
        ("2125551234", "ZZ", "needs a country code"),  # unknown region = no region
        ("06 12", "FR", "too short"),
        ("+1 212", None, "too short"),
        ("123456789012345678", "US", "too long"),
        ("+999 1234 5678", None, "unknown country calling code"),
        ("+1 555 555 5555", None, "invalid for"),
        ("00 00 00 00 00", "FR", "invalid for FR"),
    ],
)
def test_parse_phone_reasons(text, region, reason):
    with pytest.raises(ValueError, match=reason):
        parse_phone(text, region)


@pytest.mark.parametrize(
    ("a", "b", "region", "equal"),
    [
        ("+1 212-555-1234", "(212)555-1234", "US", True),
        ("06 12 34 56 78", "+33612345678", "FR", True),
        ("0612345678", "+33 6 12 34 56 78 ext. 5", "FR", True),
        ("06 12 34 56 78", "06 12 34 56 79", "FR", False),
        # Same digits, other country: a loose digit match would call these equal.
        ("+45 4545 4545", "+46 4545 4545", None, False),
        ("0612345678", "0612345678", None, False),  # unparseable equals nothing
        ("garbage", "garbage", "US", False),
    ],
)
def test_phones_equal(a, b, region, equal):
    assert phones_equal(a, b, region) is equal


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("FR", "FR"),
        ("fr", "FR"),
        (" us ", "US"),
        ("France", "FR"),
        ("united states", "US"),
        ("Germany", "DE"),
        ("", None),
        (None, None),
        ("ZZ", None),
        ("Atlantis", None),
        ("Fra", None),
    ],
)
def test_country_code(text, code):
    assert country_code(text) == code
