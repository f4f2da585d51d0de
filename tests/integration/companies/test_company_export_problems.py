"""An organisation the company export cannot send is a failed record with its reason, and
nothing is sent for it (demo shop, real service): the export's problems
(`rules.problems.Problem`, one shape with the orders' and the refunds') reach the run's
errors with their field, their message and the code `export_invalid`."""

from __future__ import annotations

from test_company_updates import READS, _organisation

from desktop_app.store import companies as store


async def test_unmapped_payment_terms_fail_the_organisation_and_send_nothing(harness):
    h = harness
    h.settings(company_import="none")
    _organisation()
    store.set_business_details("O9", payment_terms="NOPE")

    result = await h.sync()

    assert h.transport.operations == READS  # no CompanyCreate
    assert (result.created, result.failed) == (0, 1)
    (error,) = result.errors
    assert (error.record, error.field, error.code) == ("O9", "payment_terms", "export_invalid")
    assert error.message == "payment terms 'NOPE' are not mapped to Shopify payment terms"
    assert not h.backend.state.companies


async def test_a_nameless_organisation_fails_on_its_name(harness):
    h = harness
    h.settings(company_import="none")
    _organisation(name=" ")

    result = await h.sync()

    assert h.transport.operations == READS
    assert [(e.record, e.field, e.message, e.code) for e in result.errors] == [
        ("O9", "name", "an organisation needs a name to become a company", "export_invalid")]
