"""Bulk operations: Shopify's bulk query rules, the lifecycle, and the streamed JSONL result.

The lifecycle advances one step each time the operation is read (``bulkOperation(id:)``,
``currentBulkOperation``, ``node(id:)``): ``CREATED`` -> ``RUNNING`` -> ``COMPLETED`` (the
file is written during that last step) or ``FAILED``; a cancel makes it ``CANCELING`` and the
next read ``CANCELED``. So a client polling it sees the same states as against Shopify, and
tests are deterministic.

The result is written line by line: each object of the top-level connection on its own line;
each object of a nested connection on its own line with ``"__parentId"`` (the GID of the parent
node). With ``groupObjects: false`` all parents come first and then all children; with
``groupObjects: true`` each parent's children follow it. Connections are walked page by page
through the same resolvers as ordinary queries (so search, sort keys and access scopes behave
the same), ignoring ``first``/``after``/``last``/``before``: a bulk query reads everything.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any, Unpack

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
    validate,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path as ResponsePath

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.execution import (
    ExecContext,
    by_gid,
    context,
    named_fields,
    search,
    user_error,
)
from desktop_app.demo_shop.search import DateField, ExactField, NumberField, SearchField
from desktop_app.demo_shop.state import BulkOperation, ShopState

logger = logging.getLogger(__name__)

MAX_QUERY_BYTES = 65535
MAX_CONNECTIONS = 5
MAX_DEPTH = 2
MAX_RUNNING = 5  # per app and shop, from API version 2026-01
BULK_PAGE = 250


# --- validation ------------------------------------------------------------------------------


def _named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _is_connection(type_: Any) -> bool:
    named = _named(type_)
    return isinstance(named, GraphQLObjectType) and named.name.endswith("Connection")


def _fields(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    type_name: str | None = None,
) -> Iterator[FieldNode]:
    """The field nodes of a selection set, with fragments flattened.

    With `type_name` (the concrete type of the object being written), fragments on another
    type are left out, as GraphQL does for `... on PurchasingCompany` under a union.
    """
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
            continue
        if isinstance(selection, InlineFragmentNode):
            condition, inner = selection.type_condition, selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is None:
                continue
            condition, inner = fragment.type_condition, fragment.selection_set
        else:
            continue
        if type_name is not None and condition is not None and condition.name.value != type_name:
            continue
        yield from _fields(inner, fragments, type_name)


class BulkQuery:
    """A bulk query that passed Shopify's rules: the document and its top-level field."""

    def __init__(self, document: DocumentNode, operation: OperationDefinitionNode) -> None:
        self.document = document
        self.operation = operation
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }


def check_bulk_query(schema: GraphQLSchema, text: str) -> tuple[BulkQuery | None, str | None]:
    """Apply Shopify's bulk query rules; the parsed query, or the userError message."""
    size = len(text.encode())
    if size > MAX_QUERY_BYTES:
        return None, f"Query is too large ({size} bytes; maximum is {MAX_QUERY_BYTES} bytes)"
    try:
        document = parse(text)
    except GraphQLError as exc:
        detail = "unexpected end of file" if "<EOF>" in exc.message else exc.message
        return None, f"Invalid bulk query: syntax error, {detail}"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        return None, "Invalid bulk query: the query must contain exactly one operation"
    operation = operations[0]
    if operation.operation != OperationType.QUERY:
        return None, "Invalid operation type. Only `query` operations are supported."
    errors = validate(schema, document)
    if errors:
        return None, f"Invalid bulk query: {errors[0].message}"
    query = BulkQuery(document, operation)
    root = schema.query_type
    assert root is not None
    top = list(_fields(operation.selection_set, query.fragments))
    if any(f.name.value in ("node", "nodes") for f in top):
        return None, "Bulk queries cannot contain a top level `node` field."

    connections: list[str] = []
    via_nodes: list[str] = []
    deepest = 0
    in_list = False
    missing_id: list[str] = []

    def walk(parent: GraphQLObjectType, nodes: list[FieldNode], depth: int, under_list: bool) -> None:
        nonlocal deepest, in_list
        for node in nodes:
            name = node.name.value
            if name == "__typename":
                continue
            field_def = parent.fields[name]
            named = _named(field_def.type)
            if _is_connection(field_def.type):
                if under_list:
                    in_list = True
                connections.append(name)
                deepest = max(deepest, depth + 1)
                inner = list(_fields(node.selection_set, query.fragments))
                if any(f.name.value == "nodes" for f in inner):
                    via_nodes.append(name)
                for edges in (f for f in inner if f.name.value == "edges"):
                    for item in _fields(edges.selection_set, query.fragments):
                        if item.name.value != "node":
                            continue
                        node_type = _named(named.fields["edges"].type).fields["node"].type
                        children = list(_fields(item.selection_set, query.fragments))
                        node_named = _named(node_type)
                        has_nested = _has_connection(node_named, children, query)
                        has_id = any(c.name.value == "id" and c.alias is None for c in children)
                        if has_nested and not has_id:
                            missing_id.append(name)
                        walk(node_named, children, depth + 1, False)
            elif isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
                target = named if isinstance(named, GraphQLObjectType) else None
                if target is not None:
                    walk(
                        target,
                        list(_fields(node.selection_set, query.fragments)),
                        depth,
                        under_list or _is_list(field_def.type),
                    )

    walk(root, top, 0, False)
    if via_nodes:
        first = via_nodes[0]
        return None, (
            "All connection fields in a bulk query must select their contents using 'edges' > "
            f"'node', e.g: '{first} {{ edges {{ node {{'. Selecting via 'nodes' is not supported. "
            f"Invalid connection fields: {', '.join(repr(c) for c in via_nodes)}."
        )
    if not connections:
        return None, "Bulk queries must contain at least one connection."
    if len(connections) > MAX_CONNECTIONS:
        return None, f"Bulk queries cannot contain more than {MAX_CONNECTIONS} connections."
    if deepest > MAX_DEPTH:
        return None, f"Bulk queries cannot contain connections with a nesting depth greater than {MAX_DEPTH}."
    if in_list:
        return None, "Queries that contain a connection field within a list field are not currently supported."
    if missing_id:
        return None, (
            "The parent 'node' field for a nested connection must select the 'id' field without "
            "an alias and must be of 'ID' return type. Connection fields without 'id': "
            f"{', '.join(missing_id)}."
        )
    top_connections = [f for f in top if _is_connection(root.fields[f.name.value].type)]
    if len(top_connections) != 1 or len(top) != 1:
        return None, "Bulk queries must contain exactly one top level connection field."
    return query, None


def _has_connection(type_: Any, children: list[FieldNode], query: BulkQuery) -> bool:
    if not isinstance(type_, GraphQLObjectType):
        return False
    for child in children:
        name = child.name.value
        if name == "__typename":
            continue
        field_def = type_.fields[name]
        if _is_connection(field_def.type):
            return True
        named = _named(field_def.type)
        if isinstance(named, GraphQLObjectType) and _has_connection(
            named, list(_fields(child.selection_set, query.fragments)), query
        ):
            return True
    return False


# --- running ---------------------------------------------------------------------------------


#: A lone UTF-16 surrogate (text stored from a JSON "\ud800" escape).
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Writer:
    """Writes JSONL lines and counts them."""

    def __init__(self, main: IO[str], children: IO[str] | None) -> None:
        self.main = main
        self.children = children
        self.objects = 0
        self.roots = 0

    def write(self, record: dict[str, Any], child: bool) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        if _SURROGATE.search(line):
            # A lone surrogate has no UTF-8 form: written as a JSON escape (same value).
            line = json.dumps(record, separators=(",", ":")) + "\n"
        (self.children if child and self.children is not None else self.main).write(line)
        self.objects += 1
        if not child:
            self.roots += 1


