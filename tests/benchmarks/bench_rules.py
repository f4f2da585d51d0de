"""Benchmark of the customer matching rules: index 100,000 local customers, match 100,000.

Not a test (pytest ignores tests/benchmarks): it prints figures. Half of the Shopify customers
overlap local ones (by e-mail in a different case, or by phone only), as in issue 4's goal.
One local phone in ten is stored as typed ("06 12 34 56 78") rather than E.164, so the
phonenumbers parse (about 30 µs a phone) is part of the figure; the store keeps valid phones in
E.164, so the second figure, with no typed phone, is the usual case.

Run: .venv/bin/python tests/benchmarks/bench_rules.py [count]
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter

from desktop_app.sync.rules.mapping import LocalIndex, MatchSettings, match_customer
from desktop_app.sync.rules.names import NameSources, PersonName, local_names
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn


def _phone(i: int) -> str:
    # French mobile numbers +33 6 xx xx xx xx are all valid; i < 10**8 keeps them distinct.
    return f"+336{i:08d}"


def local_rows(count: int, typed_every: int = 10) -> list[LocalCustomerRow]:
    """Local rows; every `typed_every`-th phone is national and spaced (0: none)."""
    rows = []
    for i in range(count):
        phone = _phone(i)
        if typed_every and i % typed_every == 0:
            digits = phone[3:]
            phone = "0" + " ".join([digits[0]] + [digits[k:k + 2] for k in range(1, 9, 2)])
        rows.append(LocalCustomerRow(
            no=f"C{i:06d}", name=f"Customer {i}", address=f"{i} Rue de la Paix",
            post_code=f"{75000 + i % 100}", city="Paris", country="FR", phone=phone,
            email=f"person{i}@example.com",
        ))
    return rows


def shopify_customers(count: int) -> list[ShopifyCustomerIn]:
    customers = []
    for j in range(count):
        # Even j: the same person as local customer j (e-mail in upper case, or phone only).
        # Odd j: a new person.
        i = j if j % 2 == 0 else count + j
        email = f"PERSON{i}@EXAMPLE.COM" if j % 4 == 0 else ""
        if j % 2:
            email = f"new{i}@example.org"
        address = ShopifyAddressIn(id=f"a{j}", is_default=True, first_name="F",
                                   last_name=str(i), address1=f"{i} Rue de la Paix",
                                   city="Paris", zip="75001", country_code="FR")
        customers.append(ShopifyCustomerIn(id=f"gid://shopify/Customer/{j}", email=email,
                                           phone=_phone(i), addresses=(address,)))
    return customers


def main(count: int = 100_000) -> None:
    rows = local_rows(count)
    customers = shopify_customers(count)
    settings = MatchSettings("email_phone", auto_create=True, shop_country="FR")

    start = time.perf_counter()
    index = LocalIndex.build(rows, "FR", with_bill_to=False)
    built = time.perf_counter() - start

    start = time.perf_counter()
    kinds = Counter(match_customer(c, index, settings).kind for c in customers)
    matched = time.perf_counter() - start

    bill_to = MatchSettings("bill_to", auto_create=True, shop_country="FR")
    start = time.perf_counter()
    bill_to_index = LocalIndex.build(rows, "FR", with_bill_to=True)
    bill_to_built = time.perf_counter() - start
    start = time.perf_counter()
    for c in customers:
        match_customer(c, bill_to_index, bill_to)
    bill_to_time = time.perf_counter() - start

    sources = NameSources()
    start = time.perf_counter()
    for c in customers:
        local_names(PersonName(c.first_name, c.last_name, ""), sources)
    names_time = time.perf_counter() - start

    e164_rows = local_rows(count, typed_every=0)
    start = time.perf_counter()
    LocalIndex.build(e164_rows, "FR", with_bill_to=False)
    e164_built = time.perf_counter() - start
    del e164_rows

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"local customers indexed:   {count:>7}  in {built:6.3f} s "
          f"({len(index.by_phone)} phones, {len(index.by_email)} e-mails)")
    print(f"  the same, all phones E.164: {e164_built:6.3f} s")
    print(f"Shopify customers matched: {count:>7}  in {matched:6.3f} s  {dict(kinds)}")
    print(f"indexed with bill-to keys: {count:>7}  in {bill_to_built:6.3f} s")
    print(f"bill-to matching:          {count:>7}  in {bill_to_time:6.3f} s")
    print(f"local names built:         {count:>7}  in {names_time:6.3f} s")
    print(f"peak resident memory of the process (data included): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
