"""E-mail and SMS marketing consent on customers, as Shopify's captures show it."""

from __future__ import annotations

from .conftest import Client

SELECTION = """
  id
  defaultEmailAddress { marketingState marketingOptInLevel marketingUpdatedAt }
  defaultPhoneNumber { marketingState marketingOptInLevel marketingUpdatedAt marketingCollectedFrom }
  emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }
"""
CREATE = f"""mutation C($input: CustomerInput!) {{
  customerCreate(input: $input) {{ customer {{ {SELECTION} }} userErrors {{ field message }} }} }}"""
UPDATE = f"""mutation U($input: CustomerInput!) {{
  customerUpdate(input: $input) {{ customer {{ {SELECTION} }} userErrors {{ field message }} }} }}"""


def test_consent_given_on_creation_reads_back_both_ways(empty_client: Client) -> None:
    given = {"marketingState": "SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN",
             "consentUpdatedAt": "2026-04-25T01:00:00Z"}
    made = empty_client.ok(CREATE, {"input": {
        "email": "yes@example.com", "phone": "+14155550100",
        "emailMarketingConsent": given, "smsMarketingConsent": given}})["customerCreate"]
    customer = made["customer"]
    assert made["userErrors"] == []
    assert customer["emailMarketingConsent"] == {"marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "SINGLE_OPT_IN", "consentUpdatedAt": "2026-04-25T01:00:00Z"}
    assert customer["smsMarketingConsent"]["consentCollectedFrom"] == "OTHER"
    assert customer["defaultEmailAddress"] == {"marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "SINGLE_OPT_IN", "marketingUpdatedAt": "2026-04-25T01:00:00Z"}
    assert customer["defaultPhoneNumber"]["marketingCollectedFrom"] == "OTHER"
    refused = empty_client.ok(UPDATE, {"input": {"id": customer["id"], "emailMarketingConsent": given}})
    assert refused["customerUpdate"] == {"customer": None, "userErrors": [{
        "field": ["emailMarketingConsent"],
        "message": "To update emailMarketingConsent, please use the "
                   "customerEmailMarketingConsentUpdate Mutation instead"}]}


def test_no_consent_given_and_consent_without_its_address(empty_client: Client) -> None:
    plain = empty_client.ok(CREATE, {"input": {"email": "plain@example.com"}})["customerCreate"]
    assert plain["customer"]["emailMarketingConsent"] == {
        "marketingState": "NOT_SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN", "consentUpdatedAt": None}
    assert plain["customer"]["smsMarketingConsent"] is None  # no phone number
    missing = empty_client.ok(CREATE, {"input": {
        "phone": "+14155550101", "emailMarketingConsent": {"marketingState": "SUBSCRIBED"}}})
    assert missing["customerCreate"]["userErrors"] == [{"field": ["emailMarketingConsent"],
        "message": "An email address is required to set the email marketing consent state."}]
    redacted = empty_client(CREATE, {"input": {
        "email": "r@example.com", "emailMarketingConsent": {"marketingState": "REDACTED"}}})
    assert redacted.data == {"customerCreate": None}
    assert redacted.errors[0]["message"] == "Cannot specify REDACTED as a marketing state input"
    assert redacted.errors[0]["extensions"] == {"code": "INVALID"}
