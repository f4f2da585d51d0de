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

Companies (B2B) and B2B orders: see :mod:`desktop_app.demo_shop.company_generator` (its own
random stream, so customers and orders of a seed are the same with or without them).

Orders (``orders`` of them, over the same 400 days, numbered in order of creation): see
:func:`_orders` for the mix. Each is built with the same operations the mutations use
(:mod:`desktop_app.demo_shop.order_ops`), so fulfillments, refunds, cancels and gift card
redemptions look exactly like those made through GraphQL.
"""

from __future__ import annotations

import logging
import random
import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal

import phonenumbers

from desktop_app import geo
from desktop_app.demo_shop import order_ops
from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.catalog_state import Location, LocationAddress, Product, Variant
from desktop_app.demo_shop.company_generator import generate_companies
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.fulfillment_state import Return
from desktop_app.demo_shop.money import ZERO
from desktop_app.demo_shop.order_state import Job, LineItem, Order, ShippingLine, TaxRate
from desktop_app.demo_shop.state import ShopState

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
        ValueError: A negative count.
    """
    if customers < 0 or orders < 0:
        raise ValueError("counts cannot be negative")
    rng = random.Random(seed)
    state = ShopState()
    now = now.replace(microsecond=0)
    start = now - timedelta(days=HISTORY_DAYS)
    _locations(state, start)
    _products(state, rng, start, now)
    _customers(state, rng, customers, start, now)
    _orders(state, rng, orders, start, now)
    generate_companies(state, seed, now)
    logger.info("Generated a demo shop: seed %s, %s customers, %s orders", seed, customers, orders)
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


SHIPPING_RATES = [
    ("Standard", "STANDARD", "8.95"),
    ("Express", "EXPRESS", "19.95"),
    ("Free Shipping", "FREE", "0.00"),
    ("Canada Post Expedited", "CP_EXPEDITED", "14.50"),
    ("Local Pickup", "PICKUP", "0.00"),
]
ORDER_TAGS = ["web", "priority", "gift", "repeat", "wholesale", "holiday", "b2b", "export"]
PRESENTMENT_BY_COUNTRY = {
    "US": "USD", "FR": "EUR", "DE": "EUR", "ES": "EUR", "IT": "EUR", "BE": "EUR", "NL": "EUR",
    "PT": "EUR", "GB": "GBP", "AU": "AUD", "CH": "CHF", "MX": "MXN", "JP": "JPY",
}
HST = TaxRate("HST", Decimal("0.13"))


def _order_lines(state: ShopState, rng: random.Random, order: Order, variants: list[Variant], taxed: bool,
                 locations: list[int]) -> None:
    split = len(locations) > 1 and rng.random() < 0.15
    for position in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5))):
        roll = rng.random()
        location = locations[position % 2] if split else locations[0]
        if roll < 0.85:
            variant = rng.choice(variants)
            line = LineItem(
                id=state.new_id(), title=variant.product.title if variant.product else variant.title,
                quantity=rng.choice((1, 1, 1, 2, 2, 3, 5)), unit=order_ops.amount_in(order, variant.price),
                sku=variant.sku, variant_id=variant.id,
                product_id=variant.product.id if variant.product else None,
                variant_title=None if variant.title == "Default Title" else variant.title,
                vendor=variant.product.vendor if variant.product else None, location_id=location,
            )
        elif roll < 0.90:  # an SKU the shop no longer has (a deleted product)
            line = LineItem(id=state.new_id(), title="Discontinued item", quantity=1,
                            unit=order_ops.amount_in(order, Decimal(rng.randrange(500, 4000)) / 100),
                            sku=f"SKU-9{rng.randrange(100, 999)}", location_id=location)
        elif roll < 0.93:  # a custom line without SKU
            line = LineItem(id=state.new_id(), title="Engraving service", quantity=1,
                            unit=order_ops.amount_in(order, Decimal("12.00")), location_id=location)
        elif roll < 0.97:  # a gift card sold
            value = Decimal(rng.choice((25, 50, 100)))
            line = LineItem(id=state.new_id(), title="Gift Card", quantity=1,
                            unit=order_ops.amount_in(order, value), is_gift_card=True,
                            requires_shipping=False, taxable=False)
        else:  # a tip
            line = LineItem(id=state.new_id(), title="Tip", quantity=1,
                            unit=order_ops.amount_in(order, Decimal(rng.choice((2, 5, 10)))),
                            requires_shipping=False, taxable=False)
        if taxed and line.taxable:
            line.tax_rates = [HST]
        line.order = order
        order.line_items.append(line)


