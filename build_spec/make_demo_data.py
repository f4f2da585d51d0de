"""Writes resources/demo/local_customers.csv: the local side of the first-start demo.

The demo shop (seed `app.DEMO_SEED`) plays the merchant's Shopify store; this file plays the
customers already in the merchant's own database. Some are the same people as in the shop,
typed the way a shop counter types them (e-mail in other case, phone in national format), so
the first Customers sync shows matching at work; the others exist only locally, ready to be
assigned to web upload. Run again after changing the demo generator:

    .venv/bin/python build_spec/make_demo_data.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import phonenumbers

from desktop_app.app import DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_SEED
from desktop_app.demo_shop import ShopBackend

TARGET = Path(__file__).resolve().parent.parent / "resources" / "demo" / "local_customers.csv"
COLUMNS = ("no", "name", "name_2", "contact", "address", "address_2", "city", "post_code",
           "county", "country", "phone", "email", "template", "category")

LOCAL_ONLY = (
    ("Atelier Brun", "Claire Brun", "12 rue des Lilas", "Lyon", "69003", "", "FR",
     "+33 4 72 00 11 22", "claire@atelier-brun.example"),
    ("Harbour Books", "Owen Price", "3 Quay Street", "Cardiff", "CF10 1EU", "", "GB",
     "029 2000 1234", "owen@harbourbooks.example"),
    ("Maple Outfitters", "Lucy Grant", "88 King St W", "Toronto", "M5H 1A1", "ON", "CA",
     "(416) 555-0143", "lucy.grant@maple.example"),
    ("Kaffee Kranz", "Jonas Weber", "Hauptstraße 5", "Freiburg", "79098", "", "DE",
     "0761 123456", "jonas@kaffeekranz.example"),
    ("Sunrise Yoga", "Maya Patel", "200 Ocean Ave", "Santa Monica", "90402", "CA", "US",
     "+1 310-555-0188", "maya@sunriseyoga.example"),
    ("Tienda Sol", "Diego Ruiz", "Calle Mayor 9", "Madrid", "28013", "", "ES",
     "912 345 678", "diego@tiendasol.example"),
    ("Bloom & Co", "Hana Sato", "1-2-3 Ginza", "Tokyo", "104-0061", "", "JP",
     "03-1234-5678", "hana@bloom.example"),
    ("Walk-in customer", "", "", "", "", "", "", "", ""),
)


def main() -> None:
    backend = ShopBackend.generate(seed=DEMO_SEED, customers=DEMO_CUSTOMERS, orders=DEMO_ORDERS)
    rng = random.Random(DEMO_SEED)
    people = [c for c in backend.state.customers.values() if c.email and c.addresses]
    rows = []
    for number, customer in enumerate(rng.sample(people, 30), start=1):
        address = customer.addresses[0]
        phone = ""
        if customer.phone:
            parsed = phonenumbers.parse(customer.phone)
            phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        email = customer.email.upper() if number % 3 == 0 else customer.email
        rows.append({
            "no": f"K{number:04d}", "name": f"{customer.first_name} {customer.last_name}",
            "contact": "", "address": address.address1 or "", "city": address.city or "",
            "post_code": address.zip or "", "county": address.province_code or "",
            "country": address.country_code or "", "phone": phone, "email": email,
            "template": "RETAIL", "category": "person",
        })
    for number, (name, contact, street, city, zip_code, county, country, phone, email) in (
        enumerate(LOCAL_ONLY, start=31)
    ):
        rows.append({
            "no": f"K{number:04d}", "name": name, "contact": contact, "address": street,
            "city": city, "post_code": zip_code, "county": county, "country": country,
            "phone": phone, "email": email, "template": "RETAIL",
            "category": "organisation" if contact else "person",
        })
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in COLUMNS})
    print(f"wrote {len(rows)} customers to {TARGET}")


if __name__ == "__main__":
    main()
