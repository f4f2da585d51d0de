"""The demo shop's schema is a faithful subset of Shopify's real Admin schema.

For every named type of ``desktop_app/demo_shop/schema.graphql``: the real schema has a type of
that name and kind; each field exists with the identical type string and each of its arguments
with the identical type; each enum value and input field exists (input fields with the same
type); each implemented interface is one the real type implements too. The root operation
types must match as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
)

from desktop_app import demo_shop

DEMO_SCHEMA_PATH = Path(demo_shop.__file__).with_name("schema.graphql")


def schema_differences(ours: GraphQLSchema, real: GraphQLSchema) -> list[str]:
    """Every way ``ours`` is not a faithful subset of ``real`` (empty when it is)."""
    problems: list[str] = []
    for root in ("query_type", "mutation_type", "subscription_type"):
        mine, theirs = getattr(ours, root), getattr(real, root)
        if mine is not None and (theirs is None or theirs.name != mine.name):
            problems.append(f"root {root} is {mine.name}, real is {theirs and theirs.name}")
    for name, our_type in ours.type_map.items():
        if name.startswith("__"):
            continue
        real_type = real.type_map.get(name)
        if real_type is None:
            problems.append(f"type {name} does not exist in the real schema")
            continue
        if type(real_type) is not type(our_type):
            problems.append(
                f"type {name} is a {type(our_type).__name__}, real is {type(real_type).__name__}"
            )
            continue
        if isinstance(our_type, (GraphQLObjectType, GraphQLInterfaceType)):
            real_ifaces = {i.name for i in real_type.interfaces}
            for iface in our_type.interfaces:
                if iface.name not in real_ifaces:
                    problems.append(f"{name} implements {iface.name}, the real type does not")
            for field_name, field in our_type.fields.items():
                real_field = real_type.fields.get(field_name)
                if real_field is None:
                    problems.append(f"field {name}.{field_name} does not exist")
                    continue
                if str(field.type) != str(real_field.type):
                    problems.append(
                        f"field {name}.{field_name} is {field.type}, real is {real_field.type}"
                    )
                for arg_name, arg in field.args.items():
                    real_arg = real_field.args.get(arg_name)
                    if real_arg is None:
                        problems.append(f"argument {name}.{field_name}({arg_name}) does not exist")
                    elif str(arg.type) != str(real_arg.type):
                        problems.append(
                            f"argument {name}.{field_name}({arg_name}) is {arg.type}, "
                            f"real is {real_arg.type}"
                        )
        elif isinstance(our_type, GraphQLInputObjectType):
            for field_name, field in our_type.fields.items():
                real_field = real_type.fields.get(field_name)
                if real_field is None:
                    problems.append(f"input field {name}.{field_name} does not exist")
                elif str(field.type) != str(real_field.type):
                    problems.append(
                        f"input field {name}.{field_name} is {field.type}, real is {real_field.type}"
                    )
        elif isinstance(our_type, GraphQLEnumType):
            for value in our_type.values:
                if value not in real_type.values:
                    problems.append(f"enum value {name}.{value} does not exist")
        elif isinstance(our_type, GraphQLUnionType):
            real_members = {t.name for t in real_type.types}
            for member in our_type.types:
                if member.name not in real_members:
                    problems.append(f"union {name} has {member.name}, the real one does not")
    return problems


@pytest.fixture(scope="module")
def demo_schema() -> GraphQLSchema:
    return build_schema(DEMO_SCHEMA_PATH.read_text("utf-8"))


def test_demo_schema_is_a_faithful_subset(demo_schema, shopify_schema) -> None:
    assert schema_differences(demo_schema, shopify_schema) == []


def test_deprecations_are_kept(demo_schema, shopify_schema) -> None:
    """A field we keep that Shopify deprecates is deprecated in ours too."""
    missing = [
        f"{t.name}.{f}"
        for t in demo_schema.type_map.values()
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType)) and not t.name.startswith("__")
        for f, field in t.fields.items()
        if shopify_schema.type_map[t.name].fields[f].deprecation_reason and not field.deprecation_reason
    ]
    assert missing == []


def test_checker_rejects_a_made_up_field_and_changed_nullability(shopify_schema) -> None:
    """The check really runs: a fake field, a loosened type and a fake enum value are caught."""
    bad = build_schema(
        """
        schema { query: QueryRoot }
        type QueryRoot { shop: Shop! customer(id: ID): Customer }
        type Shop { name: String! inventedField: Int }
        type Customer { id: ID! email: String! state: CustomerState! }
        enum CustomerState { ENABLED SLEEPING }
        input CustomerInput { email: Int }
        type Made_Up_Type { x: Int }
        """
    )
    problems = schema_differences(bad, shopify_schema)
    assert "field Shop.inventedField does not exist" in problems
    assert "field Customer.email is String!, real is String" in problems
    assert "argument QueryRoot.customer(id) is ID, real is ID!" in problems
    assert "enum value CustomerState.SLEEPING does not exist" in problems
    assert "input field CustomerInput.email is Int, real is String" in problems
    assert "type Made_Up_Type does not exist in the real schema" in problems
