"""What the client reads of a mutation's refusals: every `userErrors` list of the B2B
mutations (`BusinessCustomerUserError`) selects its field, message and code, which
`shopify.user_errors` turns into typed errors (the code decides, e.g. a taken external id);
the selection is one shared fragment (fragments/BusinessUserErrorFields.graphql)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_schema,
    visit,
)

from desktop_app import demo_shop
from desktop_app.shopify import operations

_SCHEMA = build_schema(Path(demo_shop.__file__).with_name("schema.graphql").read_text("utf-8"))


def _fields(selection: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]
            ) -> list[str]:
    """The names of the fields `selection` selects, its fragment spreads written out."""
    names: list[str] = []
    for node in selection.selections:
        if isinstance(node, FragmentSpreadNode):
            names += _fields(fragments[node.name.value].selection_set, fragments)
        elif isinstance(node, FieldNode):
            names.append(node.name.value)
    return names


def _user_error_selections(name: str) -> dict[str, list[str]]:
    """Each `userErrors` field of the document `name` as sent: its type and what it selects."""
    document = operations.load(name).document
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    info = TypeInfo(_SCHEMA)
    found: dict[str, list[str]] = {}

    class UserErrors(Visitor):
        def enter_field(self, node: FieldNode, *_):
            if node.name.value == "userErrors" and node.selection_set is not None:
                kind = info.get_type()
                while isinstance(kind, (GraphQLNonNull, GraphQLList)):
                    kind = kind.of_type
                found[str(kind)] = _fields(node.selection_set, fragments)

    visit(document, TypeInfoVisitor(info, UserErrors()))
    return found


_MUTATIONS = [n for n in operations._names(operations.QUERIES_PACKAGE)
              if operations.load(n).is_mutation]
_B2B = [n for n in _MUTATIONS if "BusinessCustomerUserError" in _user_error_selections(n)]


def test_the_b2b_mutations_are_found():
    # the nine B2B mutations, and companyCreate as a bulk write's mutation (issue 21)
    assert len(_B2B) == 10 and all(n.removeprefix("Bulk").startswith("Company")
                                   for n in _B2B), _B2B


@pytest.mark.parametrize("name", _B2B)
def test_a_b2b_mutation_reads_field_message_and_code_of_each_refusal(name):
    assert _user_error_selections(name) == {
        "BusinessCustomerUserError": ["field", "message", "code"]}
    assert "BusinessUserErrorFields" in operations.shared_fragments()


def _spreads_of_user_errors(name: str) -> list[list[str]]:
    """What each `userErrors` field of the document `name` selects, as written in its file
    (a spread as `...Name`), before the loader adds the shared fragments."""
    document = operations.load(name).document
    found: list[list[str]] = []

    class UserErrors(Visitor):
        def enter_field(self, node: FieldNode, *_):
            if node.name.value == "userErrors" and node.selection_set is not None:
                found.append([f"...{s.name.value}" if isinstance(s, FragmentSpreadNode)
                              else s.name.value for s in node.selection_set.selections])

    for definition in document.definitions:
        if not isinstance(definition, FragmentDefinitionNode):
            visit(definition, UserErrors())
    return found


# The bulk mutation texts are another piece's (they are sent with fragments written out).
_PLAIN = [n for n in _MUTATIONS if "UserError" in _user_error_selections(n)
          and not n.startswith("Bulk")]


def test_the_mutations_refused_with_plain_user_errors_are_found():
    assert len(_PLAIN) == 11, _PLAIN


@pytest.mark.parametrize("name", _PLAIN)
def test_a_plain_user_error_selection_is_the_shared_fragment(name):
    """Written once (fragments/UserErrorFields.graphql), sent as field and message."""
    assert _spreads_of_user_errors(name) == [["...UserErrorFields"]]
    assert _user_error_selections(name) == {"UserError": ["field", "message"]}
