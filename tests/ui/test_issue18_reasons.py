"""Issue 18: one specific headline per error, in the window's language.

- Every code of `sync.issue_codes` has an English and a French window text, and every
  sentence of `issue_codes.SENTENCES` has a French sentence with the same details.
- A French window shows a record-level reason of a real sync against the demo shop in
  French, its details (SKU, names) put in, and field names as the window labels them.
- Each cause of an authentication failure has its own headline with what to do.
- Find mapping says when the next sync cannot create the customer; Retry failed says which
  failures a retry cannot fix.

Controls (each made by undoing the change and running the test): with `issue_text` as it was
(no sentences), the French log shows "unknown SKU 'DEMO-…' (line …): create the item…" in
English after the code's title, and `test_french_window_shows_the_reason_of_a_real_failure`
fails; with the fixed AuthError text of `ui.feedback` back, every case but the refused token
reads "Shopify refused the access token" and `test_each_auth_cause_has_its_own_headline`
fails; removing a French translation from the TSV (or adding a code to `issue_codes`
without a window text) fails `test_every_code_and_sentence_has_an_english_and_french_text`.
"""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import QLocale
from ui_helpers import SignalWaiter

from desktop_app import errors, i18n
from desktop_app.store import settings as shop_settings
from desktop_app.sync import issue_codes
from desktop_app.sync.results import UNEXPECTED
from desktop_app.ui import feedback, issue_texts
from desktop_app.ui.models.sync_log_model import Column


@pytest.fixture
def french(qapp):
    previous = QLocale()
    i18n.install_translators(qapp, "fr")
    try:
        yield
    finally:
        i18n.install_translators(qapp, "en")
        QLocale.setDefault(previous)


def _error_codes() -> set[str]:
    """The codes of every typed error (a failure raised as one keeps its code)."""
    import importlib
    import pkgutil

    import desktop_app

    for module in pkgutil.walk_packages(desktop_app.__path__, "desktop_app."):
        if not any(part in module.name for part in (".ui", "demo_shop", "__main__", ".gui")):
            importlib.import_module(module.name)

    def kinds(cls: type) -> list[type]:
        return [k for sub in cls.__subclasses__() for k in (sub, *kinds(sub))]

    return {cls.code for cls in (errors.AppError, *kinds(errors.AppError))}


def _codes() -> set[str]:
    return {v for k, v in vars(issue_codes).items()
            if k.isupper() and isinstance(v, str) and issue_codes.is_code(v)} | {
                UNEXPECTED} | _error_codes()


def test_every_code_and_sentence_has_an_english_and_french_text(french):
    english_titles = {code: pair[0] for code, pair in issue_texts._texts().items()}
    french_titles = {code: issue_texts.issue_title(code) for code in _codes()}
    missing = {c for c in _codes() if not english_titles.get(c)}
    assert missing == set(), f"codes without a window text: {missing}"
    assert "no_address" in _codes() and "auth_error" in _codes() and "duplicate" in _codes()
    untranslated = {c for c, text in french_titles.items() if text == english_titles[c]}
    assert untranslated == set(), f"codes without a French text: {untranslated}"
    french_sentences = issue_texts._sentences()
    assert set(french_sentences) == set(issue_codes.SENTENCES)
    for key, (code, english) in issue_codes.SENTENCES.items():
        assert code in _codes(), key
        fields = set(re.findall(r"\{(\w+)\}", english))
        shown = set(re.findall(r"\{(\w+)\}", french_sentences[key]))
        # Every detail, and the labels of Shop Card settings to act on.
        assert fields <= shown and shown - fields <= set(shop_settings.BY_NAME), key
        assert french_sentences[key] != english, f"{key} has no French sentence"


def test_english_keeps_the_engine_sentence_and_reads_details_back():
    message, params = issue_codes.say("unknown_sku", sku="X-1", line="Mug")
    assert issue_codes.recognise(message) == ("unknown_sku", params)
    worded = ("unknown SKU 'X-1' (line 'Mug'): create the item, or turn on “Auto create "
              "unknown items” on the Shop Card")  # the setting as the Shop Card labels it
    assert issue_texts.issue_text("unknown_item", message) == worded
    # Problems of one order, joined as the orders job joins them; a part that is none of
    # the sentences stays as it is.
    joined = f"{message}; {message.replace('X-1', 'Y-2')}; no sales document could be made"
    assert issue_texts.message_text(joined) == (
        f"{worded}; {worded.replace('X-1', 'Y-2')}; no sales document could be made")
    assert issue_texts.message_text("no sales document could be made") == \
        "no sales document could be made"


def test_field_names_as_the_window_labels_them(french):
    assert issue_texts.field_text("customer_template") == "Code modèle client"
    assert issue_texts.field_text("address") == "Adresse"
    assert issue_texts.field_text("email, phone") == "E-mail, Téléphone"
    assert issue_texts.field_text("taxLines") == "Taxes"
    assert issue_texts.field_text("ship_to_city") == "Ville (livraison)"  # a ship-to field
    assert issue_texts.field_text("made_up") == "made_up"  # unknown: as stored


