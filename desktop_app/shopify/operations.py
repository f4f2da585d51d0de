"""GraphQL operations, loaded from `desktop_app/shopify/queries/<Name>.graphql`.

Each file holds one named operation (plus fragments of its own if needed) and starts with
comment lines; `# key: value` lines are read as settings:

    # idempotent: true    the mutation may be repeated safely when its outcome is unknown

Fragments that several documents select live in `queries/fragments/<Name>.graphql`, one
fragment per file. A document spreads them by name (`...OrderFields`) without defining them:
the loader appends every shared fragment the document uses, and those they use in turn, each
once, so the text sent is one valid GraphQL document holding exactly the fragments it uses
(GraphQL rejects unused ones). A document may not define a fragment of a shared name.
A bulk query text (`# bulk: true`) is sent without fragments: Shopify does not document how its
bulk rules (connections, depth, `id` on a nested connection's parent) apply inside fragments,
so the loader writes each shared fragment out in place of its spread (`written_out`).

Documents are parsed once with graphql-core to learn the operation's name and type and to
estimate its requested cost the way Shopify documents it: scalars and enums 0, an object 1, a
connection 2 + `first` x the cost of one node, a mutation 10. `first` may be a variable; the
estimate then uses the value passed (`estimate_cost(variables)`).

Queries are only ever sent with variables: nothing here builds query text.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    Visitor,
    parse,
    value_from_ast_untyped,
    visit,
)

log = logging.getLogger(__name__)

QUERIES_PACKAGE = "desktop_app.shopify.queries"
FRAGMENTS_PACKAGE = "desktop_app.shopify.queries.fragments"
_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
_HEADER = re.compile(r"#\s*([a-zA-Z_][a-zA-Z0-9_-]*)\s*:\s*(.*?)\s*$")
#: Shopify's documented cost of any mutation.
MUTATION_COST = 10
#: Cost of a connection itself, before its nodes.
CONNECTION_COST = 2
#: The `first` assumed when a connection names none (Shopify's maximum page).
DEFAULT_FIRST = 250


@dataclass(frozen=True)
class Operation:
    """One named GraphQL operation ready to send.

    Attributes:
        name: the operation's name (equal to the file's name).
        kind: "query" or "mutation".
        text: the document sent as `query` in the request body.
        idempotent: True for queries, and for mutations whose header says so.
        settings: every `# key: value` header line.
    """

    name: str
    kind: Literal["query", "mutation"]
    text: str
    idempotent: bool
    settings: dict[str, str] = field(default_factory=dict, compare=False)
    _document: DocumentNode | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_text(cls, text: str, source: str = "<document>") -> Operation:
        """Parse a document holding exactly one named operation.

        Raises:
            ValueError: syntax errors, no or several operations, an anonymous operation,
                subscriptions, or a malformed header.
        """
        try:
            document = parse(text)
        except GraphQLSyntaxError as exc:
            raise ValueError(f"{source}: {exc.message}") from None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) != 1:
            raise ValueError(f"{source}: expected one operation, found {len(operations)}")
        (definition,) = operations
        if definition.name is None:
            raise ValueError(f"{source}: the operation must be named")
        if definition.operation not in (OperationType.QUERY, OperationType.MUTATION):
            raise ValueError(f"{source}: only queries and mutations are supported")
        settings = _read_header(text)
        kind: Literal["query", "mutation"] = (
            "query" if definition.operation is OperationType.QUERY else "mutation"
        )
        idempotent_text = settings.get("idempotent", "true" if kind == "query" else "false")
        if idempotent_text not in ("true", "false"):
            raise ValueError(f"{source}: '# idempotent:' must be true or false")
        return cls(
            name=definition.name.value,
            kind=kind,
            text=text,
            idempotent=idempotent_text == "true",
            settings=settings,
            _document=document,
        )

    @property
    def is_mutation(self) -> bool:
        return self.kind == "mutation"

    @property
    def document(self) -> DocumentNode:
        """The parsed document (parsed once at load)."""
        assert self._document is not None
        return self._document

    def estimate_cost(self, variables: dict[str, Any] | None = None) -> int:
        """Shopify's requested cost of this operation when sent with `variables`."""
        definition, fragments = self._parts()
        if definition.operation is OperationType.MUTATION:
            fields = [s for s in definition.selection_set.selections if isinstance(s, FieldNode)]
            return MUTATION_COST * max(1, len(fields))
        values = dict(_variable_defaults(definition))
        values.update(variables or {})
        return _selection_cost(definition.selection_set, fragments, values)

    def _parts(self) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]]:
        definition = next(
            d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)
        )
        fragments = {
            d.name.value: d
            for d in self.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        return definition, fragments

    def __str__(self) -> str:
        return self.name


def _read_header(text: str) -> dict[str, str]:
    settings: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match:
            settings[match.group(1).lower()] = match.group(2).lower()
    return settings


def _variable_defaults(definition: OperationDefinitionNode) -> dict[str, Any]:
    return {
        v.variable.name.value: value_from_ast_untyped(v.default_value)
        for v in definition.variable_definitions
        if v.default_value is not None
    }


def _selection_cost(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    """Sum of the fields' costs. Fragments (inline or spread) on one type add up; fragments on
    different types are alternatives (the members of a union), so the dearest type counts."""
    if selection_set is None:
        return 0
    total = 0
    by_type: dict[str, int] = {}
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(selection, fragments, variables)
        elif isinstance(selection, InlineFragmentNode):
            cost = _selection_cost(selection.selection_set, fragments, variables)
            if selection.type_condition is None:
                total += cost
            else:
                name = selection.type_condition.name.value
                by_type[name] = by_type.get(name, 0) + cost
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                name = fragment.type_condition.name.value
                cost = _selection_cost(fragment.selection_set, fragments, variables)
                by_type[name] = by_type.get(name, 0) + cost
    return total + max(by_type.values(), default=0)


def _field_cost(
    node: FieldNode, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
) -> int:
    if node.selection_set is None:
        return 0  # scalar or enum
    children = {
        s.name.value: s for s in node.selection_set.selections if isinstance(s, FieldNode)
    }
    if "edges" in children or "nodes" in children:
        per_node = 0
        if "nodes" in children:
            per_node = 1 + _selection_cost(children["nodes"].selection_set, fragments, variables)
        edges = children.get("edges")
        if edges is not None and edges.selection_set is not None:
            for inner in edges.selection_set.selections:
                if isinstance(inner, FieldNode) and inner.name.value == "node":
                    per_node = max(
                        per_node, 1 + _selection_cost(inner.selection_set, fragments, variables)
                    )
        return CONNECTION_COST + _page_size(node, variables) * per_node
    cost = 1 + _selection_cost(node.selection_set, fragments, variables)
    if _argument(node, "first", variables) is not None:  # a list truncated to `first` items
        return cost * _page_size(node, variables)
    return cost


def _argument(node: FieldNode, name: str, variables: dict[str, Any]) -> Any:
    for argument in node.arguments:
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, VariableNode):
            return variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        return None
    return None


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int:
    for name in ("first", "last"):
        value = _argument(node, name, variables)
        if isinstance(value, int) and value >= 0:
            return value
    return DEFAULT_FIRST


@lru_cache(maxsize=None)
def load(name: str) -> Operation:
    """The operation in `queries/<name>.graphql` with its shared fragments, parsed once and
    cached.

    Raises:
        ValueError: no such document or fragment, or one is malformed or named differently.
    """
    text = load_text(name)
    operation = Operation.from_text(text, source=f"{name}.graphql")
    if operation.name != name:
        raise ValueError(f"{name}.graphql holds operation {operation.name!r}")
    log.debug("Loaded operation %s (%s)", name, operation.kind)
    return operation


def load_text(name: str) -> str:
    """The text sent for `queries/<name>.graphql`: the file, then the shared fragments it uses;
    for a bulk query text (`# bulk: true`), the file with those fragments written out instead.

    Raises:
        ValueError: no such document or fragment, a syntax error, or a document defining a
            fragment of a shared name.
    """
    text = _read(QUERIES_PACKAGE, name, "GraphQL document")
    if _read_header(text).get("bulk") == "true":
        return written_out(text, f"{name}.graphql")
    return with_fragments(text, f"{name}.graphql")


def with_fragments(text: str, source: str = "<document>") -> str:
    """`text` followed by the shared fragments (`queries/fragments/`) it spreads but does not
    define, transitively, each once, in the order they are first needed.

    Raises:
        ValueError: a syntax error, a spread of a fragment that is neither defined nor shared,
            or a fragment defined in `text` under a shared name.
    """
    document = _parse(text, source)
    own = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    shadowing = sorted(own & set(shared_fragments()))
    if shadowing:
        raise ValueError(f"{source}: defines {', '.join(shadowing)}, shared in fragments/")
    added: list[str] = []
    pending = [s for s in _spreads(document) if s not in own]
    while pending:
        name = pending.pop(0)
        if name in added:
            continue
        if name not in shared_fragments():
            raise ValueError(f"{source}: no fragment {name} (neither in it nor in fragments/)")
        added.append(name)
        pending.extend(_spreads(parse(_fragment_text(name))))
    if not added:
        return text
    parts = [text.rstrip("\n")] + [_fragment_text(n).rstrip("\n") for n in added]
    return "\n\n".join(parts) + "\n"


def written_out(text: str, source: str = "<document>") -> str:
    """`text` with each spread of a shared fragment (`queries/fragments/`) replaced by the
    fragment's selection, at the spread's indentation, its own spreads written out in turn.

    Raises:
        ValueError: a syntax error, a fragment spreading itself, or a shared spread that does
            not stand on a line of its own (it could not be written out).
    """
    lines = list(_written_out_lines(text.splitlines(), "", ()))
    result = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    left = sorted(set(_spreads(_parse(result, source))) & set(shared_fragments()))
    if left:
        raise ValueError(f"{source}: {', '.join(left)} spread on a line with other text")
    return result


_SPREAD_LINE = re.compile(r"(?P<indent>[ \t]*)\.\.\.(?P<name>[_A-Za-z][_0-9A-Za-z]*)[ \t]*")


def _written_out_lines(lines: list[str], indent: str, within: tuple[str, ...]) -> Iterator[str]:
    for line in lines:
        match = _SPREAD_LINE.fullmatch(line)
        if match is None or match["name"] not in shared_fragments():
            yield indent + line if line else line
        elif match["name"] in within:
            raise ValueError(f"fragments/{match['name']}.graphql spreads itself")
        else:
            yield from _written_out_lines(_selection_lines(match["name"]),
                                          indent + match["indent"], (*within, match["name"]))


def _selection_lines(name: str) -> list[str]:
    """The lines inside the braces of shared fragment `name`, its own indentation removed."""
    text = _fragment_text(name)
    (definition,) = parse(text).definitions
    assert isinstance(definition, FragmentDefinitionNode) and definition.selection_set.loc
    loc = definition.selection_set.loc
    return textwrap.dedent(text[loc.start + 1:loc.end - 1]).strip("\n").splitlines()


@lru_cache(maxsize=1)
def shared_fragments() -> tuple[str, ...]:
    """Names of every fragment in `queries/fragments/`."""
    return tuple(_names(FRAGMENTS_PACKAGE))


@lru_cache(maxsize=None)
def _fragment_text(name: str) -> str:
    text = _read(FRAGMENTS_PACKAGE, name, "fragment")
    definitions = _parse(text, f"fragments/{name}.graphql").definitions
    if [d.name.value for d in definitions if isinstance(d, FragmentDefinitionNode)] != [name] \
            or len(definitions) != 1:
        raise ValueError(f"fragments/{name}.graphql must hold exactly fragment {name}")
    return text


def _parse(text: str, source: str) -> DocumentNode:
    try:
        return parse(text)
    except GraphQLSyntaxError as exc:
        raise ValueError(f"{source}: {exc.message}") from None


def _spreads(document: DocumentNode) -> list[str]:
    """Names of the fragments spread in `document`, in order of appearance."""
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            names.append(node.name.value)

    visit(document, Spreads())
    return names


def _read(package: str, name: str, what: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not an operation name: {name!r}")
    resource = resources.files(package).joinpath(f"{name}.graphql")
    if not resource.is_file():
        raise ValueError(f"no {what} named {name}")
    return resource.read_text(encoding="utf-8")


def _names(package: str) -> list[str]:
    return sorted(
        entry.name[: -len(".graphql")]
        for entry in resources.files(package).iterdir()
        if entry.name.endswith(".graphql")
    )


def available() -> list[str]:
    """Names of every document in `queries/` (the shared fragments aside)."""
    return _names(QUERIES_PACKAGE)
