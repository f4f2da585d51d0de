"""The status line a tab shows after its sync (ui/tabs/resource_tab.py `sync_result_text`), as
the Customers, Companies and Orders tabs say it: which way records went (`ui.result_text`,
issue 18), then the failures repeated from the last sync, then where to read why; nothing is
added while nothing failed."""

from __future__ import annotations

from desktop_app.sync.results import LINKED, LOCAL, SHOPIFY, SyncResult
from desktop_app.ui.tabs.resource_tab import counts_text, sync_result_text

DONE = "Done: %1."


def test_counts_fill_the_placeholders():
    result = SyncResult("customers", created=3, updated=2, failed=0)
    assert counts_text("Done: %1 created, %2 updated, %3 failed.", result) == (
        "Done: 3 created, 2 updated, 0 failed.")
    assert sync_result_text(result, DONE, "See the log.", "Again.") == (
        "Done: 3 created, 2 updated.")


def test_the_line_says_which_way_records_went():
    # Control: before issue 18, "Done: 7 created, 90 updated, 0 failed." (no side).
    result = SyncResult("customers")
    result.count(SHOPIFY, "created", 7)
    result.count(LOCAL, LINKED, 87)
    result.count(LOCAL, "updated", 3)
    assert sync_result_text(result, DONE, "See the log.") == (
        "Done: Shopify: 7 created · Local: 87 linked, 3 updated.")


def test_failures_add_the_repeated_note_then_the_log_note():
    new_failures = SyncResult("companies", created=1, failed=2)
    assert sync_result_text(new_failures, DONE, "See the log.") == (
        "Done: 1 created, 2 failed. See the log.")
    assert sync_result_text(new_failures, DONE, "See the log.", "Again.") == (
        "Done: 1 created, 2 failed. See the log.")
    repeated = SyncResult("customers", failed=2, still_failing=1)
    assert sync_result_text(repeated, DONE, "See the log.", "Again.") == (
        "Done: 2 failed. Again. See the log.")


def test_the_line_in_french_agrees_for_one_and_many(qapp):
    from desktop_app import i18n
    from desktop_app.ui.result_text import result_text

    result = SyncResult("orders", skipped=2)
    result.count(SHOPIFY, "created")
    result.count(LOCAL, "created", 7)
    result.count(LOCAL, LINKED)
    result.conflicts = 1
    assert i18n.install_translators(qapp, "fr") == "fr"
    try:
        assert result_text(result) == ("Shopify\u00a0: 1 créé · Local\u00a0: 7 créés, 1 lié · "
                                       "2 ignorés · 1 conflit à résoudre")
    finally:
        i18n.install_translators(qapp, "en")
    assert result_text(result) == ("Shopify: 1 created · Local: 7 created, 1 linked · "
                                   "2 skipped · 1 conflict to resolve")
