"""Manual linking helpers: ranked link candidates and "Find mapping" for one customer.

The linking dialog of the Customers tab (and the CLI, if it wants) calls these. Ranking
follows what the matching rules trust, strongest first:

1. the same e-mail (any address of a `;`/`,` list, case-insensitive);
2. the same phone, compared as E.164 numbers (parsed with the customer's country, else the
   shop's), never by loose digit patterns;
3. a similar name (accents, case and word order ignored; difflib ratio of at least
   `NAME_THRESHOLD`);
4. anything else the merchant's search text found, so a search never comes back empty when
   the store has hits.

`rank_candidates` is pure; `shopify_candidates`, `local_candidates` and `find_mapping` read the
store (`store.customers`, `store.shopify_customers`) and `find_mapping` writes its decision
through it.
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from desktop_app.errors import NotFoundError
from desktop_app.store import (
    customer_scope,
    customer_templates,
    customers,
    link_views,
    runs,
    shopify_customers,
    shops,
)
from desktop_app.store.customers import CustomerRow
from desktop_app.store.database import transaction
from desktop_app.store.shopify_customers import ShopifyCustomerRow
from desktop_app.sync import rules
from desktop_app.sync.county_sources import shop_county_sources
from desktop_app.sync.customer_resolver import RESOURCE as CUSTOMERS_RESOURCE
from desktop_app.sync.customer_resolver import local_row, rules_customer, template_rows
from desktop_app.sync.rules.mapping import email_keys, phone_key

log = logging.getLogger(__name__)

Reason = Literal["email", "phone", "name", "search"]
_TIER: dict[str, int] = {"email": 0, "phone": 1, "name": 2, "search": 3}

#: Name similarity (0..1) from which a name alone makes a candidate.
NAME_THRESHOLD = 0.6
#: Rows read per name word or search when gathering candidates.
POOL_LIMIT = 200


# --- pure ranking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """The customer a partner is looked for: its names, e-mail keys and E.164 phone."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phone: str | None = None


@dataclass(frozen=True)
class PoolEntry:
    """A possible partner as read from the store.

    `key` is a local customer no. or a Shopify GID; `emails` are e-mail keys and `phone` the
    E.164 phone (None when blank or unparseable); `linked_to` is its current link ("" if
    none); `from_search` is True when the merchant's search text found it.
    """

    key: str
    name: str
    email: str = ""
    phone_text: str = ""
    country: str = ""
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phone: str | None = None
    linked_to: str = ""
    from_search: bool = False


@dataclass(frozen=True)
class Candidate:
    """A ranked partner: why it is offered (`reason`) and how alike the names are (`score`)."""

    key: str
    name: str
    email: str
    phone: str
    country: str
    reason: Reason
    score: float
    linked_to: str = ""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace(",", " ").split())


def name_similarity(a: str, b: str) -> float:
    """How alike two names are (0..1), ignoring accents, case, commas and word order."""
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return 0.0
    direct = difflib.SequenceMatcher(None, fa, fb).ratio()
    ordered = difflib.SequenceMatcher(
        None, " ".join(sorted(fa.split())), " ".join(sorted(fb.split()))
    ).ratio()
    return max(direct, ordered)


def _best_similarity(names_a: Iterable[str], names_b: Iterable[str]) -> float:
    best = 0.0
    listed_b = [n for n in names_b if n.strip()]
    for a in names_a:
        if not a.strip():
            continue
        for b in listed_b:
            best = max(best, name_similarity(a, b))
    return best


