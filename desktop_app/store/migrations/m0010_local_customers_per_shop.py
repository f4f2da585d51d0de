"""Version 10: Assign to Web Upload ticks belong to a shop card; the demo's customers apart.

Before this step `customer.web_upload` was one flag read by every shop card: a tick made for
one store was uploaded by the first sync of any other card (issue 14). The ticks move to
`customer_web_upload` (shop, customer) and the column goes. Existing ticks are kept only
where no one can be surprised:

- for every demo shop card (a simulated store: nothing reaches a real one);
- for the real (non-demo) shop card when there is exactly one; with several real cards no
  one can tell which store a tick was meant for, so they get none (the merchant ticks again
  on the card they mean); with no shop card at all, nowhere. The numbers that lost their
  tick are written to the log (WARNING).

The demo's customers are marked as the demo's (`customer.demo_shop_id`, see
`store/local_customers.py`): the sample customers of the first start (`SAMPLE_CUSTOMERS`,
number and name unchanged) and the customers a demo shop card's sync created (linked to it with the reason "created"), unless they are linked in a
real shop card or named by a document of one. They go to the oldest demo card (the first
start's). Without a demo card, nothing is marked. `customer.demo_kept` (0) says the merchant
has not changed them since.
"""

from __future__ import annotations

import logging

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 10

log = logging.getLogger(__name__)

STATEMENTS = (
    # The old flag's partial index has the new table's name.
    "DROP INDEX IF EXISTS customer_web_upload",
    """CREATE TABLE customer_web_upload (
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        PRIMARY KEY (shop_id, customer_id)
    )""",
    "CREATE INDEX customer_web_upload_customer_id ON customer_web_upload (customer_id)",
    # No ON DELETE action: removing a demo card must decide about its customers first
    # (`local_customers.remove_demo_customers`); never silently hand them to the merchant.
    "ALTER TABLE customer ADD COLUMN demo_shop_id INTEGER REFERENCES shop (id)",
    "ALTER TABLE customer ADD COLUMN demo_kept INTEGER NOT NULL DEFAULT 0",
    ("CREATE INDEX customer_demo_shop_id ON customer (demo_shop_id) "
     "WHERE demo_shop_id IS NOT NULL"),
)


#: The first start's sample customers (`resources/demo/local_customers.csv` when this step
#: was written), by number and name: a customer is the demo's only while it still has both.
SAMPLE_CUSTOMERS = (
    ("K0001", "Lucas Jansen"), ("K0002", "Daniel Johnson"), ("K0003", "Leonor Costa"),
    ("K0004", "Olivia Lambert"), ("K0005", "Chloé Bouchard"), ("K0006", "Liam Wilson"),
    ("K0007", "Sophie Wagner"), ("K0008", "Daniel Davis"), ("K0009", "Élodie Tremblay"),
    ("K0010", "Mathieu Tremblay"), ("K0011", "Jonas Hoffmann"), ("K0012", "Felix Schäfer"),
    ("K0013", "Aoi Tanaka"), ("K0014", "David Williams"), ("K0015", "Amelia Smith"),
    ("K0016", "Mia Schmid"), ("K0017", "Carmen Fernández"), ("K0018", "Pablo Sánchez"),
    ("K0019", "Hina Suzuki"), ("K0020", "Amelia Green"), ("K0021", "Paul Schäfer"),
    ("K0022", "Paul Weber"), ("K0023", "Paul Schneider"), ("K0024", "Jennifer Davis"),
    ("K0025", "Noah Rochat"), ("K0026", "Harry Green"), ("K0027", "Ava Martin"),
    ("K0028", "Chloé Martin"), ("K0029", "Emma Jacobs"), ("K0030", "Marie Bernard"),
    ("K0031", "Atelier Brun"), ("K0032", "Harbour Books"), ("K0033", "Maple Outfitters"),
    ("K0034", "Kaffee Kranz"), ("K0035", "Sunrise Yoga"), ("K0036", "Tienda Sol"),
    ("K0037", "Bloom & Co"), ("K0038", "Walk-in customer"),
)


def _mark_demo_customers(db: peewee.SqliteDatabase) -> None:
    demo = db.execute_sql("SELECT id FROM shop WHERE is_demo = 1 ORDER BY id LIMIT 1").fetchone()
    if demo is None:
        return
    demo_id = demo[0]
    real_use = (
        "NOT EXISTS (SELECT 1 FROM shopify_customer sc JOIN shop s ON s.id = sc.shop_id "
        "WHERE sc.customer_id = customer.id AND s.is_demo = 0) "
        "AND NOT EXISTS (SELECT 1 FROM sales_document d JOIN shop s ON s.id = d.shop_id "
        "WHERE s.is_demo = 0 AND customer.no IN (d.sell_to_customer_no, d.bill_to_customer_no))"
    )
    for no, name in SAMPLE_CUSTOMERS:
        db.execute_sql(f"UPDATE customer SET demo_shop_id = ? WHERE no = ? AND name = ? "
                       f"AND {real_use}", (demo_id, no, name))
    db.execute_sql(
        "UPDATE customer SET demo_shop_id = ? WHERE id IN (SELECT sc.customer_id FROM "
        "shopify_customer sc JOIN shop s ON s.id = sc.shop_id WHERE s.is_demo = 1 "
        f"AND sc.match_reason = 'created') AND {real_use}", (demo_id,))


def _move_ticks(db: peewee.SqliteDatabase) -> None:
    shops = db.execute_sql("SELECT id, is_demo FROM shop").fetchall()
    real = [shop_id for shop_id, is_demo in shops if not is_demo]
    keep_for = [shop_id for shop_id, is_demo in shops if is_demo]
    if len(real) == 1:
        keep_for += real
    for shop_id in keep_for:
        demo = shop_id not in real
        db.execute_sql(
            "INSERT INTO customer_web_upload (shop_id, customer_id) SELECT ?, id FROM customer "
            "WHERE web_upload = 1" + ("" if demo else " AND demo_shop_id IS NULL"), (shop_id,))
    if len(real) > 1 or not shops:
        lost = [no for (no,) in db.execute_sql(
            "SELECT no FROM customer WHERE web_upload = 1 ORDER BY no")]
        if lost:
            log.warning("Assign to Web Upload now belongs to a shop card: the old ticks of %d "
                        "customers were kept for no real shop card (%d of them): %s",
                        len(lost), len(real), ", ".join(lost))


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create `customer_web_upload`, mark the demo's customers, move the ticks, drop the flag."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
    _mark_demo_customers(db)
    _move_ticks(db)
    db.execute_sql("ALTER TABLE customer DROP COLUMN web_upload")