def _orders(state: ShopState, rng: random.Random, count: int, start: datetime, now: datetime) -> None:
    """Orders with the variety the app meets (shares are approximate):

    * 12% guests (e-mail, no customer); 15% in the buyer's own currency (USD, EUR, GBP...);
    * 1-5 lines: product variants, unknown SKUs, custom lines, gift cards sold, tips;
      13% HST on Canadian orders; 15% with a 10% discount code; 15% split over two locations;
    * shipping lines of five titles (none for POS orders, ``sourceName`` "pos");
    * payments: paid (some partly with a gift card), pending, authorized, partly paid;
    * fulfilled, partly fulfilled or not; refunds (some with a return, some PENDING through
      PayPal), cancels, closed (archived) orders; risk HIGH for about 3%; tags; 1% test.
    """
    if count <= 0:
        return
    variants = [v for p in state.products.values() for v in p.variants]
    locations = [loc.id for loc in state.locations.values()]
    customers = list(state.customers.values())
    moments = sorted(_moment_between(rng, start, now) for _ in range(count))
    for created in moments:
        customer = rng.choice(customers) if customers and rng.random() >= 0.12 else None
        country = (customer.default_address.country_code if customer and customer.default_address else None) or "CA"
        presentment = PRESENTMENT_BY_COUNTRY.get(country, "CAD") if rng.random() < 0.5 else "CAD"
        pos = rng.random() < 0.08
        number = state.next_order_number
        guest_email = f"guest{number}@example.net"
        order = Order(
            id=state.new_id(), number=number, name=f"#{number}", created_at=created, updated_at=created,
            processed_at=created, currency_code=state.shop.currency_code, presentment_currency_code=presentment,
            email=(customer.email if customer else guest_email), phone=customer.phone if customer else None,
            customer_id=customer.id if customer else None,
            tags=sorted(rng.sample(ORDER_TAGS, rng.choice((0, 0, 0, 1, 1, 2))), key=str.casefold),
            test=rng.random() < 0.01, source_name="pos" if pos else "web",
            shipping_address=customer.default_address if customer and not pos else None,
            billing_address=customer.default_address if customer else None,
        )
        risk = rng.random()
        if risk < 0.03:
            order.risk_level, order.risk_recommendation = "HIGH", rng.choice(("CANCEL", "INVESTIGATE"))
        elif risk < 0.10:
            order.risk_level, order.risk_recommendation = "MEDIUM", "INVESTIGATE"
        if rng.random() < 0.05:
            order.custom_attributes = [{"key": "gift_message", "value": "Happy birthday!"}]
        _order_lines(state, rng, order, variants, country == "CA", locations[1:2] if pos else locations)
        if rng.random() < 0.15:
            order.discount_codes = ["WELCOME10"]
            for line in order.line_items:
                if not line.is_gift_card and line.title != "Tip":
                    line.discount = line.unit.times(line.quantity).rate(Decimal("0.10"))
        if not pos and rng.random() < 0.9 and any(line.requires_shipping for line in order.line_items):
            title, code, price = rng.choice(SHIPPING_RATES)
            shipping = ShippingLine(id=state.new_id(), title=title, code=code,
                                    price=order_ops.amount_in(order, Decimal(price)),
                                    tax_rates=[HST] if country == "CA" else [])
            shipping.order = order
            order.shipping_lines.append(shipping)
        order.link()
        due = order.total_after_edits
        pay = rng.random()
        gateway = "cash" if pos else rng.choice(("shopify_payments", "shopify_payments", "paypal"))
        if pay < 0.78 or pos:
            card = next((c for c in state.gift_cards.values() if c.balance > 0 and c.created_at < created), None) \
                if rng.random() < 0.08 else None
            paid_by_card = ZERO
            if card is not None:
                paid_by_card = order_ops.amount_in(order, min(card.balance, due.shop))
                tx = order_ops.add_transaction(state, order, "SALE", "SUCCESS", "gift_card", paid_by_card, created,
                                               gift_card_id=card.id)
                tx.processed_at = created
            if (due - paid_by_card).shop > 0:
                order_ops.add_transaction(state, order, "SALE", "SUCCESS", gateway, due - paid_by_card, created)
        elif pay < 0.86:
            pass  # pending: nothing paid yet
        elif pay < 0.93:
            order_ops.add_transaction(state, order, "AUTHORIZATION", "SUCCESS", gateway, due, created)
        else:
            order_ops.add_transaction(state, order, "SALE", "SUCCESS", gateway, due.part(1, 2), created)
        order_ops.finish_new_order(state, order, created)
        _order_history(state, rng, order, created, now, pos)
        if customer is not None:
            customer.number_of_orders += 1
            customer.amount_spent += due.shop


