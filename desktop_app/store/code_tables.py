"""Local tables of plain codes (issue 17): a code and its text, which other rows name.

The tax areas (`tax_area_codes`), the G/L accounts (`gl_accounts`), the payment methods
(`payment_methods`) and the local locations (`local_locations`) are each a `CodeTable` over a
`CodeModel` (`store.models`): list, add (an existing code takes the new text),
remove (refused while something names it, saying what), and `require`, the check of every
field that names such a code, so a typo is refused instead of being saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import peewee

from desktop_app.errors import NotFoundError
from desktop_app.store import settings as registry
from desktop_app.store.database import transaction
from desktop_app.store.models import CodeModel, Shop
from desktop_app.store.order_models import SalesDocument
from desktop_app.store.setup_checks import (
    SetupInUseError,
    SetupUse,
    SetupValueError,
    check_code,
    check_text,
)

#: At most this many documents are named among a code's uses (then how many more).
DOCUMENTS_NAMED = 5


@dataclass(frozen=True)
class CodeRecord:
    """A row of a table whose text is its description (tax areas, payment methods)."""

    code: str
    description: str = ""


class CodeRow(Protocol):
    """A table's record: its code, then its text (`description` or `name`)."""

    @property
    def code(self) -> str: ...


R = TypeVar("R", bound=CodeRow)


@dataclass(frozen=True)
class CodeTable(Generic[R]):
    """One local table of codes.

    `model` (a `CodeModel`) has the text column `text_field`; `record` is made from (code,
    text); `noun` names a row in messages ("tax area"), `command` is its command line
    ("tax-areas"), `key` the detail name of its errors and `uses` says what names a code.
    """

    model: type[CodeModel]
    record: Callable[[str, str], R]
    noun: str
    command: str
    key: str
    uses: Callable[[str], list[SetupUse]]
    text_field: str = "description"
    text_length: int = 100

    def _record(self, row: peewee.Model) -> R:
        return self.record(row.code, getattr(row, self.text_field))

    def rows(self) -> list[R]:
        return [self._record(r) for r in self.model.select().order_by(self.model.code)]

    def has(self, code: str) -> bool:
        return self.model.select().where(self.model.code == code).exists()

    def require(self, value: object, record: str, field: str) -> str:
        """A code that exists in the table (blank allowed), in capitals."""
        text = str(value or "").strip().upper()
        if text and not self.has(text):
            raise SetupValueError(record, field, f"there is no {self.noun} '{text}' (add it "
                                  f"first: {self.command} add {text})",
                                  kind=f"unknown_{self.key}", value=text)
        return text

    def add(self, code: str, text: str = "") -> tuple[R, bool]:
        """Create a row, or change the text of an existing one.

        Returns:
            The row and whether it was created.
        """
        record = f"{self.noun} {str(code or '').strip().upper()}".rstrip()
        checked = check_code(code, record)
        value = check_text(text, record, self.text_field, self.text_length)
        with transaction():
            row = self.model.get_or_none(self.model.code == checked)
            created = row is None
            row = row or self.model(code=checked)
            setattr(row, self.text_field, value)
            row.save()
        return self._record(row), created

    def remove(self, code: str) -> R:
        """Delete a row nothing names.

        Raises:
            NotFoundError: no such code.
            SetupInUseError: something names it (listed).
        """
        text = str(code or "").strip().upper()
        with transaction():
            row = self.model.get_or_none(self.model.code == text)
            if row is None:
                raise NotFoundError(f"There is no {self.noun} '{text}'", **{self.key: text})
            uses = self.uses(text)
            if uses:
                raise SetupInUseError(f"{self.noun[0].upper()}{self.noun[1:]} {text}", uses,
                                      **{self.key: text})
            removed = self._record(row)
            row.delete_instance()
        return removed


def setting_uses(refers_to: str, code: str) -> list[SetupUse]:
    """The Shop Card settings naming `code` among those that refer to `refers_to`."""
    names = [s.name for s in registry.SETTINGS if s.refers_to == refers_to]
    return [SetupUse("setting", shop.code, name) for shop in Shop.select().order_by(Shop.code)
            for name in names if str(shop.get(name) or "").strip() == code]


def document_uses(documents: peewee.ModelSelect) -> list[SetupUse]:
    """The first documents of a query of document numbers, then how many more there are."""
    numbers = [no for (no,) in documents.distinct().order_by(SalesDocument.no)
               .limit(DOCUMENTS_NAMED + 1).tuples()]
    uses = [SetupUse("document", name=no) for no in numbers[:DOCUMENTS_NAMED]]
    if len(numbers) > DOCUMENTS_NAMED:
        more = documents.distinct().count() - DOCUMENTS_NAMED
        uses.append(SetupUse("more_documents", name=str(more)))
    return uses
