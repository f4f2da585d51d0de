import ast
import dataclasses
from pathlib import Path
from typing import Literal

import pytest

from desktop_app.cli import main
from desktop_app.records.settings import ShopSettings
from desktop_app.store import settings, shops


def test_every_cli_contract_setting_is_defined(shared):
    """Every setting named in ../shared/CLI.md exists in the registry."""
    text = (shared / "CLI.md").read_text()
    import re

    # The section runs to the next heading of its level (CLI.md has grown sections after it).
    section = re.split(r"\n## ", text.split("## Shop Card settings by name", 1)[1], 1)[0]

    names = set(re.findall(r"`([a-z_0-9]+)`", section))
    words = {w for s in settings.SETTINGS for w in s.choices} | {"true", "false"}
    missing = sorted(n for n in names - words if n not in settings.BY_NAME)
    assert missing == []


def test_parse_value_checks_kind_and_choices():
    assert settings.parse_value("auto_create_customers", "on") is True
    assert settings.parse_value("customer_mapping", "bill_to") == "bill_to"
    with pytest.raises(settings.SettingError, match="customer_mapping"):
        settings.parse_value("customer_mapping", "by_magic")
    with pytest.raises(settings.SettingError, match="Unknown setting 'colour'"):
        settings.parse_value("colour", "red")
    with pytest.raises(settings.SettingError, match="true or false"):
        settings.parse_value("export_customers", "maybe")


def test_consistency_rules():
    values = settings.defaults()
    assert settings.check_consistency(values) == []
    values.update(shopify_can_update_customers=True, can_update_shopify_customers=True)
    assert settings.check_consistency(values) == []  # two-way (issue 19)
    values.update(return_processing="auto_credit_memo", auto_create_orders=False)
    assert len(settings.check_consistency(values)) == 1


def test_cli_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "shop-sync 0.1.0"


# --- the typed settings (records.settings.ShopSettings) agree with the registry -------------


def test_the_registry_and_shop_settings_agree_field_by_field():
    """Same names in the same order, each kind matching its field's type, each default one
    the registry's own parser gives back unchanged, each choice list the field's Literal."""
    assert settings.disagreements() == []
    typed_fields = {f.name: f for f in dataclasses.fields(ShopSettings)}
    assert [s.name for s in settings.SETTINGS] == list(typed_fields)
    for setting in settings.SETTINGS:
        default = typed_fields[setting.name].default
        assert setting.default == default and type(setting.default) is type(default)
        assert settings.parse_value(setting.name, default) == default
    assert settings.BY_NAME["customer_mapping"].choices == (
        "email_phone", "bill_to", "default_customer", "email_only", "always_new")
    assert settings.typed(settings.defaults()) == ShopSettings()


@dataclasses.dataclass(frozen=True)
class _Misspelled(ShopSettings):
    custmer_mapping: str = "email_phone"


@dataclasses.dataclass(frozen=True)
class _Mistyped(ShopSettings):
    auto_create_customers: str = "no"  # type: ignore[assignment]
    request_time_limit: int = 0  # outside 5..600
    county_source: str = "code"  # type: ignore[assignment]


@dataclasses.dataclass(frozen=True)
class _BadChoiceDefault(ShopSettings):
    customer_mapping: Literal["email_phone", "bill_to"] = "by_name"  # type: ignore[assignment]


def test_a_misspelled_or_mistyped_setting_is_caught():
    # A field the registry does not know, or a registry row with no field.
    assert "custmer_mapping" in " ".join(settings.disagreements(typed=_Misspelled))
    renamed = tuple(dataclasses.replace(s, name="custmer_mapping")
                    if s.name == "customer_mapping" else s for s in settings.SETTINGS)
    assert "custmer_mapping" in " ".join(settings.disagreements(rows=renamed))
    # A field whose type is not its kind's, or whose default the registry would refuse.
    problems = settings.disagreements(typed=_Mistyped)
    assert [p.split(":")[0] for p in problems] == [
        "auto_create_customers", "county_source", "request_time_limit"]
    assert settings.disagreements(typed=_BadChoiceDefault) == [
        "customer_mapping: default 'by_name' is not one of its choices"]
    # A reader's typo fails at once instead of reading None.
    with pytest.raises(AttributeError):
        ShopSettings().custmer_mapping  # type: ignore[attr-defined]


def test_a_shops_settings_come_typed_from_the_store(db):
    shops.create_shop("MAIN")
    assert shops.shop_settings("MAIN") == ShopSettings()
    shops.update_shop_settings("MAIN", {"customer_mapping": "bill_to",
                                        "auto_create_customers": "yes",
                                        "request_time_limit": "7"})
    typed = shops.shop_settings("MAIN")
    assert (typed.customer_mapping, typed.auto_create_customers, typed.request_time_limit) == (
        "bill_to", True, 7)
    assert typed.as_dict() == shops.get_shop("MAIN").settings
    with pytest.raises(dataclasses.FrozenInstanceError):
        typed.customer_mapping = "email_only"  # type: ignore[misc]


# --- no reads by name left in sync/ ----------------------------------------------------------

SYNC = Path(settings.__file__).resolve().parents[1] / "sync"


def _reads_by_name(path: Path) -> list[str]:
    """`X["name"]` and `X.get("name")` where X is a settings value (its name ends in
    "settings"), or the `limits` the service reads the time limits into."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = key = None
        if isinstance(node, ast.Subscript):
            target, key = node.value, node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "get" and node.args:
            target, key = node.func.value, node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str) \
                and ast.unparse(target).endswith(("settings", "limits")):
            found.append(f"{path.relative_to(SYNC)}:{node.lineno} {ast.unparse(node)}")
    return found


def test_the_sync_reads_settings_by_field_never_by_name():
    found = [hit for path in sorted(SYNC.rglob("*.py")) for hit in _reads_by_name(path)]
    assert found == []