def _log_messages(window) -> list[str]:
    model = window.log_panel.model
    return [model.entry(r).message for r in range(model.rowCount())]


def _cell(window, row: int, column) -> str:
    model = window.log_panel.model
    return model.data(model.index(row, int(column)))


def _generated_demo(context, **counts) -> None:
    from desktop_app.demo_shop import ShopBackend

    backend = ShopBackend.generate(seed=5, **counts)
    state_dir = context.data_dir / "demo"
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "DEMO.json").write_text(json.dumps(backend.to_json()), "utf-8")
    backend.close()


async def _synced(window, tab):
    window.tabs.setCurrentWidget(tab)
    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    (result,) = await done.wait()
    return result


async def test_french_window_shows_the_reason_of_a_real_failure(window, context, french):
    """A real orders sync of a generated demo shop whose items and customers do not exist
    locally (auto create off): each order fails with unknown SKUs, which the French log and
    the French history say in French, with the SKUs and the settings to change."""
    from desktop_app.store import shops

    _generated_demo(context, customers=6, orders=4)
    shops.update_shop_settings("DEMO", {"auto_create_items": False})
    result = await _synced(window, window.orders_tab)
    skus = [e for e in result.errors if e.code in ("unknown_item", "no_customer", "no_company")]
    assert skus and all("unknown SKU 'SKU-" in e.message for e in skus)  # the engine: English
    failures = _log_messages(window)[1:-1]
    assert len(failures) == len(result.errors)
    for issue, shown in zip(result.errors, failures):
        sku = issue.message.split("unknown SKU '")[1].split("'")[0]
        assert f"SKU inconnu «\u00a0{sku}\u00a0»" in shown
        assert "« Créer automatiquement des articles inconnus » sur la fiche magasin".replace(
            " »", "\u00a0»").replace("« ", "«\u00a0") in shown
        for english in ("unknown SKU", "create the item", "no default", "the company is not"):
            assert english not in shown, shown
    fields = {window.log_panel.model.entry(r).field
              for r in range(1, window.log_panel.model.rowCount() - 1)}
    log_fields = {_cell(window, r, Column.FIELD)
                  for r in range(1, window.log_panel.model.rowCount() - 1)}
    assert fields and not (fields & log_fields)  # raw names never shown ("customer, sku")
    assert all("SKU" in text and ("Client" in text or "Société" in text) for text in log_fields)


async def test_french_window_shows_a_customer_without_address_in_french(window, context,
                                                                        french):
    """A real customers sync: the shop's country is not known and no customer template is
    set, so customers fail; the French log names the setting as the Shop Card labels it."""
    from desktop_app.store import shops

    _generated_demo(context, customers=40, orders=0)
    shops.update_shop_settings("DEMO", {"customer_import": "all", "customer_template": "",
                                        "auto_create_customers": True})
    result = await _synced(window, window.customers_tab)
    no_template = [e for e in result.errors if e.code == "no_template"]
    assert no_template and any("without a country" in e.message for e in no_template)
    shown = "\n".join(_log_messages(window))
    assert "aucun modèle client n’est défini pour un client sans pays" in shown
    assert "«\u00a0Code modèle client\u00a0» sur la fiche magasin" in shown
    assert "no customer template" not in shown
    shown_fields = {_cell(window, r, Column.FIELD) for r in range(window.log_panel.model.rowCount())}
    assert "Code modèle client" in shown_fields and "customer_template" not in shown_fields