class BulkRunner:
    """Executes a checked bulk query over all records and writes the JSONL file."""

    def __init__(self, schema: GraphQLSchema, ctx: ExecContext, query: BulkQuery) -> None:
        self.schema = schema
        self.ctx = ctx
        self.query = query

    def _info(self, field_name: str, key: str) -> GraphQLResolveInfo:
        return SimpleNamespace(  # type: ignore[return-value]
            context=self.ctx,
            field_name=field_name,
            path=ResponsePath(None, key, None),
            schema=self.schema,
        )

    def _iterate(self, source: Any, field_def: Any, args: dict[str, Any], name: str, key: str) -> Iterator[Any]:
        args = {k: v for k, v in args.items() if k not in ("first", "last", "after", "before")}
        info = self._info(name, key)
        after = None
        while True:
            page = field_def.resolve(source, info, first=BULK_PAGE, after=after, **args)
            for edge in page["edges"]:
                yield edge["node"]
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    def _node_selection(self, conn_node: FieldNode, conn_type: GraphQLObjectType) -> tuple[Any, list[FieldNode]]:
        node_type = _named(_named(conn_type.fields["edges"].type).fields["node"].type)
        fields: list[FieldNode] = []
        for edges in _fields(conn_node.selection_set, self.query.fragments):
            if edges.name.value == "edges":
                for item in _fields(edges.selection_set, self.query.fragments):
                    if item.name.value == "node":
                        fields.extend(_fields(item.selection_set, self.query.fragments))
        return node_type, fields

    def _object(
        self,
        obj: Any,
        type_: Any,
        selection: list[FieldNode],
        nested: list[tuple[Any, Any, FieldNode]],
        selection_node: FieldNode | None = None,
    ) -> dict[str, Any]:
        if isinstance(type_, (GraphQLInterfaceType, GraphQLUnionType)):
            type_ = self.schema.get_type(obj.TYPENAME)
            if selection_node is not None:
                selection = list(
                    _fields(selection_node.selection_set, self.query.fragments, type_.name)
                )
        out: dict[str, Any] = {}
        for node in selection:
            key = node.alias.value if node.alias else node.name.value
            if node.name.value == "__typename":
                out[key] = type_.name
                continue
            field_def = type_.fields[node.name.value]
            if _is_connection(field_def.type):
                nested.append((obj, field_def, node))
                continue
            args = get_argument_values(field_def, node, None)
            value = field_def.resolve(obj, self._info(node.name.value, key), **args)
            out[key] = self._complete(value, field_def.type, node, nested)
        return out

    def _complete(self, value: Any, type_: Any, node: FieldNode, nested: list[Any]) -> Any:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            return [self._complete(v, type_.of_type, node, nested) for v in value]
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            return type_.serialize(value)
        return self._object(
            value, type_, list(_fields(node.selection_set, self.query.fragments)), nested, node
        )

    def run(self, out: IO[str], spill_dir: Path, group_objects: bool) -> tuple[int, int]:
        """Write the result to ``out``; returns (objectCount, rootObjectCount)."""
        root = self.schema.query_type
        assert root is not None
        top = next(iter(_fields(self.query.operation.selection_set, self.query.fragments)))
        field_def = root.fields[top.name.value]
        args = get_argument_values(field_def, top, None)
        node_type, selection = self._node_selection(top, _named(field_def.type))
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=spill_dir) as spill:
            writer = _Writer(out, None if group_objects else spill)
            key = top.alias.value if top.alias else top.name.value
            for obj in self._iterate(None, field_def, args, top.name.value, key):
                nested: list[tuple[Any, Any, FieldNode]] = []
                record = self._object(obj, node_type, selection, nested)
                writer.write(record, child=False)
                parent_id = record.get("id") or getattr(obj, "gid", None)
                for parent, child_def, child_node in nested:
                    child_args = get_argument_values(child_def, child_node, None)
                    child_type, child_sel = self._node_selection(child_node, _named(child_def.type))
                    child_key = child_node.alias.value if child_node.alias else child_node.name.value
                    for child in self._iterate(parent, child_def, child_args, child_node.name.value, child_key):
                        line = self._object(child, child_type, child_sel, [])
                        line["__parentId"] = parent_id
                        writer.write(line, child=True)
            if not group_objects:
                spill.seek(0)
                shutil.copyfileobj(spill, out)
        return writer.objects, writer.roots


