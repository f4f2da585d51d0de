"""The one repair step of text from outside (`records/text.py`) and the records that use it.

Controls: before issue 14 the Shopify records kept ESC, BEL, C1 controls and bidi overrides
(only NUL and lone surrogates were replaced, and only for customers and orders), the company
records repaired nothing (a lone surrogate reached the store and raised UnicodeEncodeError),
customer tags were joined unrepaired, and nothing escaped stored text on the terminal.
"""

from __future__ import annotations

import pytest

from desktop_app.records.text import clean_text, escape_unprintable, is_clean
from desktop_app.shopify.company_records import company_record
from desktop_app.shopify.records import customer_record

HOSTILE = "\x1b[2J\x1b]0;PWNED\x07Ansi"


@pytest.mark.parametrize(("raw", "one_line", "multi_line"), [
    (None, "", ""),
    (42, "42", "42"),
    ("  Ann Lee  ", "Ann Lee", "Ann Lee"),
    ("ACME \ud800 Ltd", "ACME \ufffd Ltd", "ACME \ufffd Ltd"),
    ("lone low \udc00", "lone low \ufffd", "lone low \ufffd"),
    ("pair \ud83d\ude00 kept", "pair \U0001F600 kept", "pair \U0001F600 kept"),
    (HOSTILE, "[2J]0;PWNEDAnsi", "[2J]0;PWNEDAnsi"),
    ("a\x00b", "a\ufffdb", "a\ufffdb"),
    ("C1\x85next\x9bcsi", "C1 nextcsi", "C1\nnextcsi"),
    ("\u202eevil\u202c gpj.exe", "evil gpj.exe", "evil gpj.exe"),
    ("\u2066iso\u2069 \u202aemb\u202b", "iso emb", "iso emb"),
    ("\ufeffann@x.com", "ann@x.com", "ann@x.com"),
    ("\u200fשלום\u200e", "\u200fשלום\u200e", "\u200fשלום\u200e"),  # plain marks stay
    ("Ann \r\n  Lee", "Ann Lee", "Ann\n  Lee"),
    ("a\rb\x0bc\x0cd\u2028e\u2029f", "a b c d e f", "a\nb\nc\nd\ne\nf"),
    ("tab\there", "tab here", "tab here"),
    ("Zoë, Müller & Søn", "Zoë, Müller & Søn", "Zoë, Müller & Søn"),
])
def test_clean_text(raw, one_line, multi_line):
    assert clean_text(raw) == one_line
    assert clean_text(raw, multiline=True) == multi_line
    assert is_clean(one_line) and clean_text(one_line) == one_line  # idempotent


def test_clean_text_output_can_be_encoded_as_utf8():
    every_bad = "".join(chr(c) for c in (*range(0x20), *range(0x7f, 0xa0))) + "\udfff\ud800"
    clean_text(every_bad).encode("utf-8")
    # NUL and the two lone surrogates as U+FFFD, the line breaks and tab as spaces.
    assert clean_text(every_bad) == "\ufffd     \ufffd\ufffd"


def test_escape_unprintable_keeps_newlines_and_visible_text():
    assert escape_unprintable("Zoë\nLine 2\u00a0x") == "Zoë\nLine 2\u00a0x"
    assert escape_unprintable(HOSTILE + "\u202e") == (
        "\\x1b[2J\\x1b]0;PWNED\\x07Ansi\\u202e")
    assert escape_unprintable("\x9b\U000f0001") == "\\x9b\\U000f0001"


def test_customer_records_repair_every_text_and_keep_note_lines():
    record = customer_record({
        "id": "gid://shopify/Customer/1", "firstName": HOSTILE, "lastName": "Lee\u202e",
        "email": "\ufeffa@x.com", "phone": "+1416\x00", "note": "l1\r\nl2\x07",
        "tags": ["vip\x1b", "\ud800", ""],
        "defaultAddress": {"id": "gid://shopify/MailingAddress/1", "address1": "1 Main\nSt",
                           "company": "ACME\x9b", "city": "Paris"},
    })
    assert (record.first_name, record.last_name, record.email, record.phone) == (
        "[2J]0;PWNEDAnsi", "Lee", "a@x.com", "+1416\ufffd")
    assert record.note == "l1\nl2"
    assert record.tags == "vip, \ufffd"
    (address,) = record.addresses
    assert (address.address1, address.company) == ("1 Main St", "ACME")


def test_company_records_repair_lone_surrogates_and_controls():
    record = company_record({
        "id": "gid://shopify/Company/1", "name": "ACME \ud800 Ltd\x1b[31m", "note": "a\nb\x00",
        "mainContact": {"id": "gid://shopify/CompanyContact/1", "customer": {
            "id": "gid://shopify/Customer/1", "firstName": "Ann\u202e", "email": "A@X.com\x07"}},
        "locations": {"nodes": [{"id": "gid://shopify/CompanyLocation/1",
                                 "name": "Head\u2066 office"}]},
    })
    assert (record.name, record.note) == ("ACME \ufffd Ltd[31m", "a\nb\ufffd")
    assert (record.main_contact.first_name, record.main_contact.email) == ("Ann", "a@x.com")
    assert record.locations[0].name == "Head office"
    record.name.encode("utf-8")
