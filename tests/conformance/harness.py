"""Replays the real-store captures of `../shared/shopify/captures-2025-01/` against the demo shop.

Each capture file is one scenario recorded against a real Shopify store: its steps (every
object holding a `response` and a `query`/`document`, in file order; the proxy's own
`upstreamCalls` left out) run in order against a fresh demo shop, through `DemoShop.handle`
as the app's requests go. Ids the real store gave are mapped to the ids the demo shop gave for
the same step, and each step is classified:

- `no document`: the capture recorded the answer but not the document sent, and none can be
  derived from it (`derivation.py`; a step that runs a derived document is scored apart);
- `not applicable`: the document is invalid against Shopify's 2026-07 schema, or it names an
  object the real store held before the scenario began (an id never created in the file,
  unless the real answer is an error or a null that needs no stored object), or a value the
  capture hid, or an object a change not replayed touched; or it is an introspection, or a
  document only 2025-01 refused;
- `not modelled`: valid against 2026-07 but not against the demo shop's schema;
- `agree` / `disagree`: top-level error codes, every `userErrors` list (field, message, code)
  and the data's scalars (ids, cursors, timestamps and names aside) compared; the first
  difference is kept.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    StringValueNode,
    VariableNode,
    Visitor,
    parse,
    validate,
    visit,
)
from graphql.execution.values import get_variable_values

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import DemoRequest, DemoShop, ShopBackend
from desktop_app.demo_shop.catalog_state import Location, LocationAddress
from desktop_app.demo_shop.state import ShopState
from tests.conformance.derivation import derive
from tests.conformance.real_schema import shopify_schema

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "shopify"
CAPTURES = SHARED / "captures-2025-01"
GRAPHQL_PATH = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
HEADERS = {"X-Shopify-Access-Token": "conformance", "Content-Type": "application/json"}

AGREE, DISAGREE = "agree", "disagree"
NOT_MODELLED, NOT_APPLICABLE, NO_DOCUMENT = "not modelled", "not applicable", "no document"
KINDS = (AGREE, DISAGREE, NOT_MODELLED, NOT_APPLICABLE, NO_DOCUMENT)

GID = re.compile(r"gid://shopify/[A-Za-z]+/\d+(?:\?[^\s\"']*)?")
#: Keys whose values depend on the store rather than on behaviour.
IGNORED_KEYS = frozenset({
    "id", "cursor", "startCursor", "endCursor", "legacyResourceId", "name", "createdAt",
    "updatedAt", "processedAt", "closedAt", "cancelledAt", "completedAt", "expiresOn",
    "deactivatedAt", "disabledAt", "url", "partialDataUrl", "adminGraphqlApiId",
})
CURSOR_KEYS = frozenset({"cursor", "startCursor", "endCursor"})
#: A value the capture replaced by a placeholder, such as "<setup-customer-id>".
PLACEHOLDER = re.compile(r'"(<[a-z-]+-id>)"')
INTROSPECTION = re.compile(r"\b__(?:type|schema)\b")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
NOT_FOUND_WORDS = ("not exist", "not found", "could not be found", "couldn't be found",
                   "does not exist", "doesn't exist", "invalid id")


@dataclass
class Step:
    path: str  # where the step is in its file, e.g. "mutation" or "cases[2]"
    query: str | None
    variables: dict[str, Any]
    response: dict[str, Any]
    derived: bool = False  # the document is ours (tests/conformance/derivation.py)


@dataclass
class StepResult:
    step: Step
    kind: str
    difference: str = ""


@dataclass
class FileResult:
    domain: str
    name: str
    steps: list[StepResult] = field(default_factory=list)

    def count(self, kind: str, derived: bool | None = None) -> int:
        """Steps of one kind (recorded documents only, derived only, or both when None)."""
        return sum(1 for s in self.steps
                   if s.kind == kind and derived in (None, s.step.derived))


def _payload(response: dict[str, Any]) -> dict[str, Any] | None:
    """The GraphQL payload of a recorded response (`{data, errors}`, or that under `body` or
    `payload` beside a `status`)."""
    for key in ("body", "payload"):
        if isinstance(response.get(key), dict):
            response = response[key]
    if "data" in response or "errors" in response:
        return response
    return None


def steps_of(capture: Any) -> list[Step]:
    """The steps of one capture file, in file order."""
    found: list[Step] = []
    seen: set[str] = set()  # some files hold a step twice (by label and in a list)

    def walk(node: Any, path: str, document: str | None, variables: dict[str, Any]) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]", document, variables)
            return
        if not isinstance(node, dict):
            return
        request = node.get("request")
        sent = request if isinstance(request, dict) else node  # `request: {query, variables}`
        own = sent.get("query") or sent.get("document")
        if isinstance(own, str) and "{" in own:
            document = own
        if isinstance(sent.get("variables"), dict):
            variables = sent["variables"]
        response = node.get("response", node.get("result"))
        payload = _payload(response) if isinstance(response, dict) else None
        if payload is not None:
            key = json.dumps([document, variables, payload], sort_keys=True)
            if key not in seen:
                seen.add(key)
                found.append(Step(path or "(file)", document, variables, payload))
        for key, value in node.items():
            if key not in ("upstreamCalls", "response", "result", "variables", "request"):
                walk(value, f"{path}.{key}" if path else key, document, variables)

    walk(capture, "", None, {})
    return found


# --- ids ------------------------------------------------------------------------------------

def _ids_in(value: Any) -> set[str]:
    return set(GID.findall(json.dumps(value))) if value is not None else set()


def _substitute(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        if value in ids:  # a cursor
            return ids[value]
        return GID.sub(lambda m: ids.get(m.group(0), m.group(0)), value)
    if isinstance(value, list):
        return [_substitute(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, ids) for k, v in value.items()}
    return value


def _learn_ids(real: Any, demo: Any, ids: dict[str, str]) -> None:
    """Map each id and cursor of the real answer to the demo shop's at the same place."""
    if isinstance(real, dict) and isinstance(demo, dict):
        for key, value in real.items():
            if key in CURSOR_KEYS and isinstance(value, str) and isinstance(demo.get(key), str):
                ids.setdefault(value, demo[key])
            elif key in demo:
                _learn_ids(value, demo[key], ids)
    elif isinstance(real, list) and isinstance(demo, list):
        for a, b in zip(real, demo, strict=False):
            _learn_ids(a, b, ids)
    elif isinstance(real, str) and isinstance(demo, str) and GID.fullmatch(real):
        if GID.fullmatch(demo) and real not in ids:
            ids[real] = demo


