"""Companies in the preview and the per-record history (issue 19).

The companies import never copies a Shopify company's fields onto a local organisation it
is linked to (a link only links locations; fields are copied once, when the import creates
the organisation), so there is no two-way merge of companies to build. What the companies
sync writes is in the preview and in the organisation's history: a rename of an exported
organisation is previewed (its `CompanyUpdate` held, nothing sent, nothing stored), then
synced, and `record_history.customer_history` (what `customers history NO` and the History
dialog read) lists the Shopify update old -> new after the creation.

Control: with the companies job's `record_change` lines left out (`SyncResult.record_change`
doing nothing) the preview lists no change and the history is empty.
"""

from __future__ import annotations

from test_company_updates import READS, _organisation, exported  # noqa: F401 (a fixture)

from desktop_app.store import companies as store
from desktop_app.store import record_history
from desktop_app.sync.results import Resource


async def test_a_rename_is_previewed_then_in_the_organisations_history(
        exported):  # noqa: F811 (the fixture imported above)
    h, company = exported
    assert [(e.side, e.action) for e in record_history.customer_history("O9")] == [
        ("shopify", "create")]
    _organisation(name="Bistro Nord & Fils")

    h.transport.operations.clear()
    preview = await h.service.sync(h.code, Resource.COMPANIES, preview=True)

    assert h.transport.operations[0] == READS[0]  # read, as a sync does
    assert "CompanyUpdate" not in h.transport.operations  # held, not sent
    assert company.name == "Bistro Nord"
    assert "CompanyUpdate" in preview.held
    (planned,) = [c for c in preview.changes if c.action == "update"]
    assert (planned.key, planned.side) == ("customer:O9", "shopify")
    assert planned.fields["name"] == ("Bistro Nord", "Bistro Nord & Fils")
    assert len(record_history.customer_history("O9")) == 1  # a preview stores nothing

    result = await h.sync()

    assert company.name == "Bistro Nord & Fils" and result.updated == 1
    assert store.get_company(h.code, company.gid).name == "Bistro Nord & Fils"
    newest, oldest = record_history.customer_history("O9")
    assert (newest.side, newest.action, newest.resource) == ("shopify", "update", "companies")
    assert newest.fields["name"] == ("Bistro Nord", "Bistro Nord & Fils")
    assert (oldest.side, oldest.action) == ("shopify", "create")
