"""A realistic demo shop generated deterministically from a seed.

Everything comes from one ``random.Random(seed)``, and times are relative to ``now`` (the
caller passes it; :meth:`ShopBackend.generate` uses the start of today, UTC), so the same
seed and ``now`` always give the same shop.

Customers: names from 14 countries with that country's addresses (provinces where the country
has them) and valid phone numbers (checked with ``phonenumbers.is_valid_number``); about 8%
have no address, 5% no e-mail and 20% no phone. Some share patterns tests need: about 2% reuse
an earlier customer's name with another e-mail, and about 1% get an e-mail that differs from an
earlier one only by punctuation (``jean.dupont@`` / ``jean-dupont@``), which Shopify's
tokenised search cannot tell apart. Tags from a small pool; created and updated times spread
over the last 400 days.

Products: 50, each with one to three variants and unique SKUs; two locations.

TODO(orders issue): ``orders`` > 0 raises NotImplementedError until orders are modelled.
"""

from __future__ import annotations

import logging
import random
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal

import phonenumbers

from desktop_app import geo
from desktop_app.demo_shop.state import (
    Address,
    Customer,
    Location,
    LocationAddress,
    Product,
    ShopState,
    Variant,
)

logger = logging.getLogger(__name__)

HISTORY_DAYS = 400

