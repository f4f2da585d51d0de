"""Bulk mutations: ``stagedUploadsCreate`` and ``bulkOperationRunMutation``, and running them.

``bulkOperationRunMutation(mutation, stagedUploadPath)`` checks, in Shopify's order (the
2025-01 capture ``bulk-operation-run-mutation-operation-in-progress``: the limit is checked
before the staged file is looked up):
1. fewer than ``MAX_RUNNING`` unfinished mutation operations of the app, else
   ``OPERATION_IN_PROGRESS`` (``field: null``, the running ids listed; captured wording);
2. the mutation: one operation, a ``mutation``, valid against the schema, else
   ``INVALID_MUTATION``;
3. the staged file: uploaded under that path, else ``NO_SUCH_FILE``; every line a JSON
   object, else ``INVALID_STAGED_UPLOAD_FILE``.
The messages of 2 and 3 were NOT CAPTURED (the demo's own wording, with Shopify's codes).
The operation then has ``type: MUTATION`` and its ``query`` is the mutation text as sent.

It follows the bulk lifecycle (``resolvers_bulk``): ``CREATED``, then ``RUNNING`` at the next
read, then at the read after that every line runs (as the mutation with that line's variables,
with the app's scopes, not charged to the bucket) and it is ``COMPLETED``. The result file has
one line per input line, in input order here (Shopify promises no order):
``{"data": {...}, "__lineNumber": N}``, N counted from 0, plus ``"errors"`` when the line's
variables or execution failed. ``objectCount`` and ``rootObjectCount`` count the lines run.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Protocol

from graphql import (
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    execute_sync,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values

from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.execution import ExecContext, context, user_error
from desktop_app.demo_shop.resolvers_bulk import (
    create_operation,
    in_progress_refusal,
    lifecycle_step,
)
from desktop_app.demo_shop.state import BulkOperation, ShopState

if TYPE_CHECKING:
    from pathlib import Path

    from desktop_app.demo_shop.staged_uploads import StagedUploads

logger = logging.getLogger(__name__)


class OperationFiles(Protocol):
    """What a mutation operation needs of the backend that runs it (`backend.ShopBackend`,
    which imports this module): the uploaded files and the folder of result files."""

    staged_uploads: StagedUploads
    bulk_dir: Path

LINE_NUMBER_KEY = "__lineNumber"


def _refused(message: str, code: str, field: list[str] | None = None) -> dict[str, Any]:
    return {"bulkOperation": None, "userErrors": [user_error(field, message, code)]}


def staged_uploads_create(_root: Any, info: GraphQLResolveInfo,
                          input: list[dict[str, Any]]) -> dict[str, Any]:  # noqa: A002
    """One target per input (only ``BULK_MUTATION_VARIABLES`` exists in the demo's enum)."""
    ctx = context(info)
    uploads = ctx.backend.staged_uploads
    targets = [
        uploads.create_target(ctx.request.base_url, item["filename"], item["mimeType"],
                              item.get("httpMethod") or "PUT", ctx.now)
        for item in input
    ]
    return {"stagedTargets": targets, "userErrors": []}


def _check_mutation(schema: GraphQLSchema, text: str) -> str | None:
    """Why ``text`` cannot run in bulk (None when it can)."""
    try:
        document = parse(text)
    except GraphQLError as exc:
        return f"Invalid mutation: syntax error, {exc.message}"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        return "Invalid mutation: the document must contain exactly one operation"
    if operations[0].operation != OperationType.MUTATION:
        return "Invalid operation type. Only `mutation` operations are supported."
    errors = validate(schema, document)
    if errors:
        return f"Invalid mutation: {errors[0].message}"
    return None


def _lines_problem(text: str) -> str | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            return f"Invalid JSONL file: line {number} is not valid JSON"
        if not isinstance(value, dict):
            return f"Invalid JSONL file: line {number} is not a JSON object"
    return None


def run_mutation(_root: Any, info: GraphQLResolveInfo, mutation: str,
                 stagedUploadPath: str,  # noqa: N803
                 clientIdentifier: str | None = None) -> dict[str, Any]:  # noqa: N803
    ctx = context(info)
    refusal = in_progress_refusal(ctx.state, "MUTATION")
    if refusal is not None:
        return refusal
    problem = _check_mutation(info.schema, mutation)
    if problem is not None:
        return _refused(problem, "INVALID_MUTATION", ["mutation"])
    path = ctx.backend.staged_uploads.file_of(stagedUploadPath)
    if path is None:
        return _refused("The JSONL file could not be found. Try uploading the file again, and "
                        "check that you've entered the URL correctly for the stagedUploadPath "
                        "mutation argument.", "NO_SUCH_FILE", ["stagedUploadPath"])
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        text = None
    problem = "Invalid JSONL file: it is not UTF-8" if text is None else _lines_problem(text)
    if problem is not None:
        return _refused(problem, "INVALID_STAGED_UPLOAD_FILE", ["stagedUploadPath"])
    return create_operation(ctx, mutation, group_objects=False, type="MUTATION",
                            staged_upload_path=stagedUploadPath)


def advance(schema: GraphQLSchema, state: ShopState, op: BulkOperation,
            backend: OperationFiles, request: RequestContext) -> None:
    """Move a mutation operation one step (see the module docstring)."""
    if not lifecycle_step(op, request):
        return
    source = backend.staged_uploads.file_of(op.staged_upload_path or "")
    if source is None:  # the file went away (the demo's temporary folder was removed)
        op.status, op.error_code = "FAILED", "INTERNAL_SERVER_ERROR"
        op.completed_at = request.now.replace(microsecond=0)
        return
    document = parse(op.query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    run_request = RequestContext(base_url=op.base_url, scopes=op.scopes, now=request.now)
    exec_context = ExecContext(state=state, request=run_request, backend=backend)
    path = backend.bulk_dir / f"{op.id}.jsonl"
    count = 0
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for raw in lines:
            if not raw.strip():
                continue
            out.write(json.dumps(_run_line(schema, document, operation, exec_context,
                                           json.loads(raw), count),
                                 ensure_ascii=False, separators=(",", ":"), default=str) + "\n")
            count += 1
    op.status = "COMPLETED"
    op.completed_at = request.now.replace(microsecond=0)
    op.object_count = op.root_object_count = count
    op.file_size = path.stat().st_size
    op.url = f"{op.base_url}/bulk/{op.id}.jsonl" if count else None
    if not count:
        path.unlink(missing_ok=True)
    logger.info("Bulk mutation %s completed: %s lines", op.id, count)


def _run_line(schema: GraphQLSchema, document: Any, operation: OperationDefinitionNode,
              exec_context: ExecContext, variables: dict[str, Any], number: int
              ) -> dict[str, Any]:
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        return {"errors": [{"message": e.message} for e in coerced], LINE_NUMBER_KEY: number}
    result = execute_sync(schema, document, context_value=exec_context,
                          variable_values=variables)
    line: dict[str, Any] = {"data": result.data}
    if result.errors:
        line["errors"] = [e.formatted for e in result.errors]
    line[LINE_NUMBER_KEY] = number
    return line


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Mutation", "stagedUploadsCreate"): staged_uploads_create,
    ("Mutation", "bulkOperationRunMutation"): run_mutation,
}