def rank_candidates(probe: Probe, pool: Iterable[PoolEntry], limit: int = 50) -> list[Candidate]:
    """Order possible partners: same e-mail, then same phone, then by name similarity.

    Entries that share nothing with the probe are left out unless the search found them
    (reason "search", last). Within a reason, closer names come first, then the key.
    """
    emails = set(probe.emails)
    best: dict[str, Candidate] = {}
    for entry in pool:
        score = _best_similarity(probe.names, entry.names or (entry.name,))
        reason: Reason | None
        if emails and emails.intersection(entry.emails):
            reason = "email"
        elif probe.phone and entry.phone == probe.phone:
            reason = "phone"
        elif score >= NAME_THRESHOLD:
            reason = "name"
        elif entry.from_search:
            reason = "search"
        else:
            reason = None
        if reason is None:
            continue
        candidate = Candidate(entry.key, entry.name, entry.email, entry.phone_text,
                              entry.country, reason, round(score, 3), entry.linked_to)
        previous = best.get(entry.key)
        if previous is None or _order(candidate) < _order(previous):
            best[entry.key] = candidate
    return sorted(best.values(), key=_order)[:limit]


def _order(candidate: Candidate) -> tuple[int, float, str]:
    return (_TIER[candidate.reason], -candidate.score, candidate.key)


def _name_words(names: Iterable[str]) -> list[str]:
    """The longest distinct words of the names (at least 3 letters), to search the store."""
    words: list[str] = []
    for name in names:
        for word in _fold(name).split():
            if len(word) >= 3 and word not in words:
                words.append(word)
    return sorted(words, key=len, reverse=True)[:3]


Row = TypeVar("Row")


def _gather(probe: Probe, search: str, shop_country: str, key: Callable[[Row], str], *,
            by_email: Callable[[str], Iterable[Row]], by_phone: Callable[[str], Iterable[Row]],
            by_text: Callable[[str], Iterable[Row]]) -> dict[str, tuple[Row, bool]]:
    """The pool of partners of `probe`, by `key`: those found by its e-mails, its phone and
    the words of its names, then by the merchant's `search` text (as text, and as a phone).
    Each row comes with whether the search found it."""
    found: dict[str, tuple[Row, bool]] = {}

    def add(rows: Iterable[Row], from_search: bool = False) -> None:
        for row in rows:
            seen = found.get(key(row))
            found[key(row)] = (row, from_search or (seen is not None and seen[1]))

    for email in probe.emails:
        add(by_email(email))
    if probe.phone:
        add(by_phone(probe.phone))
    for word in _name_words(probe.names):
        add(by_text(word))
    term = search.strip()
    if term:
        add(by_text(term), True)
        searched_phone = _search_phone(term, shop_country)
        if searched_phone:
            add(by_phone(searched_phone), True)
    return found


def _shop_country(shop: str) -> str:
    return (getattr(shops.get_shop(shop), "country", "") or "").strip().upper()


# --- Shopify customers for a local one ------------------------------------------------------


def _shopify_names(row: ShopifyCustomerRow) -> tuple[str, ...]:
    names = [f"{row.first_name} {row.last_name}".strip(), row.company]
    for address in row.addresses or ():
        names.append(f"{address.first_name} {address.last_name}".strip())
        names.append(address.company)
    return tuple(dict.fromkeys(n for n in names if n))


def _shopify_country(row: ShopifyCustomerRow) -> str:
    main = row.default_address
    return (main.country_code or "").upper() if main is not None else ""


def _shopify_entry(row: ShopifyCustomerRow, shop_country: str,
                   from_search: bool) -> PoolEntry:
    country = _shopify_country(row)
    names = _shopify_names(row)
    return PoolEntry(
        key=row.shopify_id,
        name=names[0] if names else row.email,
        email=row.email,
        phone_text=row.phone,
        country=country,
        names=names,
        emails=tuple(email_keys(row.email)),
        phone=phone_key(row.phone, country or shop_country or None),
        linked_to=row.customer_no or "",
        from_search=from_search,
    )


def local_probe(row: CustomerRow, shop_country: str) -> Probe:
    """What a local customer is recognised by."""
    names = tuple(n for n in (row.name, row.contact, row.name_2) if n.strip())
    region = row.country.strip().upper() or shop_country or None
    return Probe(names, tuple(email_keys(row.email)), phone_key(row.phone, region))