def test_review_notes_and_order_errors_stored_in_english_show_in_french(french):
    note = issue_codes.say("several_customers", field="email", names="K0004, K0012")[0]
    assert issue_texts.message_text(note) == (
        "plusieurs clients locaux ont le même «\u00a0E-mail\u00a0»\u00a0: K0004, K0012")
    assert issue_texts.message_text("cannot create: the Shopify customer has no address") \
        .startswith("création impossible\u00a0: le client Shopify n’a pas d’adresse. Ajoutez")
    assert issue_texts.message_text("stored by an older version") == "stored by an older version"


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_each_auth_cause_has_its_own_headline(qapp, language):
    """No token stored, client id/secret refused, no client id, access refused, token
    refused: five causes, five headlines, each naming the Shop Card field to act on."""
    import httpx

    from desktop_app.shopify.address import ShopAddress
    from desktop_app.shopify.auth import ClientCredentials, Secret, StaticToken

    async def nothing() -> str:
        return ""

    async def secret() -> Secret:
        return Secret("shpss_client_secret")

    caught: dict[str, errors.AuthError] = {}
    try:
        await StaticToken(nothing).token()
    except errors.AuthError as exc:
        caught["no token"] = exc
    for status in (400, 401):
        async with httpx.AsyncClient(transport=httpx.MockTransport(
                lambda request: httpx.Response(status))) as http:
            credentials = ClientCredentials(ShopAddress.parse("demo-shop"), "id", secret, http)
            try:
                await credentials.token()
            except errors.AuthError as exc:
                caught[f"client refused {status}"] = exc
    caught["no secret"] = errors.AuthError("x", reason=errors.AuthError.NO_SECRET,
                                           secret="client_secret")
    caught["token refused"] = errors.AuthError("x", reason=errors.AuthError.TOKEN_REFUSED)
    caught["forbidden"] = errors.AuthError("x", reason=errors.AuthError.FORBIDDEN)
    previous = QLocale()
    i18n.install_translators(qapp, language)
    try:
        texts = {case: feedback.message_for(exc) for case, exc in caught.items()}
    finally:
        i18n.install_translators(qapp, "en")
        QLocale.setDefault(previous)
    assert texts["client refused 400"] == texts["client refused 401"]
    assert len(set(texts.values())) == len(texts) - 1  # one headline per cause
    expect = {
        "en": {"no token": "No access token is saved", "client refused 400": "client ID or secret",
               "no secret": "No client secret is saved", "token refused": "refused the access token",
               "forbidden": "refused access to this shop"},
        "fr": {"no token": "Aucun jeton d’accès n’est encore enregistré",
               "client refused 400": "l’ID client ou le secret",
               "no secret": "Aucun secret client", "token refused": "jeton",
               "forbidden": "a refusé l’accès à cette boutique"},
    }[language]
    for case, words in expect.items():
        assert words in texts[case], (case, texts[case])
    refused_token = "refused the access token" if language == "en" else "refusé le jeton"
    assert [c for c, t in texts.items() if refused_token in t] == ["token refused"]


def test_retry_advice_names_the_failures_a_retry_cannot_fix(french):
    assert issue_texts.retry_advice(["network_error", "retry_later"]) == ""
    advice = issue_texts.retry_advice(["no_template", "no_template", "network_error",
                                       "unknown_item"])
    assert advice.startswith("Une nouvelle tentative ne peut pas corriger ces échecs")
    assert "(2)" in advice and "network" not in advice.lower()


async def test_find_mapping_says_when_the_next_sync_cannot_create_the_customer(qtbot, window):
    """The review's case: Find mapping promised a creation the next sync could not make (no
    template, the shop's country unknown). Control: `MappingOutcome.blocked` left "", the
    dialog says "The next sync creates one", and this test fails."""
    from PySide6.QtCore import Qt

    from desktop_app.records.customers import CustomerRecord
    from desktop_app.store import shopify_customers, shops
    from desktop_app.ui.dialogs.link_dialog import LinkDialog

    gid = "gid://shopify/Customer/8100000000146"
    shopify_customers.upsert_shopify_customers("DEMO", [CustomerRecord(
        shopify_id=gid, first_name="Lucas", last_name="Lambert", email="lucas@example.com")])
    shops.update_shop_settings("DEMO", {"customer_mapping": "email_phone",
                                        "auto_create_customers": True, "customer_template": ""})
    dialog = LinkDialog("DEMO", shopify_id=gid, parent=window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.find_mapping_button, Qt.MouseButton.LeftButton)
    outcome = dialog.last_outcome
    assert outcome is not None and outcome.decision.kind == "create"
    assert outcome.blocked == issue_codes.say("no_template_without_country")[0]
    text = dialog.status_label.text()
    assert text.startswith("Find mapping: no local customer fits, and the next sync cannot "
                           "create one: no customer template is set")
    assert "“Customer template” on the Shop Card" in text and "creates one" not in text

    shops.update_shop_settings("DEMO", {"customer_template": "WEB"})  # now it can
    qtbot.mouseClick(dialog.find_mapping_button, Qt.MouseButton.LeftButton)
    assert dialog.last_outcome.blocked == ""
    assert "The next sync creates one" in dialog.status_label.text()


async def test_retry_failed_says_what_a_retry_cannot_fix(window, context):
    """A real customers sync fails for want of a customer template; Retry failed in the
    history fails the same way, and now says that a retry cannot fix it and what to do.
    Control: without the advice the summary is only the run's counts."""
    from desktop_app.store import shops
    from desktop_app.ui.dialogs.history_dialog import HistoryDialog

    _generated_demo(context, customers=12, orders=0)
    shops.update_shop_settings("DEMO", {"customer_import": "all", "customer_template": "",
                                        "auto_create_customers": True})
    result = await _synced(window, window.customers_tab)
    assert result.failed and {e.code for e in result.errors} == {"no_template"}
    dialog = HistoryDialog(context.engine, parent=window)
    dialog.show()
    dialog.reload()
    assert dialog.retry_button.isEnabled()
    retried = await dialog.retry_failed()
    assert retried is not None and retried.failed == result.failed
    summary = dialog.summary_label.text()
    assert (f"A retry cannot fix these failures: No customer template for this country or the "
            f"shop ({result.failed}). Change what each error says first") in summary
    dialog.close()