def _needs_no_object(payload: dict[str, Any]) -> bool:
    """The real answer is an error or a null that an unknown id gets as well."""
    if payload.get("errors"):
        return True
    data = payload.get("data")
    if not isinstance(data, dict) or all(v is None for v in data.values()):
        return True
    for _path, errors in _user_errors(data, ""):
        for error in errors:
            text = f"{error.get('message', '')} {error.get('code', '')}".lower()
            if any(word in text for word in NOT_FOUND_WORDS) or "not_found" in text:
                return True
            last_field = str((error.get("field") or [""])[-1]).lower()
            if last_field.endswith("id") and re.search(r"\bid\b", text):
                return True  # an id refused for what it is, not for what it names
    return False


# --- comparing ------------------------------------------------------------------------------

def _user_errors(data: Any, path: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if (key == "userErrors" or key.endswith("UserErrors")) and isinstance(value, list):
                yield f"{path}.{key}", value
            else:
                yield from _user_errors(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _user_errors(item, f"{path}[{i}]")


def _codes(payload: dict[str, Any]) -> list[str]:
    errors = payload.get("errors") or []
    if not isinstance(errors, list):
        return ["HTTP"]
    return sorted(str((e.get("extensions") or {}).get("code")) for e in errors)


def _error_triple(error: dict[str, Any]) -> tuple[Any, ...]:
    return (error.get("field"), error.get("message"), error.get("code"))


Difference = tuple[str, Any, Any]  # (where and what, the real value, the demo shop's)


def _first_scalar_difference(real: Any, demo: Any, path: str) -> Difference | None:
    if isinstance(real, dict):
        if not isinstance(demo, dict):
            return f"{path}: {_short(real)} != {_short(demo)}", real, demo
        for key, value in real.items():
            if key in IGNORED_KEYS or key == "userErrors" or key.endswith("UserErrors"):
                continue
            found = _first_scalar_difference(value, demo.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(real, list):
        if not isinstance(demo, list) or len(real) != len(demo):
            return f"{path}: {_short(real)} != {_short(demo)}", real, demo
        for i, (a, b) in enumerate(zip(real, demo, strict=True)):
            found = _first_scalar_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(real, str) and (GID.fullmatch(real) or TIMESTAMP.match(real)):
        return None if demo is not None else (f"{path}: {_short(real)} != null", real, demo)
    if real != demo:
        return f"{path}: {_short(real)} != {_short(demo)}", real, demo
    return None


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 90 else text[:87] + "..."


def first_difference(real: dict[str, Any], demo: dict[str, Any]) -> Difference | None:
    """The first difference between the real answer and the demo shop's, or None."""
    if _codes(real) != _codes(demo):
        return f"error codes: {_codes(real)} != {_codes(demo)}", None, None
    real_data, demo_data = real.get("data"), demo.get("data")
    demo_errors = dict(_user_errors(demo_data, ""))
    for path, errors in _user_errors(real_data, ""):
        theirs = demo_errors.get(path)
        ours = [_error_triple(e) for e in errors]
        if theirs is None or ours != [_error_triple(e) for e in theirs]:
            mine = theirs and [_error_triple(e) for e in theirs]
            return f"{path}: {_short(ours)} != {_short(mine)}", None, None
    return _first_scalar_difference(real_data, demo_data, "data")


# --- replaying ------------------------------------------------------------------------------

_CHECKED: dict[tuple[int, str], DocumentNode | None] = {}


def _checked(schema: GraphQLSchema, query: str) -> DocumentNode | None:
    """The parsed document when it validates against `schema` (kept: many steps share one)."""
    key = (id(schema), query)
    if key not in _CHECKED:
        try:
            document: DocumentNode | None = parse(query)
        except GraphQLSyntaxError:
            document = None
        if document is not None and validate(schema, document):
            document = None
        _CHECKED[key] = document
    return _CHECKED[key]


def _valid(schema: GraphQLSchema, query: str, variables: dict[str, Any]) -> bool:
    """The document validates and the variables coerce to its operations' variable types."""
    document = _checked(schema, query)
    if document is None:
        return False
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            coerced = get_variable_values(schema, operation.variable_definitions or (),
                                          variables)
            if isinstance(coerced, list):
                return False
    return True


async def _send(shop: DemoShop, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables}).encode()
    response = await shop.handle(DemoRequest("POST", GRAPHQL_PATH, dict(HEADERS), body))
    payload = response.json()
    if response.status != 200 or not isinstance(payload, dict):
        return {"errors": [{"message": f"HTTP {response.status}",
                            "extensions": {"code": f"HTTP {response.status}"}}]}
    return payload


def fresh_state() -> ShopState:
    """An empty shop with the one location every new Shopify store has."""
    state = ShopState()
    now = datetime.now(UTC).replace(microsecond=0)
    address = LocationAddress(None, None, None, None, state.shop.country_code, None, None)
    state.add_location(Location(id=state.new_id(), name="Shop location", address=address,
                                created_at=now, updated_at=now))
    return state


async def replay_file(path: Path) -> FileResult:
    """Every step of one capture, replayed on a fresh demo shop."""
    result = FileResult(path.parent.name, path.stem)
    backend = ShopBackend(fresh_state())
    shop = DemoShop(backend, plan="plus")
    ids: dict[str, str] = {}
    skipped: dict[str, str] = {}  # real id -> the change not replayed that touched it
    try:
        for step in steps_of(json.loads(path.read_text("utf-8"))):
            done = await _replay_step(shop, backend, step, ids, skipped)
            result.steps.append(done)
            if done.kind not in (AGREE, DISAGREE) and _changed_something(step):
                for real in _ids_in(step.variables) | _ids_in(step.response.get("data")):
                    skipped.setdefault(real, step.path)
    finally:
        shop.close()
        backend.close()
    return result


def _changed_something(step: Step) -> bool:
    """The step is a mutation the real store carried out (no error, no user error)."""
    data = step.response.get("data")
    if step.response.get("errors") or not isinstance(data, dict):
        return False
    if any(errors for _path, errors in _user_errors(data, "")):
        return False
    if step.query is not None:
        return not _is_read(step.query)
    mutation = shopify_schema().mutation_type
    return mutation is not None and any(key in mutation.fields for key in data)


async def _replay_step(shop: DemoShop, backend: ShopBackend, step: Step,
                       ids: dict[str, str], skipped: dict[str, str]) -> StepResult:
    if step.query is None:
        derived = derive(shopify_schema(), step.variables, step.response)
        if derived is None:
            return StepResult(step, NO_DOCUMENT)
        step = Step(step.path, derived.query, step.variables, derived.response, derived=True)
    if not _valid(shopify_schema(), step.query, step.variables):
        return StepResult(step, NOT_APPLICABLE, "invalid against 2026-07")
    hidden = PLACEHOLDER.findall(json.dumps(step.variables))
    if hidden:
        return StepResult(step, NOT_APPLICABLE, f"the capture hides {hidden[0]}")
    if INTROSPECTION.search(step.query):
        # It describes the schema, a subset of 2026-07 by design (tests/contract checks it).
        return StepResult(step, NOT_APPLICABLE, "introspection")
    codes = _codes(step.response)
    if codes and all(code[:1].islower() for code in codes):
        # 2025-01 refused statically (graphql-ruby's camelCase codes) what 2026-07 accepts.
        return StepResult(step, NOT_APPLICABLE, f"refused by 2025-01 only ({codes[0]})")
    unknown = (_ids_in(step.variables) | set(GID.findall(step.query))) - set(ids)
    if unknown and not _needs_no_object(step.response):
        return StepResult(step, NOT_APPLICABLE, f"needs {sorted(unknown)[0]}")
    if not _valid(backend.schema, step.query, step.variables):
        return StepResult(step, NOT_MODELLED)
    named = _ids_in(step.variables) | set(GID.findall(step.query)) | _ids_in(step.response)
    touched = sorted(named & set(skipped))
    if touched:
        # The demo shop's object is not the real one any more: a change to it (or to an object
        # the real answer shows) was not replayed.
        return StepResult(step, NOT_APPLICABLE, f"follows {skipped[touched[0]]}, not replayed")
    answer = await _send(shop, _substitute(step.query, ids), _substitute(step.variables, ids))
    known = set(ids)  # the objects the file created before this step
    _learn_ids(step.response.get("data"), answer.get("data"), ids)
    difference = first_difference(step.response, answer)
    if difference is None:
        return StepResult(step, AGREE)
    text, real, demo = difference
    held_before = sorted(_ids_in(real) - known)
    if held_before and _is_read(step.query):
        # A read whose answer, where it differs, lists objects the real store held before the
        # scenario began (the demo shop lists none there, or others in their place).
        return StepResult(step, NOT_APPLICABLE, f"lists {held_before[0]}")
    if text.split(":", 1)[0].endswith(".count") and isinstance(real, int) \
            and isinstance(demo, int) and real > max(demo, len(known)) and _is_read(step.query):
        # A count of more objects than the file ever made: the real store held them before.
        return StepResult(step, NOT_APPLICABLE, f"counts {real} objects")
    if real == [] and demo and isinstance(demo, list) and _is_read(step.query) \
            and _searches(step.query, step.variables):
        # Shopify's search index trails its writes: a search right after a change found
        # nothing, where one made later finds it; the capture does not say how long the
        # recorder waited (the demo shop, a fresh one, lists only what the file made).
        return StepResult(step, NOT_APPLICABLE, "search index timing")
    return StepResult(step, DISAGREE, text)


class _SearchTerms(Visitor):
    """Collects the non-empty `query:` (search) arguments of a document."""

    def __init__(self, variables: dict[str, Any]) -> None:
        super().__init__()
        self.variables = variables
        self.found = False

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        if node.name.value != "query":
            return
        value = node.value
        if isinstance(value, VariableNode):
            text = self.variables.get(value.name.value)
        else:
            text = value.value if isinstance(value, StringValueNode) else None
        self.found = self.found or bool(isinstance(text, str) and text.strip())


def _searches(query: str, variables: dict[str, Any]) -> bool:
    """The document searches (a non-empty `query:` argument)."""
    terms = _SearchTerms(variables)
    visit(parse(query), terms)
    return terms.found


def _is_read(query: str) -> bool:
    return all(not isinstance(d, OperationDefinitionNode) or d.operation.value == "query"
               for d in parse(query).definitions)


def capture_files() -> list[Path]:
    return sorted(CAPTURES.glob("*/*.json"))


def replay_all() -> list[FileResult]:
    """Every capture file replayed (each on its own fresh demo shop)."""
    async def run() -> list[FileResult]:
        return [await replay_file(path) for path in capture_files()]

    return asyncio.run(run())
