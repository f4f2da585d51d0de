"""CompanyTableModel: the Shopify B2B companies of a shop as last synced (issue 18): each
company's name, the local customer it is linked to, its link state in words, how many
locations and contacts it has, and the last sync's problem with it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, Qt

from desktop_app.store import companies as company_store
from desktop_app.store import runs
from desktop_app.sync.results import Resource
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.models.columns import ShopRows

#: The company GID of the row.
COMPANY_ROLE = Qt.ItemDataRole.UserRole + 5

LINKED, NOT_LINKED, NEEDS_REVIEW = "linked", "not-linked", "review"


@dataclass(frozen=True)
class CompanyRow:
    company: company_store.StagedCompany
    problem_code: str = ""
    problem_message: str = ""

    @property
    def problem(self) -> str:
        """The last sync's error about the company, in the window's language."""
        return issue_text(self.problem_code, self.problem_message) if self.problem_message else ""

    @property
    def shopify_id(self) -> str:
        return self.company.shopify_id

    @property
    def link_state(self) -> str:
        if self.company.customer_no:
            return LINKED
        return NEEDS_REVIEW if self.company.review_state else NOT_LINKED

    @property
    def contacts(self) -> int:
        """The contacts the store holds of the company: its main contact."""
        return 1 if self.company.main_contact_id else 0


def read_companies(shop: str) -> list[CompanyRow]:
    """The shop's staged companies by name, each with the last companies sync's error about
    it (by company GID, or local customer number for an export), if any."""
    problems: dict[str, tuple[str, str]] = {}
    run_id = runs.last_completed_run_id(shop, Resource.COMPANIES.value)
    if run_id is not None:
        for (record, _field, message), code in sorted(runs.run_failure_codes(run_id).items()):
            problems.setdefault(record, (code, message))
    rows = []
    for company in company_store.list_companies(shop):
        problem = problems.get(company.shopify_id) or (
            problems.get(company.customer_no) if company.customer_no else None)
        rows.append(CompanyRow(company, *(problem or ("", ""))))
    rows.sort(key=lambda r: (r.company.name.casefold(), r.shopify_id))
    return rows


class CompanyColumn(enum.IntEnum):
    NAME = 0
    CUSTOMER = 1
    LINK = 2
    LOCATIONS = 3
    CONTACTS = 4
    PROBLEM = 5


_HEADERS = {
    CompanyColumn.NAME: QT_TRANSLATE_NOOP("CompanyTableModel", "Company"),
    CompanyColumn.CUSTOMER: QT_TRANSLATE_NOOP("CompanyTableModel", "Local customer"),
    CompanyColumn.LINK: QT_TRANSLATE_NOOP("CompanyTableModel", "Shopify link"),
    CompanyColumn.LOCATIONS: QT_TRANSLATE_NOOP("CompanyTableModel", "Locations"),
    CompanyColumn.CONTACTS: QT_TRANSLATE_NOOP("CompanyTableModel", "Contacts"),
    CompanyColumn.PROBLEM: QT_TRANSLATE_NOOP("CompanyTableModel", "Last sync problem"),
}

_LINK_TEXTS = {
    LINKED: QT_TRANSLATE_NOOP("CompanyTableModel", "Linked"),
    NOT_LINKED: QT_TRANSLATE_NOOP("CompanyTableModel", "Not linked"),
    NEEDS_REVIEW: QT_TRANSLATE_NOOP("CompanyTableModel", "Needs review"),
}


def link_text(state: str) -> str:
    return QCoreApplication.translate("CompanyTableModel", _LINK_TEXTS[state])


class CompanyTableModel(ShopRows[CompanyRow], QAbstractTableModel):
    headers = _HEADERS
    key_role = COMPANY_ROLE
    right_columns = (CompanyColumn.LOCATIONS, CompanyColumn.CONTACTS)
    texts = {
        CompanyColumn.NAME: lambda row: row.company.name,
        CompanyColumn.CUSTOMER: lambda row: row.company.customer_no or "",
        CompanyColumn.LINK: lambda row: link_text(row.link_state),
        CompanyColumn.LOCATIONS: lambda row: str(len(row.company.locations)),
        CompanyColumn.CONTACTS: lambda row: str(row.contacts),
        CompanyColumn.PROBLEM: attrgetter("problem"),
    }
    tips = {CompanyColumn.PROBLEM: attrgetter("problem")}
    sort_keys = {
        CompanyColumn.LOCATIONS: lambda row: len(row.company.locations),
        CompanyColumn.CONTACTS: attrgetter("contacts"),
    }

    def read_rows(self, shop: str) -> list[CompanyRow]:
        return read_companies(shop)

    def row_key(self, row: CompanyRow) -> str:
        return row.shopify_id

