"""Building local Name / Name 2 / Contact from a Shopify person, and splitting them back.

Shopify knows a person as first name + last name (+ the company on an address); the local
customer has Name, Name 2 and Contact. Three shop settings (`name_source`, `name_2_source`,
`contact_source`) say which format goes into which field. The rules are Business Central's
(`../shared/reference/bc_connector.md` §1.2 `FillInCustomerFields` and §1.3 "Name split"),
with two additions that keep imported data tidy: runs of whitespace inside a name are collapsed
to one space, and Name 2 is left blank when it would repeat Name.

The split back to Shopify is a token rule, not a linguistic one. "Jan van der Berg" with
first_last gives first "Jan", last "van der Berg", which is right; "Mary Ann Smith" gives first
"Mary", last "Ann Smith", which a person would not choose. Merchants who need exact first
names keep them in a field whose source is a person format and type them in that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from desktop_app.records.settings import NameSource, ShopSettings
from desktop_app.records.widths import CUSTOMER

#: Formats that hold a person's name and can therefore be split into first and last name.
PERSON_SOURCES: frozenset[str] = frozenset({"first_last", "last_first"})
NAME_SOURCES: frozenset[str] = frozenset(get_args(NameSource))


@dataclass(frozen=True)
class NameSources:
    """The shop's three name settings; defaults are the shop's (Business Central's, §1.1)."""

    name: NameSource = ShopSettings.name_source
    name_2: NameSource = ShopSettings.name_2_source
    contact: NameSource = ShopSettings.contact_source

    @classmethod
    def of(cls, settings: ShopSettings) -> NameSources:
        """The shop's `name_source`, `name_2_source` and `contact_source`."""
        return cls(settings.name_source, settings.name_2_source, settings.contact_source)

    def __post_init__(self) -> None:
        # A typo here would silently produce empty names for every customer; fail loudly.
        for value in (self.name, self.name_2, self.contact):
            if value not in NAME_SOURCES:
                raise ValueError(f"unknown name source {value!r}")


@dataclass(frozen=True)
class FieldLengths:
    """Maximum lengths of the local fields (the store's column sizes)."""

    name: int = CUSTOMER.name
    name_2: int = CUSTOMER.name_2
    contact: int = CUSTOMER.contact


@dataclass(frozen=True)
class PersonName:
    """A Shopify person: the names of an address (or the customer) and the address company."""

    first_name: str = ""
    last_name: str = ""
    company: str = ""


@dataclass(frozen=True)
class LocalNames:
    """Local Name, Name 2 and Contact; "" when blank. `cut`: the fields whose text was longer
    than the local field and was cut to it (said to the merchant, never silently)."""

    name: str = ""
    name_2: str = ""
    contact: str = ""
    cut: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShopifyNames:
    """What a local customer sends to Shopify: first/last name and the address company.

    `source_field` says which local field the person name came from ("contact", "name_2",
    "name") or None when no field qualified, so a caller that needs a name can say which
    field to fill in.
    """

    first_name: str | None
    last_name: str | None
    company: str | None
    source_field: str | None = None


def clean(text: str | None) -> str:
    """Trim and collapse inner whitespace, so "  Ann   Lee " and "Ann Lee" compare equal."""
    return " ".join((text or "").split())


def _truncate(text: str, length: int) -> str:
    # Cut then trim again: a cut can land just after a space.
    return text[:length].rstrip() if length >= 0 else text


def format_name(source: str, person: PersonName) -> str:
    """One formatted name for a source: "First Last", "Last First", the company, or ""."""
    first, last = clean(person.first_name), clean(person.last_name)
    if source == "first_last":
        return clean(f"{first} {last}")
    if source == "last_first":
        return clean(f"{last} {first}")
    if source == "company":
        return clean(person.company)
    if source == "none":
        return ""
    raise ValueError(f"unknown name source {source!r}")


def local_names(
    person: PersonName, sources: NameSources, lengths: FieldLengths = FieldLengths()
) -> LocalNames:
    """Local Name, Name 2 and Contact from a Shopify person (bc_connector §1.2).

    Name takes the Name source; when that is empty, Name takes the Name 2 source instead and
    Name 2 stays blank. Contact takes the Contact source; when Name is still empty, the contact
    becomes the Name and Contact is cleared, so a customer is never created without a name
    while any name is known. Name 2 is blanked when it repeats Name (ignoring case), e.g. with
    both sources set to first_last. Each field is cut to its length.
    """
    name = format_name(sources.name, person)
    name_2 = ""
    second = format_name(sources.name_2, person)
    if not name:
        name = second
    else:
        name_2 = second
    contact = format_name(sources.contact, person)
    if not name:
        name, contact = contact, ""
    if name_2.casefold() == name.casefold():
        name_2 = ""
    cut = tuple(field for field, text, length in (
        ("name", name, lengths.name), ("name_2", name_2, lengths.name_2),
        ("contact", contact, lengths.contact)) if 0 <= length < len(text))
    name = _truncate(name, lengths.name)
    name_2 = _truncate(name_2, lengths.name_2)
    contact = _truncate(contact, lengths.contact)
    if name_2.casefold() == name.casefold():
        # Only possible after cutting: a long Name 2 that starts with a short Name.
        name_2 = ""
    return LocalNames(name=name, name_2=name_2, contact=contact, cut=cut)


def split_name(text: str, source: str) -> tuple[str | None, str | None]:
    """First and last name from one local field, by the token rule of bc_connector §1.3.

    first_last: the first word is the first name and the rest the last name.
    last_first: the last word is the first name and the rest the last name.
    A single word is always the first name (last name None), whatever the format. Blank text,
    or a format that is not a person format, gives (None, None).
    """
    words = (text or "").split()
    if not words or source not in PERSON_SOURCES:
        return None, None
    if len(words) == 1:
        return words[0], None
    if source == "first_last":
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


def shopify_names(local: LocalNames, sources: NameSources) -> ShopifyNames:
    """First/last name and address company for Shopify from the local fields (§1.3, seed 000).

    The person name comes from the first of Contact, Name 2, Name that is filled in and whose
    source is a person format (first_last or last_first). The reference text says "Contact
    Source ≠ None" for Contact; seed 000 and our brief say a person format, and splitting a
    company name into first and last name helps nobody, so a person format it is.

    The address company is Name when the Name source is company, else Name 2 when the Name 2
    source is company, else None.
    """
    first: str | None = None
    last: str | None = None
    used: str | None = None
    for field, text, source in (
        ("contact", local.contact, sources.contact),
        ("name_2", local.name_2, sources.name_2),
        ("name", local.name, sources.name),
    ):
        if clean(text) and source in PERSON_SOURCES:
            first, last = split_name(text, source)
            used = field
            break
    company: str | None = None
    if sources.name == "company" and clean(local.name):
        company = clean(local.name)
    elif sources.name_2 == "company" and clean(local.name_2):
        company = clean(local.name_2)
    return ShopifyNames(first_name=first, last_name=last, company=company, source_field=used)