# --- lifecycle and resolvers -----------------------------------------------------------------


def lifecycle_step(op: BulkOperation, request: RequestContext) -> bool:
    """The lifecycle steps every bulk operation shares: ``CREATED`` -> ``RUNNING``,
    ``CANCELING`` -> ``CANCELED``. True when ``op`` is ``RUNNING`` and its work runs now (a
    query's export, a mutation's lines: ``resolvers_bulk_mutations``)."""
    if op.status == "CREATED":
        op.status = "RUNNING"
        return False
    if op.status == "CANCELING":
        op.status = "CANCELED"
        op.completed_at = request.now.replace(microsecond=0)
        return False
    return op.status == "RUNNING"


def advance(schema: GraphQLSchema, state: ShopState, op: BulkOperation, backend: Any, request: RequestContext) -> None:
    """Move ``op`` one step along its lifecycle (see the module docstring)."""
    if not lifecycle_step(op, request):
        return
    query, message = check_bulk_query(schema, op.query)
    if query is None:  # checked at creation; only a changed schema could get here
        logger.error("Bulk operation %s no longer valid: %s", op.id, message)
        op.status, op.error_code = "FAILED", "INTERNAL_SERVER_ERROR"
        return
    run_request = RequestContext(base_url=op.base_url, scopes=op.scopes, now=request.now)
    runner = BulkRunner(schema, ExecContext(state=state, request=run_request, backend=backend), query)
    path = backend.bulk_dir / f"{op.id}.jsonl"
    try:
        with path.open("w", encoding="utf-8") as out:
            objects, roots = runner.run(out, backend.bulk_dir, op.group_objects)
    except GraphQLError as exc:
        code = (exc.extensions or {}).get("code")
        logger.warning("Bulk operation %s failed: %s", op.id, exc.message)
        op.status = "FAILED"
        op.error_code = "ACCESS_DENIED" if code == "ACCESS_DENIED" else "INTERNAL_SERVER_ERROR"
        op.completed_at = request.now.replace(microsecond=0)
        path.unlink(missing_ok=True)
        return
    op.status = "COMPLETED"
    op.completed_at = request.now.replace(microsecond=0)
    op.object_count, op.root_object_count = objects, roots
    op.file_size = path.stat().st_size
    op.url = f"{op.base_url}/bulk/{op.id}.jsonl" if objects else None
    if not objects:
        path.unlink(missing_ok=True)
    logger.info("Bulk operation %s completed: %s objects, %s bytes", op.id, objects, op.file_size)


def in_progress_refusal(state: ShopState, type_: str) -> dict[str, Any] | None:
    """The ``OPERATION_IN_PROGRESS`` answer when ``MAX_RUNNING`` operations of ``type_``
    (``QUERY``, ``MUTATION``) are unfinished (captured wording), else None."""
    running = sorted(op.id for op in state.bulk_operations.values() if op.running and op.type == type_)
    if len(running) < MAX_RUNNING:
        return None
    listed = ", ".join(f"gid://shopify/BulkOperation/{i}" for i in running)
    return {
        "bulkOperation": None,
        "userErrors": [
            user_error(
                None,
                f"A bulk {type_.lower()} operation for this app and shop is already in progress: {listed}.",
                "OPERATION_IN_PROGRESS",
            )
        ],
    }


