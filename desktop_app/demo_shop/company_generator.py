"""Generated B2B data: companies with locations and contacts, and B2B orders.

Called by :func:`desktop_app.demo_shop.generator.generate_state` after customers and orders,
with its own ``random.Random`` derived from the seed, so adding companies leaves every
customer and order of a seed exactly as before.

One company per 25 customers (none below 5 customers, at most 400). Each company has one to
three locations, each with a shipping address, a billing address (the same place for about
two thirds), a tax registration id for most (format of the location's country), and payment
terms for about 70% (Net 30 most often). Its main contact is an existing customer with an
e-mail who is no contact yet, so that customer's orders are B2B: about 80% of them get the
company and one of its locations as purchasing entity.
"""

from __future__ import annotations

import random
from datetime import datetime

from desktop_app import geo
from desktop_app.demo_shop.company_state import (
    Company,
    CompanyAddress,
    CompanyContact,
    CompanyLocation,
)
from desktop_app.demo_shop.state import ShopState

COMPANY_WORDS = (
    ("Northern", "Maple", "Harbour", "Summit", "Prairie", "Atlantic", "Cedar", "Granite",
     "Silver", "Riverside", "Alpine", "Coastal"),
    ("Supply", "Traders", "Outfitters", "Wholesale", "Distribution", "Retail Group",
     "Hospitality", "Works", "Provisions", "Imports"),
)
SUFFIXES = {"CA": "Inc.", "US": "LLC", "GB": "Ltd", "FR": "SARL", "DE": "GmbH", "ES": "S.L.",
            "IT": "S.r.l.", "BE": "BV", "NL": "B.V.", "CH": "AG", "AU": "Pty Ltd", "MX": "S.A."}
LOCATION_KINDS = ("Head office", "Warehouse", "Store", "Branch", "Depot")
#: Payment terms template ids, weighted: None (pay now), Net 30 most, then others.
TERMS_CHOICES = (None, None, None, 4, 4, 4, 4, 3, 5, 2, 1, 9, 6)
ADDRESSES: dict[str, list[tuple[str, str | None, str, str]]] = {
    "CA": [("Ottawa", "ON", "K1P 1J1", "Bank St"), ("Toronto", "ON", "M5V 2T6", "Spadina Ave"),
           ("Montréal", "QC", "H3B 4W8", "Rue Peel"), ("Vancouver", "BC", "V6C 3L6", "Burrard St"),
           ("Calgary", "AB", "T2P 3C4", "8 Ave SW")],
    "US": [("Seattle", "WA", "98101", "Pine St"), ("Chicago", "IL", "60601", "Lake St"),
           ("Austin", "TX", "78702", "E 6th St"), ("Boston", "MA", "02110", "Summer St")],
    "GB": [("London", None, "EC1A 1BB", "Aldersgate St"), ("Leeds", None, "LS1 4AP", "Park Row")],
    "FR": [("Lyon", None, "69002", "Rue de la République"), ("Paris", None, "75002", "Rue du Sentier")],
    "DE": [("Berlin", None, "10117", "Friedrichstraße"), ("Hamburg", None, "20095", "Mönckebergstraße")],
}


def _tax_id(rng: random.Random, country: str) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(9))
    if country == "CA":
        return f"{digits}RT0001"  # a GST/HST business number
    if country == "US":
        return f"{digits[:2]}-{digits[2:]}"  # an EIN
    return f"{country}{digits}"  # an EU/UK VAT number shape


def _address(state: ShopState, rng: random.Random, company_id: int, country: str,
             moment: datetime, phone: str | None) -> CompanyAddress:
    city, zone, zip_code, street = rng.choice(ADDRESSES[country])
    if zone and not geo.province_code(country, zone):
        zone = None
    return CompanyAddress(
        id=state.new_id(), created_at=moment, updated_at=moment, company_id=company_id,
        address1=f"{rng.randrange(1, 900)} {street}", city=city, zip=zip_code,
        zone_code=zone, country_code=country, phone=phone,
    )


def generate_companies(state: ShopState, seed: int, now: datetime) -> None:
    """Add companies, their locations and contacts, and make some orders B2B (see above)."""
    rng = random.Random(f"{seed}/companies")
    customers = [c for c in state.customers.values() if c.email]
    if len(state.customers) < 5 or not customers:
        return
    count = min(400, max(1, len(state.customers) // 25), len(customers))
    contacts = rng.sample(customers, count)
    names: set[str] = set()
    for number, person in enumerate(contacts, start=1):
        country = (person.default_address.country_code if person.default_address else "CA") or "CA"
        country = country if country in ADDRESSES else "CA"
        name = f"{rng.choice(COMPANY_WORDS[0])} {rng.choice(COMPANY_WORDS[1])}"
        while name in names:
            name = f"{name} {rng.choice(COMPANY_WORDS[0])}"
        names.add(name)
        created = min(person.created_at, now)
        company = Company(
            id=state.new_id(), name=f"{name} {SUFFIXES.get(country, 'Ltd')}", created_at=created,
            updated_at=created, customer_since=created,
            external_id=f"ACCT-{number:04d}" if rng.random() < 0.3 else None,
        )
        for index in range(rng.choice((1, 1, 2, 2, 3))):
            moment = created
            kind = LOCATION_KINDS[0] if index == 0 else rng.choice(LOCATION_KINDS[1:])
            shipping = _address(state, rng, company.id, country, moment, person.phone)
            billing = (shipping.copy_as(state.new_id()) if rng.random() < 0.66
                       else _address(state, rng, company.id, country, moment, None))
            company.locations.append(CompanyLocation(
                id=state.new_id(), company_id=company.id,
                name=f"{kind} {shipping.city}" if index else f"{kind}",
                created_at=moment, updated_at=moment, phone=person.phone,
                tax_registration_id=_tax_id(rng, country) if rng.random() < 0.8 else None,
                payment_terms_template_id=rng.choice(TERMS_CHOICES),
                billing_address=billing, shipping_address=shipping,
            ))
        contact = CompanyContact(id=state.new_id(), company_id=company.id,
                                 customer_id=person.id, created_at=created, updated_at=created,
                                 title=rng.choice((None, "Buyer", "Purchasing manager", "Owner")),
                                 locale=person.locale)
        company.contacts.append(contact)
        company.main_contact_id = contact.id
        state.add_company(company)
    for order in state.orders.values():
        contact_id = state.contact_of_customer.get(order.customer_id or -1)
        if contact_id is None or rng.random() >= 0.8:
            continue
        company = state.companies[state.company_of_contact[contact_id]]
        order.company_location_id = rng.choice(company.locations).id
        order.company_contact_id = contact_id
