"""Benchmark: the Customers tab over 100,000 local customers (issue 4: "without lag").

Run as a script (offscreen; not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_customers_table.py \
        [--customers 100000] [--linked 5000]

What is measured, each on a real `CustomersTab` (real SyncEngine over the SyncService, temp
SQLite database), wall time from the action until the local table's viewport has painted its
rows: the events the action posted are processed, then the viewport is painted with
`QWidget.grab()`, which runs its paint event (the delegate asks the model's `data()` for every
visible cell) whether or not the offscreen platform would have exposed it. Waiting for Qt to
paint on its own did not work offscreen: an action that changes nothing on screen (scrolling
to the bottom of a list already at its end) never painted, and the step waited its 30 s
timeout. Each step also checks that the viewport did paint, with a row at its top when the
model has rows.

- open: building the tab, selecting the shop (count + first page of 500) and first paint;
- search: the filter the debounce timer applies (`apply_filters`), for a common word, a rare
  e-mail, a phone's digits, a miss, and back to everything;
- link state "linked" / "not linked", and "web upload only";
- sort by name; scrolling to the end of 20 pages (fetchMore, 500 rows each);
- "Check all shown" over every customer (numbers only) and over a search;
- for comparison, reading every row at once with `customers.list_customers()`.

No assertion: the figures go to stdout for the report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.credentials.vault import Vault  # noqa: E402
from desktop_app.records.customers import CustomerRecord  # noqa: E402
from desktop_app.store import customers, shopify_customers, shops  # noqa: E402
from desktop_app.store.database import close_database, open_database  # noqa: E402
from desktop_app.sync.engine import SyncEngine  # noqa: E402
from desktop_app.sync.service import SyncService  # noqa: E402
from desktop_app.ui.models.customer_table_model import Column  # noqa: E402
from desktop_app.ui.tabs.customers import CustomersTab  # noqa: E402

SHOP = "BENCH"


class PaintWatch(QObject):
    """Counts paint events of a widget."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.paints = 0
        self.viewport = widget
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def until_painted(app: QApplication, watch: PaintWatch, start: float) -> float:
    """Process the posted events, paint the viewport; seconds since `start`.

    Raises:
        RuntimeError: the viewport did not paint, or shows no row while the model has some.
    """
    before = watch.paints
    app.processEvents()
    watch.viewport.grab()
    elapsed = time.perf_counter() - start
    if watch.paints == before:
        raise RuntimeError("the viewport did not paint")
    table = watch.viewport.parent()
    if table.model().rowCount() and table.rowAt(0) < 0:
        raise RuntimeError("the viewport painted no row while the model has some")
    return elapsed


def populate(count: int, linked: int) -> float:
    started = time.perf_counter()
    rows = [
        {"no": f"C{i:06d}", "name": f"Name{i} Surname{i % 977}", "email": f"user{i}@example.com",
         "phone": f"+1416{i:07d}", "country": "CA", "web_upload": i % 50 == 0}
        for i in range(count)
    ]
    for start in range(0, count, 10000):
        customers.upsert_customers(rows[start:start + 10000])
    staged = [CustomerRecord(f"gid://shopify/Customer/{i}",
                             first_name=f"Name{i}", email=f"user{i}@example.com")
              for i in range(linked)]
    shopify_customers.upsert_shopify_customers(SHOP, staged)
    for i in range(linked):
        shopify_customers.set_match(SHOP, f"gid://shopify/Customer/{i}", f"C{i:06d}", reason="email")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--linked", type=int, default=5_000)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench_customers_"))
    open_database(folder / "bench.sqlite3")
    shops.create_shop(SHOP, name="Bench", domain="bench.myshopify.com")
    print(f"populate: {args.customers} local customers, {args.linked} linked: "
          f"{populate(args.customers, args.linked):.1f} s")

    service = SyncService(vault=Vault(), data_dir=folder)
    engine = SyncEngine(service)
    results: list[tuple[str, float, str]] = []

    start = time.perf_counter()
    tab = CustomersTab(engine)
    tab.resize(1280, 720)
    tab.set_shop(SHOP)
    tab.show()
    watch = PaintWatch(tab.table.viewport())
    results.append(("open (count + first page + first paint)", until_painted(app, watch, start),
                    f"{tab.model.rowCount()} of {tab.model.total()} rows loaded"))

    def timed(label: str, action) -> None:
        begin = time.perf_counter()
        action()
        tab.table.viewport().update()
        elapsed = until_painted(app, watch, begin)
        results.append((label, elapsed, f"{tab.model.total()} match, "
                                         f"{tab.model.rowCount()} loaded"))

    def search(text: str):
        def run() -> None:
            tab.search_edit.setText(text)
            tab.apply_filters()  # what the 250 ms debounce timer calls
        return run

    timed("search 'Surname12' (common word)", search("Surname12"))
    timed("search 'user99999@' (rare e-mail)", search("user99999@"))
    timed("search '416 000 12' (phone digits)", search("416 000 12"))
    timed("search 'no-such-customer' (miss)", search("no-such-customer"))
    timed("clear the search", search(""))
    combo = tab.link_filter_combo
    timed("link state: linked", lambda: combo.setCurrentIndex(combo.findData("linked")))
    timed("link state: not linked", lambda: combo.setCurrentIndex(combo.findData("unlinked")))
    timed("link state: all", lambda: combo.setCurrentIndex(combo.findData("all")))
    timed("web upload only", lambda: tab.web_upload_check.setChecked(True))
    timed("web upload only off", lambda: tab.web_upload_check.setChecked(False))
    timed("sort by name", lambda: tab.table.sortByColumn(Column.NAME, Qt_ascending()))
    for column in (Column.PHONE, Column.COUNTRY, Column.SHOPIFY, Column.REASON,
                   Column.WEB_UPLOAD, Column.KIND, Column.CHECK):  # every column sorts (issue 18)
        timed(f"sort by {column.name.lower()}",
              lambda column=column: tab.table.sortByColumn(column, Qt_ascending()))
    timed("sort by number", lambda: tab.table.sortByColumn(Column.NO, Qt_ascending()))

    fetch_times = []
    for _ in range(20):
        begin = time.perf_counter()
        tab.table.scrollToBottom()
        until_painted(app, watch, begin)
        if tab.model.canFetchMore():
            tab.model.fetchMore()
        fetch_times.append(time.perf_counter() - begin)
    results.append(("scroll one page further (mean of 20)", sum(fetch_times) / 20,
                    f"{tab.model.rowCount()} loaded, worst {max(fetch_times) * 1000:.0f} ms"))

    def check_all() -> None:
        tab.check_all_button.click()
    timed("Check all shown (every customer)", check_all)
    results[-1] = (*results[-1][:2], f"{tab.model.checked_count()} ticked")
    tab.uncheck_all()
    timed("search 'Surname12' then Check all shown",
          lambda: (search("Surname12")(), check_all()))
    results[-1] = (*results[-1][:2], f"{tab.model.checked_count()} ticked")

    begin = time.perf_counter()
    every = customers.list_customers(shop=SHOP)
    results.append(("(for comparison) list_customers() of every row",
                    time.perf_counter() - begin, f"{len(every)} rows"))

    width = max(len(label) for label, _, _ in results)
    for label, seconds, note in results:
        print(f"{label:<{width}}  {seconds * 1000:8.0f} ms   {note}")
    tab.close()
    close_database()


def Qt_ascending():  # noqa: N802 (reads as the Qt constant it returns)
    from PySide6.QtCore import Qt

    return Qt.SortOrder.AscendingOrder


if __name__ == "__main__":
    main()
