"""Query cost and the leaky bucket, computed the way Shopify documents them.

Shopify prices a GraphQL document twice (shopify.dev, "GraphQL Admin API rate limits"):

* the **requested cost**, statically, before anything runs: scalars and enums cost 0, an
  object costs 1, an interface or union costs the most expensive of its possible selections,
  a connection costs 2 plus its page size (``first`` or ``last``) times the cost of one node,
  and a mutation field costs 10;
* the **actual cost**, after the run, from what really came back: an object that resolved to
  ``null`` is not charged for its children, and a connection is charged for the nodes it
  returned rather than the page size it asked for. The actual cost never exceeds the
  requested cost.

A single query may not request more than :data:`MAX_QUERY_COST` points. The bucket
(:class:`LeakyBucket`) must hold the requested cost before a query runs; afterwards the
difference between requested and actual cost is refunded.

Where the documentation is silent we made these choices (and tests pin them):

* ``pageInfo`` and edge ``cursor`` fields are free: they are the connection's own bookkeeping,
  paid for by its base cost of 2. A connection read through both ``edges { node }`` and
  ``nodes`` is charged once per node, at the dearer of the two selections.
* A plain list of objects (``Order.transactions``) is sized by its ``first``/``last`` argument
  when it has one (``Customer.addresses(first:)``), otherwise it is priced like one object.
* A mutation field's payload object is included in its 10 points, and so are the objects
  directly inside it (``customer``, ``userErrors``); anything nested deeper is charged as
  usual. That reproduces the 10-11 points Shopify reports for ``customerCreate``.
* A metafield in a ``metafields`` connection costs 0.4 of a point, not 1 (the connection's
  node part rounded up): Shopify priced ``metafields(first: 5)`` with two metafields at 4
  requested and 3 actual points (captures customer-metafields-erasure-address-fidelity,
  `create` 17/16 and `downstreamRead` 8/7; 0.4 is also the figure Shopify publishes per
  metafield for its dynamic mutation costs). Every other connection keeps the rule above.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    is_abstract_type,
    is_leaf_type,
    is_object_type,
)
from graphql.execution.values import get_argument_values, get_directive_values
from graphql.type import (
    GraphQLIncludeDirective,
    GraphQLSkipDirective,
    SchemaMetaFieldDef,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
)
from graphql.type.definition import GraphQLInterfaceType, GraphQLNamedType, GraphQLUnionType
from graphql.utilities import get_operation_ast, type_from_ast

from desktop_app.demo_shop.plans import PLANS, Plan, plan_named  # noqa: F401 (re-exported)

logger = logging.getLogger(__name__)

#: The most points one query may request (enforced on the requested cost).
MAX_QUERY_COST = 1000
#: Base cost of a mutation field.
MUTATION_COST = 10
#: Base cost of a connection field, before its nodes.
CONNECTION_COST = 2
#: Cost of an object field.
OBJECT_COST = 1
#: Cost of one node of these connections, instead of OBJECT_COST (see the module's notes).
NODE_COSTS = {"MetafieldConnection": 0.4}

#: Where Shopify points clients for the rules above.
RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits"


class LeakyBucket:
    """Shopify's leaky bucket, seen from the available side.

    ``currently_available`` starts at ``maximum``; a query takes its requested cost out, the
    refund of unused points goes back in, and ``restore_rate`` points per second flow back
    until the bucket is full again. The clock is injectable so tests can move time by hand.
    """

    def __init__(
        self,
        maximum: float,
        restore_rate: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if maximum <= 0 or restore_rate <= 0:
            raise ValueError("a bucket needs a positive size and restore rate")
        self.maximum = float(maximum)
        self.restore_rate = float(restore_rate)
        self._clock = clock
        self._available = float(maximum)
        self._stamp = clock()
        self._lock = threading.Lock()

    @classmethod
    def for_plan(cls, plan: Plan, clock: Callable[[], float] = time.monotonic) -> LeakyBucket:
        """A full bucket sized for `plan`."""
        return cls(plan.maximum, plan.restore_rate, clock)

    def _restore(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._available = min(self.maximum, self._available + elapsed * self.restore_rate)

    @property
    def currently_available(self) -> float:
        """Points available right now."""
        with self._lock:
            self._restore()
            return self._available

    def try_take(self, points: float) -> bool:
        """Take `points` out if they are all available; return whether it did."""
        with self._lock:
            self._restore()
            if points > self._available + 1e-6:  # float dust must not throttle an exact wait
                return False
            self._available -= points
            return True

    def refund(self, points: float) -> None:
        """Give back `points` (never beyond the bucket's size)."""
        if points <= 0:
            return
        with self._lock:
            self._restore()
            self._available = min(self.maximum, self._available + points)

    def seconds_until(self, points: float) -> float:
        """How long until `points` are available (0 when they already are)."""
        missing = points - self.currently_available
        return max(0.0, missing / self.restore_rate)

    def status(self) -> dict[str, float | int]:
        """The ``throttleStatus`` object Shopify returns in ``extensions.cost``."""
        return {
            "maximumAvailable": self.maximum,
            "currentlyAvailable": int(self.currently_available),
            "restoreRate": self.restore_rate,
        }


@dataclass(frozen=True)
class FieldCost:
    """One line of the ``Shopify-GraphQL-Cost-Debug`` breakdown."""

    path: tuple[str, ...]
    defined_cost: int
    requested_total_cost: int
    requested_children_cost: int | None

    def as_json(self) -> dict[str, Any]:
        """The breakdown entry as Shopify spells it."""
        return {
            "path": list(self.path),
            "definedCost": self.defined_cost,
            "requestedTotalCost": self.requested_total_cost,
            "requestedChildrenCost": self.requested_children_cost,
        }


@dataclass
class RequestedCost:
    """The requested cost of one operation, with the per-field breakdown."""

    total: int
    fields: list[FieldCost] = field(default_factory=list)


class OperationNotFound(ValueError):
    """The document has no operation of that name, or several and no name was given."""


_META_FIELDS = {
    "__typename": TypeNameMetaFieldDef,
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
}
_FREE_CONNECTION_FIELDS = frozenset({"pageInfo"})
_PAGE_SIZE_ARGUMENTS = ("first", "last")


def _unwrap(type_: Any) -> tuple[bool, GraphQLNamedType]:
    """Whether `type_` is a list (at any depth), and its named type."""
    is_list = False
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        if isinstance(type_, GraphQLList):
            is_list = True
        type_ = type_.of_type
    return is_list, type_


def _is_connection(type_: GraphQLNamedType) -> bool:
    """A Relay connection: an object type with ``pageInfo`` and ``edges`` or ``nodes``."""
    if not is_object_type(type_) or not type_.name.endswith("Connection"):
        return False
    fields = type_.fields
    return "pageInfo" in fields and ("edges" in fields or "nodes" in fields)


#: Prices one selected field: (response key, its nodes, its definition) -> points.
_Price = Callable[[str, list[FieldNode], GraphQLField], int]


class _Pricer:
    """Walks one operation of a validated document, pricing its fields."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.variables = dict(variables)
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.breakdown: list[FieldCost] = []

    # --- selection handling ---------------------------------------------------------------

    def _included(self, node: Any) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def _condition_matches(
        self,
        condition: GraphQLNamedType,
        parent: GraphQLNamedType,
        concrete: GraphQLObjectType | None,
    ) -> bool:
        if concrete is None:
            # Pricing an abstract type's common selection: only fragments on the type itself.
            return condition is parent
        if condition is concrete:
            return True
        if is_abstract_type(condition):
            return self.schema.is_sub_type(condition, concrete)  # type: ignore[arg-type]
        return False

    def _collect(
        self,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode | None,
        concrete: GraphQLObjectType | None,
        into: dict[str, list[FieldNode]] | None = None,
        visited: set[str] | None = None,
    ) -> dict[str, list[FieldNode]]:
        """Fields selected on `parent` when its runtime type is `concrete`, by response key."""
        fields = {} if into is None else into
        visited = set() if visited is None else visited
        if selection_set is None:
            return fields
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if selection.type_condition is not None:
                    condition = type_from_ast(self.schema, selection.type_condition)
                    if condition is None or not self._condition_matches(
                        condition, parent, concrete
                    ):
                        continue
                self._collect(parent, selection.selection_set, concrete, fields, visited)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self._first_spread(selection, visited)
                if fragment is None:
                    continue
                condition = type_from_ast(self.schema, fragment.type_condition)
                if condition is None or not self._condition_matches(condition, parent, concrete):
                    continue
                self._collect(parent, fragment.selection_set, concrete, fields, visited)
        return fields

    def _first_spread(
        self, spread: FragmentSpreadNode, seen: set[str]
    ) -> FragmentDefinitionNode | None:
        """The fragment `spread` names, the first time it is met (marked in `seen`)."""
        name = spread.name.value
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return None
        seen.add(name)
        return fragment

    def _conditions(self, selection_set: SelectionSetNode | None, seen: set[str]) -> list[Any]:
        """Type conditions of the fragments directly in `selection_set` (through spreads)."""
        found: list[Any] = []
        if selection_set is None:
            return found
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                if selection.type_condition is not None:
                    condition = type_from_ast(self.schema, selection.type_condition)
                    if condition is not None:
                        found.append(condition)
                found.extend(self._conditions(selection.selection_set, seen))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self._first_spread(selection, seen)
                if fragment is None:
                    continue
                condition = type_from_ast(self.schema, fragment.type_condition)
                if condition is not None:
                    found.append(condition)
                found.extend(self._conditions(fragment.selection_set, seen))
        return found

    def _candidates(
        self, parent: GraphQLNamedType, selection_sets: list[SelectionSetNode | None]
    ) -> list[GraphQLObjectType | None]:
        """Runtime types whose selections differ, for pricing an abstract `parent`."""
        if is_object_type(parent):
            return [parent]  # type: ignore[list-item]
        assert isinstance(parent, (GraphQLInterfaceType, GraphQLUnionType))
        possible = self.schema.get_possible_types(parent)
        candidates: dict[str, GraphQLObjectType] = {}
        for selection_set in selection_sets:
            for condition in self._conditions(selection_set, set()):
                if is_object_type(condition):
                    if condition in possible:
                        candidates[condition.name] = condition
                else:
                    for type_ in self.schema.get_possible_types(condition):
                        if type_ in possible:
                            candidates[type_.name] = type_
        if not candidates:
            return [None]
        return list(candidates.values())

    def _field_def(
        self, parent: GraphQLNamedType, concrete: GraphQLObjectType | None, name: str
    ) -> GraphQLField | None:
        if name in _META_FIELDS:
            return None
        owner = concrete if concrete is not None else parent
        fields = getattr(owner, "fields", None)
        return fields.get(name) if fields else None

    def _page_size(self, field_def: GraphQLField, node: FieldNode) -> int | None:
        if not any(arg in field_def.args for arg in _PAGE_SIZE_ARGUMENTS):
            return None
        args = get_argument_values(field_def, node, self.variables)
        sizes = [int(args[a]) for a in _PAGE_SIZE_ARGUMENTS if isinstance(args.get(a), int)]
        return max(sizes) if sizes else None

    @staticmethod
    def _sub_selections(nodes: list[FieldNode]) -> list[SelectionSetNode | None]:
        return [n.selection_set for n in nodes]

    def _sub_fields(
        self, parent: GraphQLNamedType, nodes: list[FieldNode], concrete: GraphQLObjectType | None
    ) -> dict[str, list[FieldNode]]:
        """What `nodes` select below them on `concrete` (a possible type of `parent`), by
        response key."""
        fields: dict[str, list[FieldNode]] = {}
        for selection_set in self._sub_selections(nodes):
            self._collect(parent, selection_set, concrete, fields)
        return fields

    def _priced(
        self,
        parent: GraphQLNamedType,
        concrete: GraphQLObjectType | None,
        fields: dict[str, list[FieldNode]],
        present: Mapping[str, Any] | None = None,
    ) -> Iterator[tuple[str, list[FieldNode], GraphQLField]]:
        """The entries of `fields` the schema defines on `concrete` (on `parent` when None), with
        their definitions; given `present` (a result), only those it holds."""
        for key, nodes in fields.items():
            if present is not None and key not in present:
                continue
            field_def = self._field_def(parent, concrete, nodes[0].name.value)
            if field_def is not None:
                yield key, nodes, field_def

    def _root_fields(
        self, present: Mapping[str, Any] | None = None
    ) -> Iterator[tuple[str, list[FieldNode], GraphQLField]]:
        """The operation's priced root fields (as :meth:`_priced`)."""
        root = self.schema.get_root_type(self.operation.operation)
        assert root is not None
        yield from self._priced(root, root, self._collect(root, self.operation.selection_set, root),
                                present)

    def _dearest(
        self,
        parent: GraphQLNamedType,
        nodes: list[FieldNode],
        price: _Price,
        present: Mapping[str, Any] | None = None,
    ) -> int:
        """Cost of the sub-selections of `nodes` on `parent`, each field priced by `price`: the
        dearest possible type."""
        best = 0
        for concrete in self._candidates(parent, self._sub_selections(nodes)):
            fields = self._sub_fields(parent, nodes, concrete)
            best = max(best, sum(price(key, sub_nodes, field_def)
                                 for key, sub_nodes, field_def
                                 in self._priced(parent, concrete, fields, present)))
        return best

    def _payload(
        self,
        field_def: GraphQLField,
        nodes: list[FieldNode],
        price: _Price,
        present: Mapping[str, Any] | None = None,
    ) -> int:
        """Cost inside a mutation payload, beyond the mutation's own 10 points."""
        _, payload = _unwrap(field_def.type)
        if is_leaf_type(payload):
            return 0
        assert isinstance(payload, GraphQLObjectType)
        fields = self._sub_fields(payload, nodes, payload)
        return sum(max(0, price(key, sub_nodes, sub_def) - self._included_object_cost(sub_def))
                   for key, sub_nodes, sub_def in self._priced(payload, payload, fields, present))

    @staticmethod
    def _included_object_cost(field_def: GraphQLField) -> int:
        """What a mutation's 10 points already cover of a payload field (one object)."""
        _, named = _unwrap(field_def.type)
        if is_leaf_type(named) or _is_connection(named):
            return 0
        return OBJECT_COST

    # --- requested cost ---------------------------------------------------------------------

    def requested(self) -> int:
        total = 0
        for key, nodes, field_def in self._root_fields():
            if self.operation.operation == OperationType.MUTATION:
                children = self._payload(field_def, nodes, self._requested_at((key,)))
                cost = MUTATION_COST + children
                self.breakdown.append(FieldCost((key,), MUTATION_COST, cost, children))
            else:
                cost = self._field_requested(field_def, nodes, (key,))
            total += cost
        return total

    def _requested_at(self, path: tuple[str, ...]) -> _Price:
        """Prices a field selected below `path` by its requested cost."""
        return lambda key, nodes, field_def: self._field_requested(field_def, nodes, (*path, key))

    def _field_requested(
        self, field_def: GraphQLField, nodes: list[FieldNode], path: tuple[str, ...]
    ) -> int:
        is_list, named = _unwrap(field_def.type)
        if is_leaf_type(named):
            return 0
        if not is_list and _is_connection(named):
            size = self._page_size(field_def, nodes[0]) or 0
            per_node, others = self._connection_parts_requested(named, nodes, path)
            children = _nodes_cost(named, size, size * per_node) + others
            total = CONNECTION_COST + children
            self.breakdown.append(FieldCost(path, CONNECTION_COST, total, children))
            return total
        children = self._dearest(named, nodes, self._requested_at(path))
        if is_list:
            size = self._page_size(field_def, nodes[0])
            total = (size if size is not None else 1) * (OBJECT_COST + children)
        else:
            total = OBJECT_COST + children
        self.breakdown.append(FieldCost(path, OBJECT_COST, total, children))
        return total

    def _connection_parts_requested(
        self, connection: GraphQLNamedType, nodes: list[FieldNode], path: tuple[str, ...]
    ) -> tuple[int, int]:
        """(cost of one node, cost of the connection's other fields)."""
        assert isinstance(connection, GraphQLObjectType)
        fields = self._sub_fields(connection, nodes, connection)
        per_node = 0
        others = 0
        for key, sub_nodes, field_def in self._priced(connection, connection, fields):
            name = sub_nodes[0].name.value
            if name in _FREE_CONNECTION_FIELDS:
                continue
            _, item_type = _unwrap(field_def.type)
            price = self._requested_at((*path, key))
            if name == "edges":
                # The edge wrapper and its cursor are free; its `node` is an object (1 + ...).
                per_node = max(per_node, self._dearest(item_type, sub_nodes, price))
            elif name == "nodes":
                per_node = max(per_node, OBJECT_COST + self._dearest(item_type, sub_nodes, price))
            else:
                others += self._field_requested(field_def, sub_nodes, (*path, key))
        return per_node, others

    # --- actual cost -----------------------------------------------------------------------

    def actual(self, data: Mapping[str, Any] | None) -> int:
        if not data:
            return 0
        total = 0
        for key, nodes, field_def in self._root_fields(data):
            if self.operation.operation == OperationType.MUTATION:
                value = data[key]
                if isinstance(value, Mapping):
                    total += self._payload(field_def, nodes, self._actual_in(value), value)
                total += MUTATION_COST
            else:
                total += self._field_actual(field_def, nodes, data[key])
        return total

    def _actual_in(self, value: Mapping[str, Any]) -> _Price:
        """Prices a field by the actual cost of what `value` (a result object) holds for it."""
        return lambda key, nodes, field_def: self._field_actual(field_def, nodes, value[key])

    def _object_actual(self, named: GraphQLNamedType, nodes: list[FieldNode], value: Any) -> int:
        """An object's actual cost: 1 plus its dearest selection's in `value` (when a dict)."""
        if not isinstance(value, Mapping):
            return OBJECT_COST
        return OBJECT_COST + self._dearest(named, nodes, self._actual_in(value), value)

    def _field_actual(self, field_def: GraphQLField, nodes: list[FieldNode], value: Any) -> int:
        is_list, named = _unwrap(field_def.type)
        if is_leaf_type(named):
            return 0
        if not is_list and _is_connection(named):
            if not isinstance(value, Mapping):
                return CONNECTION_COST
            count, items, others = self._connection_actual(named, nodes, value)
            return CONNECTION_COST + _nodes_cost(named, count, items) + others
        if is_list:
            if not isinstance(value, list):
                return 0
            return sum(self._object_actual(named, nodes, item)
                       for item in value if isinstance(item, Mapping))
        return self._object_actual(named, nodes, value)

    def _connection_actual(
        self, connection: GraphQLNamedType, nodes: list[FieldNode], value: Mapping[str, Any]
    ) -> tuple[int, int, int]:
        """(nodes returned, their cost, the cost of the connection's other fields)."""
        assert isinstance(connection, GraphQLObjectType)
        fields = self._sub_fields(connection, nodes, connection)
        count = 0
        item_costs = 0
        others = 0
        for key, sub_nodes, field_def in self._priced(connection, connection, fields, value):
            name = sub_nodes[0].name.value
            if name in _FREE_CONNECTION_FIELDS:
                continue
            _, item_type = _unwrap(field_def.type)
            raw = value[key] if isinstance(value[key], list) else []
            items = [item for item in raw if isinstance(item, Mapping)]
            count = max(count, len(items))
            if name == "edges":
                cost = sum(self._dearest(item_type, sub_nodes, self._actual_in(item), item)
                           for item in items)
                item_costs = max(item_costs, cost)
            elif name == "nodes":
                item_costs = max(item_costs, sum(self._object_actual(item_type, sub_nodes, item)
                                                 for item in items))
            else:
                others += self._field_actual(field_def, sub_nodes, value[key])
        return count, item_costs, others


def _nodes_cost(connection: GraphQLNamedType, count: int, cost: int) -> int:
    """What ``count`` nodes costing ``cost`` in all (each priced as an object) cost in this
    connection: their cost with each node's own point at its :data:`NODE_COSTS` price."""
    node_cost = NODE_COSTS.get(connection.name)
    if node_cost is None:
        return cost
    return math.ceil(cost - count * (OBJECT_COST - node_cost) - 1e-9)


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        if operation_name:
            raise OperationNotFound(f"Unknown operation named '{operation_name}'.")
        raise OperationNotFound(
            "Must provide operation name if query contains multiple operations."
        )
    return operation


def requested_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> RequestedCost:
    """Price a validated document before running it.

    Args:
        schema: The schema the document was validated against.
        document: The parsed, validated document.
        variables: Coerced variable values (page sizes often come from ``$first``).
        operation_name: Which operation runs, when the document holds several.

    Raises:
        OperationNotFound: `operation_name` names no operation (or is needed and missing).
    """
    pricer = _Pricer(schema, document, _operation(document, operation_name), variables or {})
    total = pricer.requested()
    logger.debug("requested cost %s for operation %s", total, operation_name)
    return RequestedCost(total, pricer.breakdown)


def actual_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    data: Mapping[str, Any] | None,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    requested: int | None = None,
) -> int:
    """Price what a run really returned; never more than `requested` when given.

    Args:
        schema: The schema the document ran against.
        document: The document that ran.
        data: The result's ``data`` (``None`` when nothing ran).
        variables: Coerced variable values (for ``@skip``/``@include``).
        operation_name: Which operation ran.
        requested: The requested cost, which caps the result.
    """
    pricer = _Pricer(schema, document, _operation(document, operation_name), variables or {})
    total = pricer.actual(data)
    return total if requested is None else min(total, requested)