def shopify_candidates(shop: str, customer_no: str, search: str = "",
                       limit: int = 50) -> list[Candidate]:
    """Staged Shopify customers of `shop` that may be local customer `customer_no`, ranked.

    Raises:
        NotFoundError: unknown shop or customer.
    """
    local = customers.get_customer(customer_no, shop=shop)
    shop_country = _shop_country(shop)
    probe = local_probe(local, shop_country)
    found = _gather(
        probe, search, shop_country, lambda row: row.shopify_id,
        by_email=lambda key: shopify_customers.find_shopify_customers(shop, email=key),
        by_phone=lambda phone: shopify_customers.find_shopify_customers(shop, phone=phone),
        by_text=lambda text: shopify_customers.list_shopify_customers(shop, text,
                                                                      limit=POOL_LIMIT))
    # Candidates from e-mail/phone lookups come without addresses: read them for the country.
    rows = [
        row if row.addresses else _with_addresses(shop, row)
        for row, _ in found.values()
    ]
    pool = [_shopify_entry(row, shop_country, found[row.shopify_id][1]) for row in rows]
    return rank_candidates(probe, pool, limit)


def _with_addresses(shop: str, row: ShopifyCustomerRow) -> ShopifyCustomerRow:
    try:
        return shopify_customers.get_shopify_customer(shop, row.shopify_id)
    except NotFoundError:
        return row


def _search_phone(term: str, shop_country: str) -> str | None:
    """The E.164 form of a search text that is a phone number, else None."""
    digits = sum(ch.isdigit() for ch in term)
    if digits < 6 or any(ch.isalpha() for ch in term.replace("ext", "").replace("x", "")):
        return None
    return phone_key(term, shop_country or None)


# --- local customers for a Shopify one --------------------------------------------------------


def shopify_probe(row: ShopifyCustomerRow, shop_country: str) -> Probe:
    """What a staged Shopify customer is recognised by (its own e-mail and phone)."""
    country = _shopify_country(row)
    return Probe(_shopify_names(row), tuple(email_keys(row.email)),
                 phone_key(row.phone, country or shop_country or None))


def _local_entry(row: CustomerRow, shop_country: str, from_search: bool) -> PoolEntry:
    probe = local_probe(row, shop_country)
    return PoolEntry(
        key=row.no, name=row.name, email=row.email, phone_text=row.phone, country=row.country,
        names=probe.names or (row.name,), emails=probe.emails, phone=probe.phone,
        linked_to=row.shopify_id or "", from_search=from_search,
    )


@customer_scope.for_shop  # a real card never sees the demo's customers
def local_candidates(shop: str, shopify_id: str, search: str = "",
                     limit: int = 50) -> list[Candidate]:
    """Local customers that may be staged Shopify customer `shopify_id`, ranked.

    Raises:
        NotFoundError: unknown shop or Shopify customer (not staged yet).
    """
    staged = shopify_customers.get_shopify_customer(shop, shopify_id)
    shop_country = _shop_country(shop)
    probe = shopify_probe(staged, shop_country)

    def by_text(text: str) -> list[CustomerRow]:
        return customers.list_customers(text, shop=shop, limit=POOL_LIMIT)

    found = _gather(
        probe, search, shop_country, lambda row: row.no,
        # A contains-search finds the address inside a `;` list too; ranking keeps exact ones.
        by_email=by_text,
        by_phone=lambda phone: (customers.get_customer(r.no, shop=shop)
                                for r in customers.find_customers_by_phone(phone)),
        by_text=by_text)
    pool = [_local_entry(row, shop_country, from_search) for row, from_search in found.values()]
    return rank_candidates(probe, pool, limit)


