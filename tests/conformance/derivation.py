"""Documents of our own for capture steps that recorded no GraphQL document (issue 20).

Most customer captures (and several B2B and order ones) keep a step's `variables` and `response`
but not the document sent: the upstream project keeps its documents apart, and we may not copy
them. What was asked can still be read off the step itself, against Shopify's 2026-07 schema:

- the root fields are the data's top-level keys (a key that names no root field is an alias
  whose field cannot be known: it is left out);
- a root field's arguments are the variables that fit them: the same name, or a name that is
  a word of the argument's (`one` -> `customerOneId`), whose value coerces to its type. A
  required argument no variable fits is, on a read by id, the id the answer holds
  (`customer(id:)` answered the object of that id); otherwise the root field is left out. A root
  field that filters (a `query` or `savedSearchId` argument) and gets no such variable is left
  out too: its answer depends on a filter we cannot know;
- the selection is the answer's keys, nested, items of a list merged, `__typename` aware (a key
  that is not the abstract type's goes in an inline fragment on the recorded `__typename`, or
  on every possible type that has it). A field with a required argument (`metafield(key:)`,
  most often under an alias) cannot be asked and is left out. An empty list or a null object
  selects `__typename`: whatever the demo shop answers there is compared with the recorded
  `[]` or null all the same. A connection without a `first` variable gets `first: n`, n the
  nodes recorded (at least 5 when the answer says there is no next page: the real `first` was
  at least n);
- what is left out of the document is left out of the comparison too: the step's expected
  answer is the recorded one pruned to what the derived document selects.

A derived document that does not validate against 2026-07 is "not applicable", as a recorded
one; a step none of whose root fields can be derived stays "no document".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    coerce_input_value,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
)

GID = re.compile(r"^gid://shopify/[A-Za-z]+/\d+$")
FILTER_ARGUMENTS = frozenset({"query", "savedSearchId"})
#: When the answer says there is no next page, the real `first` was at least the nodes seen.
OPEN_PAGE = 5

Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass
class Selection:
    """A selection set being built: response key -> (field text, sub-selection), and inline
    fragments by type name."""

    fields: dict[str, tuple[str, Selection | None]] = field(default_factory=dict)
    fragments: dict[str, Selection] = field(default_factory=dict)

    def merge(self, other: Selection) -> None:
        for key, (text, sub) in other.fields.items():
            mine = self.fields.get(key)
            if mine is None or mine[1] is None:
                self.fields[key] = (text, sub)
            elif sub is not None:
                mine[1].merge(sub)
        for name, sub in other.fragments.items():
            self.fragments.setdefault(name, Selection()).merge(sub)

    def empty(self) -> bool:
        return not self.fields and not self.fragments

    def render(self) -> str:
        parts = []
        for key, (text, sub) in self.fields.items():
            parts.append(text + (f" {sub.render()}" if sub is not None else ""))
        parts.extend(f"... on {name} {sub.render()}" for name, sub in self.fragments.items())
        return "{ " + " ".join(parts) + " }"


@dataclass
class Derived:
    """A derived document, and the recorded answer pruned to what it selects."""

    query: str
    response: dict[str, Any]
    left_out: list[str]  # root keys and fields that could not be asked


def derive(schema: GraphQLSchema, variables: dict[str, Any],
           response: dict[str, Any]) -> Derived | None:
    """A document for a step that recorded none, or None when nothing of it can be derived."""
    data = response.get("data")
    if not isinstance(data, dict) or not data:
        return None
    mutation = schema.mutation_type
    is_mutation = mutation is not None and any(key in mutation.fields for key in data)
    root = mutation if is_mutation else schema.query_type
    if root is None:
        return None
    declared: dict[str, str] = {}
    parts: list[str] = []
    pruned: dict[str, Any] = {}
    left_out: list[str] = []
    for key, value in data.items():
        root_field = root.fields.get(key)
        arguments = _root_arguments(key, root_field, variables, value, is_mutation, declared) \
            if root_field is not None else None
        if root_field is None or arguments is None:
            left_out.append(key)
            continue
        text, sub, kept = _field(schema, key, root_field, arguments, value, left_out)
        parts.append(text + (f" {sub.render()}" if sub is not None else ""))
        pruned[key] = kept
    if not parts:
        return None
    header = ", ".join(f"${name}: {kind}" for name, kind in declared.items())
    operation = "mutation" if is_mutation else "query"
    query = f"{operation}{f'({header})' if header else ''} {{ {' '.join(parts)} }}"
    expected = {k: v for k, v in response.items() if k != "data"}
    expected["data"] = pruned
    return Derived(query, expected, left_out)


def _root_arguments(key: str, root_field: GraphQLField, variables: dict[str, Any], value: Any,
                    is_mutation: bool, declared: dict[str, str]) -> list[str] | None:
    """The argument texts of a root field, declaring the variables used; None when it cannot
    be asked as the capture asked it."""
    texts: list[str] = []
    fitted = _fit_variables(root_field.args, variables)
    for name, argument in root_field.args.items():
        variable = fitted.get(name)
        if variable is not None:
            kind = str(argument.type)
            if declared.setdefault(variable, kind) != kind:
                return None  # one variable, two types: not this way
            texts.append(f"{name}: ${variable}")
        elif name in FILTER_ARGUMENTS:
            return None  # a filter we cannot know
        elif _required(argument):
            if (name == "id" and not is_mutation and isinstance(value, dict)
                    and isinstance(value.get("id"), str) and GID.match(value["id"])):
                texts.append(f"id: {json.dumps(value['id'])}")
            else:
                return None
    first = _first_literal(root_field, value) if not any(
        fitted.get(name) for name in ("first", "last")) else None
    if first is not None:
        texts.append(first)
    return texts


def _fit_variables(arguments: dict[str, GraphQLArgument],
                   variables: dict[str, Any]) -> dict[str, str]:
    """argument name -> the variable that fits it (same name, else a word of its name)."""
    fitted = {name: name for name in arguments if name in variables
              and _coerces(variables[name], arguments[name].type)}
    free = [v for v in variables if v not in fitted.values()]
    for name, argument in arguments.items():
        if name in fitted:
            continue
        words = {w.lower() for w in re.findall(r"[a-z]+|[A-Z][a-z]*", name)}
        candidates = [v for v in free if v.lower() in words
                      and _coerces(variables[v], argument.type)]
        if len(candidates) == 1:
            fitted[name] = candidates[0]
            free.remove(candidates[0])
    return fitted


def _coerces(value: Any, kind: GraphQLInputType) -> bool:
    def fail(*_args: Any) -> None:
        raise ValueError

    try:
        coerce_input_value(value, kind, fail)
    except (ValueError, TypeError):
        return False
    return True


def _required(argument: GraphQLArgument) -> bool:
    return is_non_null_type(argument.type) and argument.default_value is Undefined


def _first_literal(definition: GraphQLField, value: Any) -> str | None:
    """`first: n` for a connection asked without a page size."""
    named = get_named_type(definition.type)
    if not named.name.endswith("Connection") or "first" not in definition.args:
        return None
    nodes: list[Any] = []
    if isinstance(value, dict):
        for key in ("nodes", "edges"):
            if isinstance(value.get(key), list):
                nodes = value[key]
                break
    page_info = value.get("pageInfo") if isinstance(value, dict) else None
    has_next = isinstance(page_info, dict) and page_info.get("hasNextPage") is True
    count = len(nodes) if has_next else max(len(nodes), OPEN_PAGE)
    return f"first: {max(count, 1)}"


def _field(schema: GraphQLSchema, name: str, definition: GraphQLField, arguments: list[str],
           value: Any, left_out: list[str]) -> tuple[str, Selection | None, Any]:
    """The text of one field (keys are field names: an alias is never derived), its
    sub-selection and the recorded value pruned to it."""
    text = name + (f"({', '.join(arguments)})" if arguments else "")
    named = get_named_type(definition.type)
    if is_leaf_type(named):
        return text, None, value
    assert isinstance(named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType))
    selection = Selection()
    kept = _select(schema, named, value, selection, left_out)
    if selection.empty():
        selection.fields["__typename"] = ("__typename", None)
    return text, selection, kept


def _select(schema: GraphQLSchema, kind: Composite, value: Any, selection: Selection,
            left_out: list[str]) -> Any:
    """Fill `selection` with what `value` (an object, a list of them or null) selected on
    `kind`, and return `value` pruned to it."""
    if isinstance(value, list):
        return [_select(schema, kind, item, selection, left_out) for item in value]
    if not isinstance(value, dict):
        return value
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if key == "__typename":
            selection.fields[key] = (key, None)
            kept[key] = item
            continue
        placed = False
        for target, definition in _owners(schema, kind, key, value.get("__typename")):
            if any(_required(a) for a in definition.args.values()):
                continue
            first = _first_literal(definition, item)
            text, sub, pruned = _field(schema, key, definition, [first] if first else [],
                                       item, left_out)
            part = Selection(fields={key: (text, sub)})
            if target is None:
                selection.merge(part)
            else:
                selection.merge(Selection(fragments={target: part}))
            kept[key] = pruned
            placed = True
        if not placed:
            left_out.append(f"{kind.name}.{key}")
    return kept


def _owners(schema: GraphQLSchema, kind: Composite, key: str,
            typename: Any) -> list[tuple[str | None, GraphQLField]]:
    """Where `key` can be selected on `kind`: on it (None), or in inline fragments."""
    if not isinstance(kind, GraphQLUnionType) and key in kind.fields:
        return [(None, kind.fields[key])]
    if not is_abstract_type(kind):
        return []
    possible = list(schema.get_possible_types(kind))
    if isinstance(typename, str):
        possible = [t for t in possible if t.name == typename]
    return [(t.name, t.fields[key]) for t in possible if key in t.fields]