def create_operation(ctx: ExecContext, text: str, **fields: Any) -> dict[str, Any]:
    """A new ``CREATED`` operation of ``text`` (a query, or a mutation's text) with the
    caller's scopes and address; the run mutation's payload."""
    op = BulkOperation(
        id=ctx.state.new_id(),
        query=text,
        created_at=ctx.now.replace(microsecond=0),
        scopes=ctx.request.scopes,
        base_url=ctx.request.base_url,
        **fields,
    )
    ctx.state.bulk_operations[op.id] = op
    logger.info("Bulk %s operation %s created", op.type.lower(), op.id)
    return {"bulkOperation": op, "userErrors": []}


def run_query(_root: Any, info: GraphQLResolveInfo, query: str, groupObjects: bool = False) -> dict[str, Any]:  # noqa: N803
    ctx = context(info)
    refusal = in_progress_refusal(ctx.state, "QUERY")
    if refusal is not None:
        return refusal
    checked, message = check_bulk_query(info.schema, query)
    if checked is None:
        return {"bulkOperation": None, "userErrors": [user_error(["query"], message or "", "INVALID")]}
    return create_operation(ctx, query, group_objects=groupObjects)


def cancel(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:  # noqa: A002
    ctx = context(info)
    op = by_gid(ctx.state.bulk_operations, id, "BulkOperation")
    if op is None:
        return {"bulkOperation": None, "userErrors": [user_error(["id"], "Bulk operation does not exist")]}
    if not op.running:
        return {
            "bulkOperation": op,
            "userErrors": [
                user_error(None, f"A bulk operation cannot be canceled when it is {op.status.lower()}")
            ],
        }
    op.status = "CANCELING"
    return {"bulkOperation": op, "userErrors": []}


def resolve_bulk_operation(_root: Any, info: GraphQLResolveInfo, id: str) -> BulkOperation | None:  # noqa: A002
    ctx = context(info)
    op = by_gid(ctx.state.bulk_operations, id, "BulkOperation")
    if op is not None:
        ctx.backend.advance_bulk(op, ctx.request)
    return op


def resolve_current(_root: Any, info: GraphQLResolveInfo, type: str = "QUERY") -> BulkOperation | None:  # noqa: A002
    ctx = context(info)
    ops = [op for op in ctx.state.bulk_operations.values() if op.type == type]
    if not ops:
        return None
    op = max(ops, key=lambda o: o.id)
    ctx.backend.advance_bulk(op, ctx.request)
    return op


#: Search fields of ``bulkOperations(query:)``, as Shopify documents them (2026-07).
BULK_SEARCH_FIELDS: dict[str, SearchField] = {
    "created_at": DateField(lambda op: op.created_at),
    "id": NumberField(lambda op: op.id),
    "operation_type": ExactField(lambda op: op.type),
    "status": ExactField(lambda op: op.status),
}

# Sort keys are strings so they fit in a cursor (ISO timestamps sort as the times do).
_BULK_SORTS = {
    "CREATED_AT": lambda op: op.created_at.isoformat(),
    # Operations that have not completed come after the completed ones.
    "COMPLETED_AT": lambda op: op.completed_at.isoformat() if op.completed_at else "~",
}


def resolve_bulk_operations(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    """The app's bulk operations, filtered by Shopify's search syntax (``status:running``...).

    Listing does not advance an operation's lifecycle: only reading it by id does.
    """
    predicate = search(info, args.get("query"), BULK_SEARCH_FIELDS, None)
    ops = [op for op in context(info).state.bulk_operations.values()
           if predicate is None or predicate(op)]
    return pagination.list_connection(
        ops, first=args.get("first"), after=args.get("after"), last=args.get("last"),
        before=args.get("before"), reverse=args.get("reverse", False),
        key=_BULK_SORTS.get(args.get("sortKey", "CREATED_AT"), _BULK_SORTS["CREATED_AT"]),
    )

RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_bulk_operations, resolve_bulk_operation),
    ("QueryRoot", "currentBulkOperation"): resolve_current,
    ("Mutation", "bulkOperationRunQuery"): run_query,
    ("Mutation", "bulkOperationCancel"): cancel,
}
