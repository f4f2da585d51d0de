"""Writes data/shopify_customers.json: hostile Shopify customers, one case per entry.

Kept as a script because a few cases are too large to write by hand (a 200,000-character
name); the JSON file is what the test reads, and every entry carries its `case` comment.
Re-run after editing: `.venv/bin/python tests/corpus/make_customers_corpus.py`.

Long values are written as {"$repeat": text, "times": n} (and a list of them as
[part, ...] joined), lists as {"$list": "t{i}", "times": n}; "address_count": n on an entry
repeats its one address n times.

Each entry: {"case": why it is hostile, "expect": "refused" | "staged" | "either",
"node": the bulk line of the customer, "addresses": its address lines}. Ids are filled in
by number so cases never collide; "id" given explicitly overrides it.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CA = {"address1": "1 King St", "city": "Toronto", "provinceCode": "ON", "countryCodeV2": "CA",
      "zip": "M5H 1A1"}
cases: list[dict] = []


def case(comment: str, expect: str = "either", addresses=(CA,), **node) -> None:
    cases.append({"case": comment, "expect": expect, "node": node,
                  "addresses": [dict(a) for a in addresses]})


def rep(text: str, times: int) -> dict:
    """A long string, kept short in the file: expanded by the test's loader."""
    return {"$repeat": text, "times": times}


BASE = {"firstName": "Ana", "lastName": "Lima", "state": "ENABLED", "tags": [],
        "createdAt": "2026-01-02T03:04:05Z", "updatedAt": "2026-01-02T03:04:05Z"}


def ok(comment: str, expect: str = "staged", addresses=(CA,), **fields) -> None:
    node = {**BASE, **fields}
    case(comment, expect, addresses, **node)


# --- nulls where Shopify promises a value ---------------------------------------------------
case("id null: Customer.id is ID!", "refused", (), **{**BASE, "id": None})
case("id missing altogether", "refused", (), **{k: v for k, v in BASE.items()})
cases[-1]["node"]["id"] = "__omit__"
case("id empty string", "refused", (), **{**BASE, "id": ""})
ok("firstName and lastName null (Shopify allows, but both at once leave no name)",
   "either", firstName=None, lastName=None, email="noname@corpus.example")
ok("state null: CustomerState! promised", state=None, email="nostate@corpus.example")
ok("createdAt null: DateTime! promised", createdAt=None, email="nocreated@corpus.example")
ok("updatedAt null: DateTime! promised", updatedAt=None, email="noupdated@corpus.example")
ok("tags null: [String!]! promised", tags=None, email="notags@corpus.example")
ok("tags list holding a null", tags=["vip", None], email="nulltag@corpus.example")
ok("email null and phone null: nothing to match on", email=None, phone=None)
ok("address with every field null", "either",
   addresses=({k: None for k in CA},), email="nulladdr@corpus.example")
ok("address countryCodeV2 null", "either",
   addresses=({**CA, "countryCodeV2": None},), email="nocountry@corpus.example")
ok("defaultAddress null although addresses exist", email="nodefault@corpus.example",
   defaultAddress=None)
ok("defaultAddress points at an address the customer does not have",
   email="strayaddr@corpus.example", defaultAddress={"id": "gid://shopify/MailingAddress/1"})
ok("no address at all (auto-create needs one)", "either", addresses=(),
   email="homeless@corpus.example")
ok("verifiedEmail and taxExempt null", verifiedEmail=None, taxExempt=None,
   email="nullflags@corpus.example")
ok("note null and locale null", note=None, locale=None, email="nullnote@corpus.example")

# --- unknown enum values ----------------------------------------------------------------------
for state in ("SUSPENDED", "", "enabled", "42", "DECLINED\u0000"):
    ok(f"state {state!r}: not a CustomerState", state=state,
       email=f"state{len(cases)}@corpus.example")
for country in ("XX", "ZZ", "UK", "usa", "", "Canada", "C", "CAN"):
    ok(f"countryCodeV2 {country!r}: not an ISO 3166 alpha-2 code", "either",
       addresses=({**CA, "countryCodeV2": country},), email=f"cc{len(cases)}@corpus.example")
