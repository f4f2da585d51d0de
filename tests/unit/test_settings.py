from desktop_app.cli import main
from desktop_app.store import settings
import pytest


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
    assert len(settings.check_consistency(values)) == 1


def test_cli_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "shop-sync 0.1.0"
