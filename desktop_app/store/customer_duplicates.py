"""Local customers that look like one person (issue 19): found, never changed (read-only).

Three keys, each normalised so that the way a value was typed does not matter:
- **e-mail**: the first address of the field, trimmed and lowercased (`Customer.email_key`).
  For `gmail.com`/`googlemail.com` only, dots in the local part and a `+tag` are dropped as
  well: Gmail delivers `j.o.hn+shop@gmail.com` to `john@gmail.com` (Google documents both),
  so they are one mailbox. Other providers treat dots and `+` differently, so they are left.
- **phone**: E.164, parsed with `phonenumbers` with the customer's country as region (a
  number that does not parse is no key).
- **name and address**: the same post code and street (letters and digits only, case and
  accents ignored) and a similar name (the same words in any order, or a close spelling).

Customers are bucketed by each key (a dict), so 100,000 customers take seconds; pairs are only
made inside a bucket. In a bucket every customer is paired with the one to keep (the one with
the most documents, then the oldest number), so a bucket of N gives N-1 pairs, never N². Name
buckets over `_MAX_ADDRESS_BUCKET` customers (a shared address such as a care home or an
office) are not compared by name.

Pairs are ranked: e-mail or phone (strong) before name and address; more reasons first.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee
import phonenumbers

from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument
from desktop_app.store.statements import tuples_where

SAME_EMAIL, SAME_PHONE, SIMILAR_NAME_ADDRESS = "same_email", "same_phone", "similar_name_address"
#: The reasons by strength (the rank of a pair is the sum of its reasons' weights).
WEIGHTS = {SAME_EMAIL: 4, SAME_PHONE: 4, SIMILAR_NAME_ADDRESS: 1}
#: English words for each reason code (the window translates the codes itself).
REASON_TEXTS = {SAME_EMAIL: "same e-mail", SAME_PHONE: "same phone",
                SIMILAR_NAME_ADDRESS: "similar name, same address"}
#: The code of the warning "looks like an existing customer" (CSV import, sync auto-create).
LOOKS_LIKE = "looks_like_customer"

_MAX_ADDRESS_BUCKET = 50
_NAME_SIMILARITY = 0.85
_GMAIL = ("gmail.com", "googlemail.com")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class DuplicatePair:
    """Two local customers that look like one: `keep` (the suggested survivor), `other`,
    and why (`reasons`, codes of `REASON_TEXTS`), with the matching values (`details`)."""

    keep: str
    other: str
    keep_name: str
    other_name: str
    reasons: tuple[str, ...]
    details: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def rank(self) -> int:
        return sum(WEIGHTS[r] for r in self.reasons)

    def why(self) -> str:
        """The reasons in English words, with the values that matched."""
        return "; ".join(f"{REASON_TEXTS[r]} ({self.details[r]})" if self.details.get(r)
                         else REASON_TEXTS[r] for r in self.reasons)

    def to_json(self) -> dict[str, object]:
        return {"keep": self.keep, "other": self.other, "keep_name": self.keep_name,
                "other_name": self.other_name, "reasons": list(self.reasons),
                "why": self.why(), "rank": self.rank}


# --- the normalised keys ---------------------------------------------------------------------


def _plain(text: str) -> str:
    """Casefolded, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def email_match_key(email_key: str) -> str:
    """The key two e-mails match by (see the module text); '' for none."""
    key = (email_key or "").strip().lower()
    local, at, domain = key.rpartition("@")
    if not at or not local:
        return ""
    if domain in _GMAIL:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def phone_key(phone: str, country: str = "") -> str:
    """The number in E.164 (read with the customer's country), or '' when it does not parse."""
    text = (phone or "").strip()
    if not text:
        return ""
    if text.startswith("+") and text[1:].isdigit():
        return text  # already E.164, as the store keeps valid numbers
    region = (country or "").strip().upper() or None
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_key(name: str) -> str:
    """The name's words, plain and sorted ("Smith, John" = "john smith")."""
    return " ".join(sorted(_WORD.findall(_plain(name or ""))))


def address_key(post_code: str, address: str) -> str:
    """Post code and street, letters and digits only; '' when either is missing."""
    code = "".join(_WORD.findall(_plain(post_code or "")))
    street = " ".join(_WORD.findall(_plain(address or "")))
    return f"{code}|{street}" if code and street else ""


def names_similar(a: str, b: str) -> bool:
    """The same words in any order, or a close spelling of them."""
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= _NAME_SIMILARITY


# --- finding ---------------------------------------------------------------------------------


@dataclass
class _Row:
    no: str
    name: str
    documents: int
    name_key: str


def _document_counts() -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for column in (SalesDocument.sell_to_customer_no, SalesDocument.bill_to_customer_no):
        query = (SalesDocument.select(column, peewee.fn.COUNT(SalesDocument.id))
                 .where(column != "").group_by(column).tuples())
        for no, count in query:
            counts[no] += count
    return counts


def _keep_first(rows: Iterable[_Row]) -> list[_Row]:
    """The one to keep first: most documents, then the lowest number."""
    return sorted(rows, key=lambda r: (-r.documents, r.no))