for province in ("ZZ", "Ontario", "on", "QC-X", "\u202eNO"):
    ok(f"provinceCode {province!r} for Canada", "either",
       addresses=({**CA, "provinceCode": province},), email=f"prov{len(cases)}@corpus.example")
ok("province given for a country without provinces (Germany)", "either",
   addresses=({**CA, "countryCodeV2": "DE", "provinceCode": "BY", "zip": "80331"},),
   email="deprov@corpus.example")
ok("locale not a locale", locale="xx-YY-zz", email="locale@corpus.example")

# --- huge strings ---------------------------------------------------------------------------
ok("firstName of 200,000 characters", "either", firstName=rep("A", 200_000),
   email="hugename@corpus.example")
ok("lastName of 50,000 emoji", "either", lastName=rep("\U0001F600", 50_000),
   email="hugeemoji@corpus.example")
ok("e-mail of 10,000 characters", "either", email=[rep("a", 9_980), "@corpus.example"])
ok("note of 1,000,000 characters", note=rep("n", 1_000_000), email="hugenote@corpus.example")
ok("10,000 tags", tags={"$list": "t{i}", "times": 10_000}, email="manytags@corpus.example")
ok("address1 of 100,000 characters", "either",
   addresses=({**CA, "address1": rep("Main St ", 12_500)},), email="hugeaddr@corpus.example")
ok("phone of 5,000 digits", "either", phone=["+1", rep("4", 5_000)], email="hugephone@corpus.example")
ok("city of 20,000 characters", "either", addresses=({**CA, "city": rep("X", 20_000)},),
   email="hugecity@corpus.example")
ok("300 addresses", "either", email="manyaddr@corpus.example")
cases[-1]["address_count"] = 300

# --- control characters -----------------------------------------------------------------------
for name, char in (("NUL", "\x00"), ("BEL", "\x07"), ("ESC", "\x1b"), ("CR LF", "\r\n"),
                   ("TAB", "\t"), ("DEL", "\x7f"), ("C1 NEL", "\x85"),
                   ("RTL override", "\u202e"), ("BOM", "\ufeff"), ("zero-width space", "\u200b"),
                   ("line separator", "\u2028"), ("ANSI colour", "\x1b[31m")):
    ok(f"{name} inside the first name", "either", firstName=f"Ev{char}il",
       email=f"ctl{len(cases)}@corpus.example")
ok("control characters inside the e-mail", "either", email="ctl\n@corpus.example")
ok("newline inside the phone", "either", phone="+1416\n5550100", email="ctlphone@corpus.example")
ok("NUL inside an address line", "either", addresses=({**CA, "address1": "1\x00 King St"},),
   email="ctladdr@corpus.example")
ok("log-forging name (a fake log line after a newline)", "either",
   firstName="Bob\n2026-01-01 INFO desktop_app: token=shpat_fake", email="forge@corpus.example")
ok("lone surrogate in the last name (invalid Unicode)", "either", lastName="X\ud800Y",
   email="surrogate@corpus.example")

# --- right-to-left, emoji, scripts --------------------------------------------------------------
for first, last, what in (
    ("\u0645\u062d\u0645\u062f", "\u0627\u0644\u0639\u0644\u064a", "Arabic"),
    ("\u05d3\u05d5\u05d3", "\u05db\u05d4\u05df", "Hebrew"),
    ("Ali \u0639\u0644\u064a", "Smith", "mixed left-to-right and right-to-left"),
    ("\U0001F469\u200d\U0001F469\u200d\U0001F467", "Family", "ZWJ emoji sequence"),
    ("\U0001F600", "\U0001F4A9", "emoji only"),
    ("Zoe\u0308", "Ba\u0301rta", "combining marks"),
    ("\u5f20", "\u4f1f", "Chinese"),
    ("\u0414\u043c\u0438\u0442\u0440\u0438\u0439", "\u0418\u0432\u0430\u043d\u043e\u0432",
     "Cyrillic"),
    ("\u0938\u0941\u0930\u0947\u0936", "\u0936\u0930\u094d\u092e\u093e", "Devanagari"),
    ("\U0001D4D0\U0001D4F7\U0001D4EA", "Math", "mathematical alphanumerics"),
    ("O'Brien", "D'Arcy-Smith", "apostrophes and hyphens"),
    ("Robert'); DROP TABLE customer;--", "Tables", "SQL injection"),
    ("<script>alert(1)</script>", "Html", "HTML injection"),
    ("=HYPERLINK(\"http://x\")", "Formula", "spreadsheet formula"),
):
    ok(f"{what} name", "staged", firstName=first, lastName=last,
       email=f"script{len(cases)}@corpus.example")