@customer_scope.for_shop  # a real card never sees the demo's customers
def review_candidates(shop: str, staged: ShopifyCustomerRow,
                      shop_country: str | None = None) -> list[Candidate]:
    """The local customers sharing the e-mail or phone of a staged customer, ranked: the
    candidates of the review list. Indexed lookups only (cheap for a long review list); a
    second address of a local `;` e-mail list is not looked at here."""
    country = _shop_country(shop) if shop_country is None else shop_country
    probe = shopify_probe(staged, country)
    rows: dict[str, CustomerRow] = {}
    for key in probe.emails[:1]:
        rows.update((r.no, r) for r in customers.find_customers_by_email(key))
    if probe.phone:
        rows.update((r.no, r) for r in customers.find_customers_by_phone(probe.phone))
    return _review_ranked(probe, rows.values(), country)


@customer_scope.for_shop  # a real card never sees the demo's customers
def review_candidates_many(shop: str, staged: Iterable[ShopifyCustomerRow],
                           shop_country: str | None = None) -> list[list[Candidate]]:
    """`review_candidates` of each staged customer, in order, with the e-mail and phone
    lookups of the whole list batched (a few queries instead of two per customer)."""
    country = _shop_country(shop) if shop_country is None else shop_country
    probes = [shopify_probe(row, country) for row in staged]
    by_email = customers.find_customers_by_emails(p.emails[0] for p in probes if p.emails)
    by_phone = customers.find_customers_by_phones(p.phone for p in probes if p.phone)
    ranked = []
    for probe in probes:
        rows: dict[str, CustomerRow] = {}
        for key in probe.emails[:1]:
            rows.update((r.no, r) for r in by_email.get(key, ()))
        if probe.phone:
            rows.update((r.no, r) for r in by_phone.get(probe.phone, ()))
        ranked.append(_review_ranked(probe, rows.values(), country))
    return ranked


def _review_ranked(probe: Probe, rows: Iterable[CustomerRow],
                   country: str) -> list[Candidate]:
    pool = [_local_entry(row, country, False) for row in rows]
    return [c for c in rank_candidates(probe, pool) if c.reason in ("email", "phone")]


# --- Find mapping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingOutcome:
    """What `find_mapping` decided and did.

    `customer_no` and `review_state` are the staged customer's link and review state after
    the call; `changed` says whether anything was written.
    """

    shopify_id: str
    decision: rules.MatchDecision
    previous_no: str | None
    customer_no: str | None
    review_state: str
    changed: bool
    #: For a "create" decision: why the next sync cannot create the customer after all (the
    #: template rule's reason, `rules.choose_template`), "" when it can (issue 18).
    blocked: str = ""


def _index_for(shop: str, staged: ShopifyCustomerRow, settings: rules.MatchSettings
               ) -> rules.LocalIndex:
    """The local customers the rules can pick for this customer.

    By e-mail or phone the rules only look up this customer's e-mail and phone (and its
    link), so indexing the customers found by those keys gives the same decision as an index
    of every customer, at the cost of two indexed queries. By bill-to the whole customer
    table is indexed, as the sync does.
    """
    with_bill_to = settings.mapping == "bill_to"
    if with_bill_to:
        return rules.LocalIndex.build((local_row(r) for r in customers.list_customers_plain()),
                                      settings.shop_country, with_bill_to=True)
    rows: dict[str, CustomerRow] = {}
    probe = shopify_probe(staged, settings.shop_country)
    for key in probe.emails[:1]:
        for row in customers.list_customers(key, limit=None):
            rows[row.no] = row
    if probe.phone:
        for row in customers.find_customers_by_phone(probe.phone):
            rows[row.no] = row
    if staged.customer_no:
        try:
            rows[staged.customer_no] = customers.get_customer(staged.customer_no)
        except NotFoundError:
            pass
    return rules.LocalIndex.build((local_row(r) for r in rows.values()),
                                  settings.shop_country, with_bill_to=False)