# country: (weight, locale, first names, last names, [(city, province code or None, zip)], streets)
COUNTRIES: dict[str, tuple[int, str, list[str], list[str], list[tuple[str, str | None, str]], list[str]]] = {
    "CA": (18, "en", ["Liam", "Olivia", "Noah", "Emma", "Élodie", "Mathieu", "Chloé", "Ethan", "Ava", "Gabriel"],
           ["Tremblay", "Gagnon", "Roy", "Smith", "Brown", "Wilson", "Côté", "Martin", "Lee", "Bouchard"],
           [("Ottawa", "ON", "K1P 5J2"), ("Toronto", "ON", "M5H 2N2"), ("Montréal", "QC", "H2Y 1C6"),
            ("Vancouver", "BC", "V6B 1A1"), ("Calgary", "AB", "T2P 1J9"), ("Halifax", "NS", "B3J 1S9")],
           ["Rideau St", "King St W", "Rue Sainte-Catherine", "Granville St", "Main St"]),
    "US": (16, "en", ["James", "Mary", "Michael", "Jennifer", "David", "Linda", "Sarah", "Daniel", "Emily", "Chris"],
           ["Johnson", "Williams", "Miller", "Davis", "Garcia", "Rodriguez", "Anderson", "Taylor", "Thomas", "Moore"],
           [("Seattle", "WA", "98104"), ("New York", "NY", "10001"), ("Austin", "TX", "78701"),
            ("Denver", "CO", "80202"), ("Boston", "MA", "02108"), ("San Diego", "CA", "92101")],
           ["4th Ave", "Broadway", "Congress Ave", "Market St", "Elm St"]),
    "FR": (12, "fr", ["Jean", "Marie", "Camille", "Léa", "Hugo", "Louis", "Manon", "Inès", "Lucas", "Chloé"],
           ["Dupont", "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier"],
           [("Paris", None, "75008"), ("Lyon", None, "69002"), ("Marseille", None, "13001"),
            ("Bordeaux", None, "33000"), ("Lille", None, "59000")],
           ["rue de Rivoli", "avenue Jean Jaurès", "boulevard Haussmann", "rue Nationale"]),
    "DE": (8, "de", ["Lukas", "Anna", "Felix", "Lena", "Jonas", "Mia", "Paul", "Sophie", "Jürgen", "Katrin"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer"],
           [("Berlin", None, "10115"), ("München", None, "80331"), ("Hamburg", None, "20095"), ("Köln", None, "50667")],
           ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße"]),
    "GB": (8, "en", ["Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack", "Freya", "Alfie", "Grace"],
           ["Smith", "Jones", "Taylor", "Brown", "Evans", "Wright", "Walker", "Hughes", "Green", "Hall"],
           [("London", None, "SW1A 1AA"), ("Manchester", None, "M1 1AE"), ("Bristol", None, "BS1 4DJ"),
            ("Leeds", None, "LS1 1UR")],
           ["High Street", "Station Road", "Church Lane", "Victoria Road"]),
    "ES": (5, "es", ["Lucía", "Hugo", "Martina", "Pablo", "Sofía", "Álvaro", "Carmen", "Javier"],
           ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez"],
           [("Madrid", "M", "28013"), ("Barcelona", "B", "08002"), ("Valencia", "V", "46002"), ("Sevilla", "SE", "41004")],
           ["Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida de la Constitución"]),
    "IT": (5, "it", ["Giulia", "Francesco", "Sofia", "Alessandro", "Aurora", "Lorenzo", "Chiara", "Matteo"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
           [("Roma", "RM", "00184"), ("Milano", "MI", "20121"), ("Napoli", "NA", "80133"), ("Torino", "TO", "10121")],
           ["Via Roma", "Corso Italia", "Via Garibaldi", "Piazza del Duomo"]),
    "MX": (5, "es", ["José", "María", "Juan", "Guadalupe", "Luis", "Fernanda", "Diego", "Valeria"],
           ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Ramírez", "Flores"],
           [("Ciudad de México", "DF", "06000"), ("Guadalajara", "JAL", "44100"), ("Monterrey", "NL", "64000"),
            ("Puebla", "PUE", "72000")],
           ["Avenida Reforma", "Calle Hidalgo", "Avenida Juárez", "Calle Morelos"]),
    "AU": (5, "en", ["Jack", "Charlotte", "William", "Mia", "Thomas", "Chloe", "Lachlan", "Zoe"],
           ["Smith", "Jones", "Williams", "Brown", "Wilson", "Nguyen", "Kelly", "Ryan"],
           [("Sydney", "NSW", "2000"), ("Melbourne", "VIC", "3000"), ("Brisbane", "QLD", "4000"), ("Perth", "WA", "6000")],
           ["George St", "Collins St", "Queen St", "Hay St"]),
    "JP": (4, "ja", ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura"],
           ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
           [("Tokyo", "JP-13", "100-0005"), ("Osaka", "JP-27", "530-0001"), ("Kyoto", "JP-26", "600-8216")],
           ["Chiyoda 1-1", "Umeda 2-4", "Shijo-dori 3"]),
    "BE": (4, "nl", ["Lucas", "Emma", "Louis", "Olivia", "Arthur", "Louise", "Noah", "Elena"],
           ["Peeters", "Janssens", "Maes", "Jacobs", "Dubois", "Lambert", "Mertens", "Willems"],
           [("Bruxelles", None, "1000"), ("Antwerpen", None, "2000"), ("Gent", None, "9000"), ("Liège", None, "4000")],
           ["Rue Neuve", "Meir", "Veldstraat", "Rue Léopold"]),
    "CH": (3, "de", ["Noah", "Mia", "Liam", "Emma", "Luca", "Lina", "Elias", "Léa"],
           ["Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Favre", "Rochat"],
           [("Zürich", None, "8001"), ("Genève", None, "1204"), ("Basel", None, "4051"), ("Bern", None, "3011")],
           ["Bahnhofstrasse", "Rue du Rhône", "Marktgasse", "Freie Strasse"]),
    "NL": (4, "nl", ["Daan", "Julia", "Sem", "Mila", "Lucas", "Tess", "Finn", "Sara"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"],
           [("Amsterdam", None, "1012 JS"), ("Rotterdam", None, "3011 AD"), ("Utrecht", None, "3511 LX"),
            ("Den Haag", None, "2511 BT")],
           ["Damrak", "Coolsingel", "Oudegracht", "Lange Voorhout"]),
    "PT": (3, "pt", ["João", "Maria", "Rodrigo", "Leonor", "Tiago", "Beatriz"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"],
           [("Lisboa", None, "1100-148"), ("Porto", None, "4000-322"), ("Braga", None, "4700-435")],
           ["Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina"]),
}

DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "shop.example"]
TAG_POOL = ["VIP", "wholesale", "newsletter", "retail", "b2b", "loyalty", "staff", "event-2026"]
PRODUCT_WORDS = (
    ["Classic", "Organic", "Deluxe", "Everyday", "Vintage", "Alpine", "Coastal", "Urban"],
    ["Wool", "Cotton", "Linen", "Ceramic", "Maple", "Cedar", "Leather", "Bamboo"],
    ["Scarf", "Mug", "Blanket", "Tote", "Candle", "Notebook", "Apron", "Tea Towel"],
)
SIZES = ["S", "M", "L"]


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of a name, for e-mail local parts."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class _Phones:
    """Valid, unique phone numbers per country, built from the country's example number."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.templates: dict[str, phonenumbers.PhoneNumber] = {}

    def make(self, country: str) -> str | None:
        template = self.templates.get(country)
        if template is None:
            template = phonenumbers.example_number_for_type(
                country, phonenumbers.PhoneNumberType.MOBILE
            ) or phonenumbers.example_number(country)
            if template is None:
                return None
            self.templates[country] = template
        national = str(template.national_number)
        keep = max(len(national) - 6, 1)
        for _ in range(20):
            digits = national[:keep] + "".join(
                str(self.rng.randrange(10)) for _ in range(len(national) - keep)
            )
            number = phonenumbers.PhoneNumber(
                country_code=template.country_code,
                national_number=int(digits),
                italian_leading_zero=template.italian_leading_zero,
            )
            if not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in self.used:
                self.used.add(e164)
                return e164
        return None


def _moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(int((end - start).total_seconds()), 0)
    return start + timedelta(seconds=rng.randrange(span + 1))


def generate_state(seed: int, *, customers: int, orders: int, now: datetime) -> ShopState:
    """A whole shop state (see the module docstring).

    Raises:
        NotImplementedError: ``orders`` > 0.
        ValueError: A negative count.
    """
    if orders > 0:
        raise NotImplementedError("generating orders comes with the orders issue")
    if customers < 0 or orders < 0:
        raise ValueError("counts cannot be negative")
    rng = random.Random(seed)
    state = ShopState()
    now = now.replace(microsecond=0)
    start = now - timedelta(days=HISTORY_DAYS)
    _locations(state, start)
    _products(state, rng, start, now)
    _customers(state, rng, customers, start, now)
    logger.info("Generated a demo shop: seed %s, %s customers", seed, customers)
    return state


def _locations(state: ShopState, start: datetime) -> None:
    for name, address in (
        ("Ottawa Warehouse", LocationAddress("1200 Industrial Ave", None, "Ottawa", "ON", "CA", "K1G 4K3", "+16135550111")),
        ("Montréal Boutique", LocationAddress("400 Rue Saint-Paul O", None, "Montréal", "QC", "CA", "H2Y 2A6", "+15145550122")),
    ):
        state.add_location(Location(id=state.new_id(), name=name, address=address, created_at=start, updated_at=start))


def _products(state: ShopState, rng: random.Random, start: datetime, now: datetime) -> None:
    titles: set[str] = set()
    while len(titles) < 50:
        titles.add(" ".join(rng.choice(words) for words in PRODUCT_WORDS))
    for number, title in enumerate(sorted(titles), start=1001):
        created = _moment_between(rng, start, now)
        product = Product(
            id=state.new_id(),
            title=title,
            handle=title.lower().replace(" ", "-"),
            created_at=created,
            updated_at=_moment_between(rng, created, now),
            vendor=rng.choice(["Maple & Co", "Atelier Nord", "Coastline Goods"]),
            product_type=title.split()[-1],
            tags=sorted(rng.sample(["gift", "bestseller", "new", "eco"], rng.randrange(3)), key=str.casefold),
        )
        base = Decimal(rng.randrange(800, 12000)) / 100
        sizes = [None] if rng.random() < 0.5 else SIZES[: rng.randrange(2, 4)]
        for position, size in enumerate(sizes, start=1):
            product.variants.append(
                Variant(
                    id=state.new_id(),
                    title=size or "Default Title",
                    sku=f"SKU-{number}" + (f"-{size}" if size else ""),
                    price=(base + (position - 1) * 2).quantize(Decimal("0.01")),
                    created_at=created,
                    updated_at=product.updated_at,
                    position=position,
                    barcode=f"0{rng.randrange(10**11, 10**12)}",
                    inventory_quantity=rng.randrange(0, 200),
                )
            )
        state.add_product(product)


def _customers(state: ShopState, rng: random.Random, count: int, start: datetime, now: datetime) -> None:
    codes = list(COUNTRIES)
    weights = [COUNTRIES[c][0] for c in codes]
    phones = _Phones(rng)
    emails: set[str] = set()
    made: list[Customer] = []
    for _ in range(count):
        country = rng.choices(codes, weights)[0]
        _, locale, firsts, lasts, cities, streets = COUNTRIES[country]
        roll = rng.random()
        if made and roll < 0.02:  # same name as an earlier customer, another e-mail
            twin = made[rng.randrange(len(made))]
            first, last = twin.first_name or rng.choice(firsts), twin.last_name or rng.choice(lasts)
        else:
            first, last = rng.choice(firsts), rng.choice(lasts)
        email = None
        if rng.random() >= 0.05:
            local_part = f"{_ascii(first)}.{_ascii(last)}"
            if made and roll > 0.99 and made[-1].email:  # punctuation look-alike of the last e-mail
                local_part = made[-1].email.split("@")[0].replace(".", "-")
                email = f"{local_part}@{made[-1].email.split('@')[1]}"
            else:
                email = f"{local_part}@{rng.choice(DOMAINS)}"
            suffix = 1
            while email in emails:
                suffix += 1
                name, domain = email.split("@")
                email = f"{name.rstrip('0123456789')}{suffix}@{domain}"
            emails.add(email)
        phone = phones.make(country) if rng.random() >= 0.2 else None
        created = _moment_between(rng, start, now)
        customer = Customer(
            id=state.new_id(),
            created_at=created,
            updated_at=_moment_between(rng, created, now),
            first_name=first,
            last_name=last,
            email=email,
            phone=phone,
            locale=locale,
            tags=sorted(rng.sample(TAG_POOL, rng.choice((0, 0, 1, 1, 2, 3))), key=str.casefold),
            verified_email=email is not None and rng.random() < 0.9,
            state=rng.choices(["DISABLED", "ENABLED", "INVITED"], [75, 20, 5])[0],
        )
        if rng.random() >= 0.08:
            city, province, zip_code = rng.choice(cities)
            if province and not geo.province_code(country, province):
                province = None
            address = Address(
                id=state.new_id(),
                first_name=first,
                last_name=last,
                company=f"{last} {rng.choice(['SARL', 'GmbH', 'Ltd', 'Inc', 'S.L.'])}" if rng.random() < 0.1 else None,
                address1=f"{rng.randrange(1, 400)} {rng.choice(streets)}",
                city=city,
                province_code=province,
                country_code=country,
                zip=zip_code,
                phone=phone,
            )
            customer.addresses.append(address)
            customer.default_address_id = address.id
        state.add_customer(customer)
        made.append(customer)
