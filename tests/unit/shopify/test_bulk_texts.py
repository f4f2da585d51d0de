"""The bulk query texts as sent: their .graphql sources spread the shared fragments
(queries/fragments/), and the loader writes those out, because Shopify does not document how
its bulk rules (connections, depth, `id` on a nested connection's parent) apply inside
fragments. What they select is what the texts sent before the sources shared fragments
selected: tests/fixtures/bulk_texts/ holds those texts as `operations.load_text` gave them
(2026-12-07), and the demo shop exports the same records for both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from desktop_app.shopify import operations, run_bulk_query
from desktop_app.shopify.operations import Operation

BULK = ("BulkCustomers", "BulkOrders")
BEFORE = Path(__file__).parents[2] / "fixtures" / "bulk_texts"


def _before(name: str) -> str:
    return (BEFORE / f"{name}.graphql").read_text("utf-8")


def _selection(selection_set: SelectionSetNode | None,
               fragments: dict[str, FragmentDefinitionNode]) -> list[Any]:
    """A selection as sorted nested tuples: each spread replaced by its fragment's fields, the
    order of the fields aside."""
    entries: list[Any] = []
    for node in selection_set.selections if selection_set else ():
        if isinstance(node, FragmentSpreadNode):
            entries += _selection(fragments[node.name.value].selection_set, fragments)
        elif isinstance(node, InlineFragmentNode):
            entries.append(("on", node.type_condition.name.value,
                            _selection(node.selection_set, fragments)))
        else:
            entries.append((node.alias and node.alias.value, node.name.value,
                            [print_ast(a) for a in node.arguments],
                            _selection(node.selection_set, fragments)))
    return sorted(entries, key=repr)


def _selected(document: DocumentNode) -> list[Any]:
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return [print_ast(v) for v in operation.variable_definitions] + \
        _selection(operation.selection_set, fragments)


class Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.names.append(node.name.value)


def test_the_sources_spread_shared_fragments_that_the_text_sent_writes_out():
    for name in BULK:
        operation = operations.load(name)
        assert operation.settings["bulk"] == "true"
        source = (Path(operations.__file__).parent / "queries" / f"{name}.graphql").read_text()
        assert any(f"...{f}" in source for f in operations.shared_fragments()), name
        sent = Spreads()
        visit(operation.document, sent)
        assert sent.names == [] and len(operation.document.definitions) == 1, name


@pytest.mark.parametrize("name", BULK)
def test_a_bulk_text_selects_what_it_selected_before(name):
    assert _selected(operations.load(name).document) == _selected(parse(_before(name)))


def test_a_spread_sharing_its_line_cannot_be_written_out():
    with pytest.raises(ValueError, match="Both spread on a line with other text"):
        operations.written_out("query A { order(id: 1) { totalOutstandingSet { ...Both } } }")


async def test_the_demo_shop_exports_the_same_records_for_the_texts_as_before(demo_shop):
    shop = demo_shop(seed=3, customers=25, orders=25)
    async with shop.client() as client:
        for name in BULK:
            now = [r async for r in run_bulk_query(client, operations.load(name),
                                                   poll_interval=0.01)]
            before = [r async for r in run_bulk_query(client, Operation.from_text(_before(name)),
                                                      poll_interval=0.01)]
            assert len(now) == 25, name
            assert now == before, name