@customer_scope.for_shop  # a real card never sees the demo's customers
def find_mapping(shop: str, shopify_id: str) -> MappingOutcome:
    """Run the shop's matching rules again for one staged Shopify customer and save the
    result, as the customers sync would (bc_connector "Find Mapping").

    - matched: linked to the customer found (review cleared);
    - ambiguous: link removed and the customer put in review with the candidates;
    - none / default: review cleared (and a link to a deleted customer removed);
    - create: nothing is created here (that is the sync's job, with templates); a link to a
      deleted customer is removed;
    - error: the reason is kept as its review note;
    - linked: the existing link stands.

    Raises:
        NotFoundError: unknown shop or Shopify customer.
    """
    staged = shopify_customers.get_shopify_customer(shop, shopify_id)
    shop_country = _shop_country(shop)
    county_rows = tuple(
        rules.CountyRow(t.country_code, t.county_code, t.county_name)
        for t in customer_templates.list_tax_areas(shop)
    )
    shop_settings = shops.shop_settings(shop)
    settings = rules.MatchSettings.from_shop(shop_settings, shop_country, county_rows,
                                             shop_county_sources(shop, shop_settings))
    index = _index_for(shop, staged, settings)
    customer, _bad_email = rules.without_invalid_email(rules_customer(staged, staged.customer_no))
    decision = rules.match_customer(customer, index, settings)
    previous = staged.customer_no
    changed = True
    if decision.kind == "matched":
        shopify_customers.set_match(shop, shopify_id, decision.customer_no, reason=decision.reason)
        runs.resolve_errors(shop, CUSTOMERS_RESOURCE, [shopify_id])
        after, review = decision.customer_no, ""
    elif decision.kind == "ambiguous":
        note = (f"several local customers have this {decision.reason}: "
                f"{', '.join(decision.candidates)}")
        shopify_customers.set_match(shop, shopify_id, None, review_state="ambiguous",
                                    review_note=note)
        after, review = None, "ambiguous"
    elif decision.kind == "error":
        shopify_customers.set_review_state(shop, shopify_id, "error", decision.reason)
        after, review = previous, "error"
    elif decision.kind in ("none", "default") and (decision.stale_link or staged.review_state):
        shopify_customers.set_match(shop, shopify_id, None)
        after, review = None, ""
    elif decision.kind == "create" and decision.stale_link:
        shopify_customers.set_match(shop, shopify_id, None, review_state=staged.review_state,
                          review_note=staged.review_note)
        after, review = None, staged.review_state
    else:
        after, review, changed = previous, staged.review_state, False
    if decision.kind == "linked" and staged.review_state:
        shopify_customers.set_review_state(shop, shopify_id, "")
        review, changed = "", True
    log.info("find mapping in shop %s: %s (%s)", shop, decision.kind, decision.reason)
    blocked = ""
    if decision.kind == "create":  # the template the sync would take (`template_for`)
        choice = rules.choose_template(customer, template_rows(shop),
                                       shop_settings.customer_template,
                                       shop_country=shop_country)
        blocked = (choice.reason or "") if choice.template_code is None else ""
    return MappingOutcome(shopify_id, decision, previous, after, review, changed, blocked)


# --- Manual link (the linking dialog and `customers link`) ------------------------------------


class LinkMoveError(shopify_customers.LinkConflictError):
    """Linking would move an existing link, and the caller did not say to move it.

    `plan` names both customers and the links that would be removed.
    """

    code = "link_move"

    def __init__(self, message: str, plan: LinkPlan) -> None:
        super().__init__(message, shopify_id=plan.shopify_id, customer=plan.customer_no)
        self.plan = plan