def find_duplicates(only: Iterable[str] | None = None) -> list[DuplicatePair]:
    """Every pair of local customers that look like one person, ranked (see the module text).

    `only`: just the pairs in which one of these customer numbers takes part (the CSV
    import's check of the rows it wrote)."""
    wanted = set(only) if only is not None else None
    documents = _document_counts()
    rows: dict[str, _Row] = {}
    buckets: dict[str, dict[str, list[str]]] = {SAME_EMAIL: defaultdict(list),
                                                 SAME_PHONE: defaultdict(list),
                                                 SIMILAR_NAME_ADDRESS: defaultdict(list)}
    query = Customer.select(Customer.no, Customer.name, Customer.email_key, Customer.phone,
                            Customer.country, Customer.post_code, Customer.address).tuples()
    for no, name, email, phone, country, post_code, address in query.iterator():
        rows[no] = _Row(no, name, documents.get(no, 0), name_key(name))
        if key := email_match_key(email):
            buckets[SAME_EMAIL][key].append(no)
        if key := phone_key(phone, country):
            buckets[SAME_PHONE][key].append(no)
        if key := address_key(post_code, address):
            buckets[SIMILAR_NAME_ADDRESS][key].append(no)

    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for reason, by_key in buckets.items():
        for key, nos in by_key.items():
            if len(nos) < 2 or (wanted is not None and wanted.isdisjoint(nos)):
                continue
            members = _keep_first(rows[n] for n in nos)
            if reason == SIMILAR_NAME_ADDRESS:
                _pair_by_name(members, key, found)
            else:
                keep = members[0]
                for other in members[1:]:
                    found[(keep.no, other.no)][reason] = key
    pairs = []
    for (keep, other), reasons in found.items():
        if wanted is not None and keep not in wanted and other not in wanted:
            continue
        ordered = tuple(r for r in WEIGHTS if r in reasons)
        pairs.append(DuplicatePair(keep, other, rows[keep].name, rows[other].name, ordered,
                                   dict(reasons)))
    pairs.sort(key=lambda p: (-p.rank, p.keep, p.other))
    return _one_way(pairs)


def _pair_by_name(members: list[_Row], key: str,
                  found: dict[tuple[str, str], dict[str, str]]) -> None:
    """At one address: each customer with the first (to keep) whose name is like its own."""
    if len(members) > _MAX_ADDRESS_BUCKET:
        return
    shown = key.replace("|", " ")
    placed: list[_Row] = []
    for row in members:
        match = next((k for k in placed if names_similar(k.name_key, row.name_key)), None)
        if match is None:
            placed.append(row)
        else:
            found[(match.no, row.no)][SIMILAR_NAME_ADDRESS] = shown


def _one_way(pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """One entry per two customers: a pair found both ways (B keep by e-mail, A keep by
    address) keeps the stronger way, its reasons joined."""
    seen: dict[frozenset[str], int] = {}
    out: list[DuplicatePair] = []
    for pair in pairs:
        both = frozenset((pair.keep, pair.other))
        if both in seen:
            first = out[seen[both]]
            reasons = tuple(r for r in WEIGHTS if r in first.reasons or r in pair.reasons)
            out[seen[both]] = DuplicatePair(first.keep, first.other, first.keep_name,
                                            first.other_name, reasons,
                                            {**pair.details, **first.details})
            continue
        seen[both] = len(out)
        out.append(pair)
    out.sort(key=lambda p: (-p.rank, p.keep, p.other))
    return out


# --- a customer about to be made --------------------------------------------------------------


@dataclass(frozen=True)
class LookAlike:
    """An existing customer like a new one: its number and name, and why (a reason code)."""

    no: str
    name: str
    reason: str


def look_alikes(email: str = "", phone: str = "", country: str = "", *,
                exclude: str = "") -> list[LookAlike]:
    """Existing local customers with the same e-mail (`email_key`) or the same E.164 phone as
    a customer about to be created: two indexed look-ups, cheap enough for every auto-create.
    (The Gmail forms and the name-and-address check need the whole list: `find_duplicates`.)"""
    from desktop_app.store.models import email_key as first_email_key

    found: dict[str, LookAlike] = {}
    checks = ((SAME_EMAIL, Customer.email_key, first_email_key(email)),
              (SAME_PHONE, Customer.phone, phone_key(phone, country)))
    for reason, column, value in checks:
        if not value:
            continue
        for no, name in tuples_where(Customer, (Customer.no, Customer.name), (Customer.no,),
                                     5, **{column.name: value}):
            if no != exclude and no not in found:
                found[no] = LookAlike(no, name, reason)
    return list(found.values())


def look_alike_text(alike: LookAlike) -> str:
    """`looks like C00012 John Smith (same e-mail)`: the warning's English words."""
    return f"looks like {alike.no} {alike.name} ({REASON_TEXTS[alike.reason]})"


def imported_look_alikes(nos: Iterable[str]) -> list[tuple[str, str, str, DuplicatePair]]:
    """For customers just imported (`nos`): (imported no, the customer it looks like, that
    customer's name, the pair), for the import's warnings."""
    wanted = set(nos)
    if not wanted:
        return []
    out = []
    for pair in find_duplicates(only=wanted):
        if pair.other in wanted:
            out.append((pair.other, pair.keep, pair.keep_name, pair))
        else:
            out.append((pair.keep, pair.other, pair.other_name, pair))
    return out