# --- invalid and duplicate e-mails ---------------------------------------------------------------
for email in ("no-at-sign", "a@b", "@corpus.example", "a@@corpus.example", "a b@corpus.example",
              "a@corpus..example", "<a>@corpus.example", "a@corpus.example;b@corpus.example",
              "a@-corpus.example", "\u0430@corpus.example", ".a@corpus.example", " "):
    ok(f"invalid e-mail {email!r}", "either", email=email)
ok("duplicate e-mail (same as the next case)", "staged", email="twin@corpus.example")
ok("duplicate e-mail differing only in case", "staged", email="TWIN@Corpus.Example")
ok("e-mail of two local customers (ambiguous: review, never linked)", "staged",
   email="shared@local.example")
ok("e-mail of one local customer (linked)", "staged", email="single@local.example")

# --- invalid and duplicate phones ------------------------------------------------------------------
for phone in ("+1", "12345", "+999 123 456", "CALL-ME", "+1 (416) 555-0199 ext 5", "0",
              "+44 20 7946 0958 0958 0958", "++14165550100", "+1416555010\u0661",
              "tel:+14165550100"):
    ok(f"phone {phone!r}", "either", phone=phone, email=f"ph{len(cases)}@corpus.example")
ok("duplicate phone (same as the next case)", "staged", phone="+14165550111",
   email="ph-a@corpus.example")
ok("duplicate phone, formatted differently", "staged", phone="+1 416-555-0111",
   email="ph-b@corpus.example")

# --- wrong JSON types ------------------------------------------------------------------------------
ok("firstName is an object", "either", firstName={"text": "Ana"}, email="typ1@corpus.example")
ok("email is a number", "either", email=12345)
ok("phone is a list", "either", phone=["+14165550100"], email="typ3@corpus.example")
ok("tags is a string, not a list", tags="a, b", email="typ4@corpus.example")
ok("updatedAt is not a date", "either", updatedAt="yesterday", email="typ5@corpus.example")
ok("createdAt is a number", "either", createdAt=1700000000, email="typ6@corpus.example")
ok("address zip is a number", "either", addresses=({**CA, "zip": 12345},),
   email="typ7@corpus.example")
ok("address without an id", "either", addresses=({**CA, "id": "__omit__"},),
   email="typ8@corpus.example")

# --- ids (without address lines: a child names its parent by this id) -------------------------------------------------------------------------------------------
case("id of another resource (an Order)", "refused", (), **{**BASE, "id": "gid://shopify/Order/1"})
case("id is a bare number", "refused", (), **{**BASE, "id": "12345"})
case("id is an integer", "refused", (), **{**BASE, "id": 12345})
case("same id as the previous staged case (Shopify repeated a line)", "staged",
     **{**BASE, "id": "gid://shopify/Customer/9900000000001", "email": "dupid@corpus.example"})
case("same id again, other e-mail", "staged",
     **{**BASE, "id": "gid://shopify/Customer/9900000000001", "email": "dupid2@corpus.example"})

(HERE / "data" / "shopify_customers.json").write_text(
    json.dumps({"comment": "Hostile Shopify customers (bulk lines); see make_customers_corpus.py",
                "cases": cases}, ensure_ascii=True, indent=1) + "\n", "utf-8")
print(len(cases), "customer cases")