@dataclass(frozen=True)
class LinkPlan:
    """What linking local customer `customer_no` with Shopify customer `shopify_id` does.

    `taken_by` is the other local customer the Shopify customer is linked to now (its link
    moves); `replaced` are the other Shopify customers of this shop the local customer is
    linked to now (those links are removed). Both empty: a plain new link (or the link
    exists already, `already`). Names and e-mails are there for messages.
    """

    shop: str
    customer_no: str
    customer_name: str
    shopify_id: str
    shopify_name: str
    shopify_email: str
    taken_by: tuple[str, str] | None = None
    replaced: tuple[tuple[str, str, str], ...] = ()
    already: bool = False

    @property
    def moves(self) -> bool:
        """Whether linking removes a link that exists now."""
        return self.taken_by is not None or bool(self.replaced)

    def describe(self, *, done: bool = False) -> str:
        """The links that would move (`done`: that moved), in English (the CLI's message;
        the window translates its own from the fields)."""
        verb = "was" if done else "is"
        parts = []
        if self.taken_by is not None:
            parts.append(f"Shopify customer {_shopify_text(self.shopify_name, self.shopify_email)}"
                         f" {verb} linked to local customer {_local_text(*self.taken_by)}")
        for _gid, name, email in self.replaced:
            parts.append(f"local customer {_local_text(self.customer_no, self.customer_name)} "
                         f"{verb} linked to Shopify customer {_shopify_text(name, email)}")
        return "; ".join(parts)


def _local_text(no: str, name: str) -> str:
    return f"{no} {name}".strip()


def _shopify_text(name: str, email: str) -> str:
    if name and email and email != name:
        return f"{name} <{email}>"
    return name or email or "(no name)"


@customer_scope.for_shop  # a real card never sees the demo's customers
def link_plan(shop: str, customer_no: str, shopify_id: str) -> LinkPlan:
    """What `link` would do, without doing it.

    Raises:
        NotFoundError: unknown shop, local customer or staged Shopify customer.
    """
    local = customers.get_customer(customer_no, shop=shop)
    staged = shopify_customers.get_shopify_customer(shop, shopify_id)
    current = [link.shopify_id
               for link in shopify_customers.list_links(shop, customer_no=customer_no)]
    others = [gid for gid in current if gid != shopify_id]
    labels = link_views.shopify_labels(shop, [shopify_id, *others])
    own = labels.get(shopify_id)
    taken_by = None
    if staged.customer_no and staged.customer_no != customer_no:
        names = link_views.customer_names([staged.customer_no])
        taken_by = (staged.customer_no, names.get(staged.customer_no, ""))
    replaced = tuple(
        (gid, labels[gid].name if gid in labels else "", labels[gid].email if gid in labels else "")
        for gid in others
    )
    return LinkPlan(
        shop=shop, customer_no=customer_no, customer_name=local.name, shopify_id=shopify_id,
        shopify_name=own.name if own else "", shopify_email=own.email if own else "",
        taken_by=taken_by, replaced=replaced, already=staged.customer_no == customer_no,
    )


@customer_scope.for_shop  # a real card never sees the demo's customers
def link(shop: str, customer_no: str, shopify_id: str, *, move: bool = False,
         reason: str = "manual") -> LinkPlan:
    """Link a local customer and a staged Shopify customer of `shop` by hand.

    A Shopify customer has one local customer per shop, and a manual link gives a local
    customer one Shopify customer per shop: when either is linked to another customer now,
    that link is moved only with `move=True` (the window asks first, the CLI needs
    `--move`); otherwise nothing changes and `LinkMoveError` names both customers.

    Returns:
        The plan that was carried out.

    Raises:
        NotFoundError: unknown shop, local customer or staged Shopify customer.
        LinkMoveError: an existing link would move and `move` is False.
    """
    with transaction():
        plan = link_plan(shop, customer_no, shopify_id)
        if plan.moves and not move:
            raise LinkMoveError(
                f"Not linked: {plan.describe()}. Move the link with --move, or unlink first",
                plan)
        if plan.taken_by is not None:
            shopify_customers.unlink_customer(shop, plan.taken_by[0], shopify_id)
        for gid, _name, _email in plan.replaced:
            shopify_customers.unlink_customer(shop, customer_no, gid)
        shopify_customers.link_customer(shop, customer_no, shopify_id, reason=reason)
        # The Shopify customer has its local customer now: its earlier failures in the
        # customers sync are resolved, as a later successful sync would mark them.
        runs.resolve_errors(shop, CUSTOMERS_RESOURCE, [shopify_id])
    log.info("manual link in shop %s (%s)", shop, "moved" if plan.moves else "new")
    return plan