def _order_history(state: ShopState, rng: random.Random, order: Order, created: datetime, now: datetime,
                   pos: bool) -> None:
    """What happened to an order after it was placed: fulfillment, refunds, cancel, archive."""
    age_days = (now - created).days
    later = created + timedelta(hours=rng.randrange(2, 72))
    if later > now:
        return
    roll = rng.random()
    if roll < 0.03 and order.cancelled_at is None:
        job = Job(id=state.new_id(), order_id=order.id, reason=rng.choice(("CUSTOMER", "FRAUD", "INVENTORY")),
                  restock=True, refund=True, staff_note=None)
        state.jobs[job.id] = job
        order_ops.run_cancel(state, job, later)
        return
    if pos or roll < 0.70:
        order_ops.fulfill_everything(state, order, later, [] if pos else [
            {"company": rng.choice(("Canada Post", "UPS", "FedEx", "Purolator")),
             "number": f"{rng.randrange(10**11, 10**12)}", "url": None}])
    elif roll < 0.80:
        fo = next((f for f in order.fulfillment_orders if f.status == "OPEN"), None)
        if fo is not None and fo.lines:
            line = fo.lines[0]
            quantity = max(1, line.remaining_quantity // 2)
            order_ops.fulfill(state, order, [(fo, [(line, quantity)])], [], False, later)
    paid = order.received - order.refunded
    refund_roll = rng.random()
    refund_at = later + timedelta(days=rng.randrange(1, 20))
    if refund_at < now and paid.shop > 0 and refund_roll < 0.10:
        candidates = [line for line in order.line_items if line.variant_id and line.current_quantity > 0]
        parent = order_ops.parent_payment(order)
        if candidates and parent is not None:
            line = candidates[0]
            request = order_ops.RefundRequest(note="Customer return")
            restock = "RETURN" if line.fulfilled_quantity else "CANCEL"
            request.lines.append((line, 1, restock, line.location_id))
            amount = line.net(1) + (ZERO if order.tax_exempt else line.tax(1))
            if amount.shop > paid.shop:
                amount = paid
            status = "PENDING" if refund_roll < 0.015 and parent.gateway == "paypal" else "SUCCESS"
            request.transactions.append((parent.gateway, status, amount, parent.id))
            if restock == "RETURN":
                ret = Return(id=state.new_id(), name=f"{order.name}-R1", status="CLOSED", created_at=refund_at,
                             closed_at=refund_at, total_quantity=1)
                order.returns.append(ret)
                request.return_id = ret.id
            order_ops.create_refund(state, order, request, refund_at)
    elif refund_at < now and paid.shop > 0 and refund_roll < 0.13:
        parent = order_ops.parent_payment(order)
        if parent is not None:
            request = order_ops.RefundRequest(note="Goodwill refund")
            request.transactions.append((parent.gateway, "SUCCESS", paid, parent.id))
            order_ops.create_refund(state, order, request, refund_at)
    if age_days > 30 and order.display_fulfillment_status == "FULFILLED" and order.fully_paid and rng.random() < 0.6:
        order.closed_at = later_than_moment(order.updated_at, created + timedelta(days=rng.randrange(20, 30)))
        order_ops.touch(state, order, order.closed_at)
    last = max(order.updated_at, created)
    if last < now and rng.random() < 0.3:
        order_ops.touch(state, order, _moment_between(rng, last, now))


def later_than_moment(previous: datetime, moment: datetime) -> datetime:
    """``moment``, or a second after ``previous`` when that is later."""
    return moment if moment > previous else previous + timedelta(seconds=1)
