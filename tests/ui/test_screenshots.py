"""A screenshot of each tab of a fresh window (test-artifacts/screenshots/window_<tab>.png),
checked not to be blank; the tabs' own tests take the screenshots with data in them."""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop_app.store import customers, shops
from desktop_app.sync.results import Resource
from ui_helpers import SCREENSHOTS, SlowJob, wait_until


def colour_stats(image: QImage, step: int = 3) -> tuple[int, float]:
    """(distinct colours, share of the most common colour) over a grid of sampled pixels."""
    counts: dict[int, int] = {}
    total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
            total += 1
    return len(counts), max(counts.values()) / total


async def test_each_tab_renders_a_non_blank_screenshot(window):
    # Some data so the Customers tab shows rows and the log shows a run.
    customers.upsert_customers([
        {"no": "C00001", "name": "Ada Lovelace", "email": "ada@example.com",
         "phone": "+44 20 7946 0000", "country": "GB"},
        {"no": "C00002", "name": "Grace Hopper", "email": "grace@example.com",
         "phone": "(212) 555-0100", "country": "US", "web_upload": True},
        {"no": "C00003", "name": "Émilie du Châtelet", "email": "emilie@example.fr",
         "country": "FR"},
    ])
    window.customers_tab.reload()
    await window.shop_card_tab.test_connection()
    await window.customers_tab.run_sync()
    window.resize(1280, 800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        await wait_until(tab.isVisible)
        image = window.grab().toImage()
        path = SCREENSHOTS / f"window_{tab.objectName()}.png"
        assert image.save(str(path)), path
        colours, top_share = colour_stats(image)
        assert image.width() >= 800 and image.height() >= 500
        assert colours >= 20, f"{path.name}: only {colours} colours"
        assert top_share < 0.9, f"{path.name}: {top_share:.0%} of the pixels are one colour"


async def test_screenshot_of_a_running_sync_and_a_shopify_card(window, context, jobs):
    job = SlowJob(pages=200, delay=0.01)
    jobs[Resource.CUSTOMERS] = job
    shops.create_shop("WEB", name="Web store", domain="web-store.myshopify.com")
    window.reload_shops()
    window.select_shop("WEB")
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.shop_card_tab)
    await wait_until(
        lambda: window.shop_card_tab.secret_state_label.text() == "No token stored yet.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage()
    image.save(str(SCREENSHOTS / "shop_card_tab_shopify.png"))
    assert colour_stats(image)[0] >= 20

    window.select_shop("DEMO")
    window.tabs.setCurrentWidget(window.customers_tab)
    window.customers_tab.sync_button.click()
    await wait_until(lambda: window.progress_bar.isVisible() and window.progress_bar.value() > 20)
    image = window.grab().toImage()
    image.save(str(SCREENSHOTS / "sync_in_progress.png"))
    assert colour_stats(image)[0] >= 20
    window.cancel_button.click()
    await wait_until(lambda: job.cancelled)
