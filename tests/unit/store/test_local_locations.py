"""The local locations (issue 17; the `location` table of schema v1): added, listed and
removed as a code table, a location kept while a Shop Card setting, a Shopify location or a
document line names it, and the Shop Card's pickers offering the same codes as before."""

from __future__ import annotations

import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import local_locations, setting_codes, shopify_locations, shops
from desktop_app.store.models import Location
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.store.settings import SettingError
from desktop_app.store.setup_checks import SetupInUseError, SetupUse, SetupValueError
from desktop_app.sync import setup_runs

TABLE = local_locations.TABLE
GID = "gid://shopify/Location/1"


def test_the_model_matches_the_v1_schema(db):
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(location)")}
    assert columns == {f.column_name for f in Location._meta.sorted_fields} == {
        "id", "code", "name"}


def test_locations_are_added_listed_and_removed(db):
    assert TABLE.rows() == []
    made, created = setup_runs.add_code(TABLE, " main ", "Main warehouse")
    assert (made, created) == (local_locations.LocalLocationRecord("MAIN", "Main warehouse"),
                               True)
    assert TABLE.add("main", "Main store") == (
        local_locations.LocalLocationRecord("MAIN", "Main store"), False)
    TABLE.add("RET", "Returns")
    assert [(r.code, r.name) for r in TABLE.rows()] == [("MAIN", "Main store"),
                                                        ("RET", "Returns")]
    with pytest.raises(SetupValueError, match="no spaces"):
        TABLE.add("BACK ROOM")
    assert setup_runs.remove_code(TABLE, "ret").code == "RET"
    with pytest.raises(NotFoundError, match="There is no local location 'RET'"):
        TABLE.remove("RET")
    assert [r.code for r in TABLE.rows()] == ["MAIN"]


def test_a_location_in_use_is_not_removed_naming_each_user(db):
    shops.create_shop("WEB")
    TABLE.add("MAIN", "Main")
    TABLE.add("RET", "Returns")
    shopify_locations.set_location_link("WEB", GID, "High Street", "MAIN")
    shopify_locations.set_location_link("WEB", GID, "High Street", "RET", return_location=True)
    shops.update_shop_settings("WEB", {"return_location": "RET"})
    document = SalesDocument.create(no="SO1", type="order", document_date="2026-01-01")
    SalesLine.create(document=document, line_no=1, type="item", no="I1", location_code="MAIN")

    with pytest.raises(SetupInUseError) as refused:
        TABLE.remove("RET")
    assert refused.value.uses == [SetupUse("setting", "WEB", "return_location"),
                                  SetupUse("return_location_link", "WEB", "High Street")]
    assert str(refused.value) == (
        "Local location RET is not removed: it is used by the Shop Card setting "
        "return_location of shop WEB; the return location of Shopify location 'High Street' "
        "of shop WEB")
    with pytest.raises(SetupInUseError) as refused:
        setup_runs.remove_code(TABLE, "MAIN")
    assert [u.text for u in refused.value.uses] == [
        "the Shopify location 'High Street' of shop WEB", "document SO1"]
    assert [r.code for r in TABLE.rows()] == ["MAIN", "RET"]  # both kept

    SalesLine.delete().execute()
    shopify_locations.set_location_link("WEB", GID, "High Street", "")
    assert TABLE.remove("MAIN").code == "MAIN"


def test_the_pickers_offer_the_table_and_the_linked_codes(db):
    shops.create_shop("WEB")
    TABLE.add("MAIN", "Main warehouse")
    shopify_locations.set_location_link("WEB", GID, "High Street", "SHOP1")
    assert shopify_locations.known_location_codes() == [("MAIN", "Main warehouse"),
                                                        ("SHOP1", "High Street")]
    assert [c.code for c in setting_codes.code_choices("return_location", "WEB")] == [
        "MAIN", "SHOP1"]
    assert setting_codes.check_codes("WEB", {"return_location": "main"}) == {
        "return_location": "MAIN"}
    with pytest.raises(SettingError, match="local location 'NOWHERE' .add it first: "
                       "local-locations add NOWHERE"):
        setting_codes.check_codes("WEB", {"return_location": "NOWHERE"})
