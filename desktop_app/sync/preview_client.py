"""The Shopify client of a sync preview: reads go to Shopify, changes are held (issue 19).

`PreviewClient` wraps the shop's client (its connection, cost bucket, deadlines and counters:
a preview is paced and counted as the sync is). Its `execute` sends every query as the real
client does, but never a mutation: each one is held (`held`, in order: what the sync would
have sent) and answered from what the preview knows, as Shopify would answer it: the ids it
would give (new ones, `gid://shopify/Customer/99000000000001`...), the record as written, no
userErrors. What it answered is kept (`PreviewShop`), so the job's later reads see its own
changes as they would after a real write: a query that names a record the preview "made" is
answered here (Shopify does not have it), and a record it "changed" comes back from Shopify
with the changed values over it. So the job runs exactly its real code path, decisions and
counts included, with nothing sent that changes the shop.

Let through: `bulkOperationRunQuery`, which starts a bulk export (a read: it changes no
record, and the big customer reads need it). A bulk write is never started: its staged
upload gets no target, and the job writes those records one by one instead (held and
answered each), so the preview plans the same outcome per record with other requests.

Not answered (the preview stays truthful but may differ from the run after it): a search
of Shopify for a record the preview "made" earlier in the same run (Shopify's search does
not know it; the real run's would), e.g. two local customers with the same e-mail exported
in one run.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    value_from_ast_untyped,
)

from desktop_app.shopify import operations
from desktop_app.shopify.client import ShopifyClient
from desktop_app.shopify.operations import Operation

#: Mutations that only read (a bulk export): sent as they are.
READING_MUTATIONS = frozenset({"BulkOperationRunQuery"})

#: The first number of the ids a preview gives: far above any real id of the demo shop and
#: of a real shop for decades, so a made-up id never names a real record.
FIRST_PREVIEW_ID = 99_000_000_000_001

#: Fields of a connection's page info, as the last page has them.
_LAST_PAGE = {"hasNextPage": False, "hasPreviousPage": False, "endCursor": None,
              "startCursor": None}


@dataclass(frozen=True)
class HeldMutation:
    """A mutation the preview did not send: its name and variables."""

    name: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class _Ref:
    """A field that holds another record of the preview shop (by id)."""

    gid: str


@dataclass
class _Record:
    """What the preview knows of one record: fields by Shopify's names (a value, a nested
    dict, or a `_Ref`), and the ids of its records in each connection."""

    fields: dict[str, Any] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    made: bool = False  # made by the preview: Shopify does not have it


class PreviewShop:
    """The records a preview made or changed, as its mutations said; answers reads of them."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.records: dict[str, _Record] = {}
        self._ids = itertools.count(FIRST_PREVIEW_ID)
        self._now = now

    # --- writing -------------------------------------------------------------------------

    def now(self) -> str:
        moment = self._now or dt.datetime.now(dt.UTC)
        return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def make(self, kind: str, values: dict[str, Any] | None = None) -> str:
        gid = f"gid://shopify/{kind}/{next(self._ids)}"
        stamp = self.now()
        fields = {"createdAt": stamp, "updatedAt": stamp, **_fields_of(values or {}),
                  "id": gid}
        self.records[gid] = _Record(fields, made=True)
        return gid

    def change(self, gid: str, values: dict[str, Any], *, stamp: bool = True) -> None:
        record = self.records.setdefault(str(gid), _Record())
        _merge(record.fields, _fields_of(values))
        record.fields["id"] = str(gid)
        if stamp:
            record.fields["updatedAt"] = self.now()

    def attach(self, parent: str, connection: str, child: str) -> None:
        record = self.records.setdefault(str(parent), _Record(fields={"id": str(parent)}))
        record.children.setdefault(connection, []).append(child)

    def is_made(self, gid: object) -> bool:
        record = self.records.get(gid) if isinstance(gid, str) else None
        return record is not None and record.made

    # --- reading -------------------------------------------------------------------------

    def render(self, value: Any, selection: SelectionSetNode | None,
               fragments: dict[str, FragmentDefinitionNode]) -> Any:
        """`value` (a record's field) as Shopify would answer `selection` of it."""
        if isinstance(value, _Ref):
            record = self.records.get(value.gid)
            return None if record is None else self._render_record(record, selection,
                                                                   fragments)
        if isinstance(value, list):
            return [self.render(v, selection, fragments) for v in value]
        if selection is None or not isinstance(value, dict):
            return value
        return self._render_record(_Record(value), selection, fragments)

    def _render_record(self, record: _Record, selection: SelectionSetNode | None,
                       fragments: dict[str, FragmentDefinitionNode]) -> Any:
        answer: dict[str, Any] = {}
        for node in _fields(selection, fragments):
            name, key = node.name.value, _key(node)
            if name in record.children or (name not in record.fields
                                           and _is_connection(node, fragments)):
                answer[key] = self._connection(record.children.get(name, []), node, fragments)
            else:
                answer[key] = self.render(record.fields.get(name), node.selection_set,
                                          fragments)
        return answer

    def _connection(self, gids: list[str], node: FieldNode,
                    fragments: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for part in _fields(node.selection_set, fragments):
            name, key = part.name.value, _key(part)
            if name == "nodes":
                answer[key] = [self.render(_Ref(g), part.selection_set, fragments)
                               for g in gids]
            elif name == "edges":
                answer[key] = [{"cursor": None, "node": self.render(
                    _Ref(g), _sub(part, "node", fragments), fragments)} for g in gids]
            elif name == "pageInfo":
                answer[key] = {_key(f): _LAST_PAGE.get(f.name.value)
                               for f in _fields(part.selection_set, fragments)}
            else:
                answer[key] = None
        return answer

    def overlay(self, value: Any, selection: SelectionSetNode | None,
                fragments: dict[str, FragmentDefinitionNode]) -> Any:
        """Shopify's answer `value` with the preview's changes over it: the changed fields
        of a record it changed, and the records it added to a connection (on its last
        page)."""
        if isinstance(value, list):
            return [self.overlay(v, selection, fragments) for v in value]
        if not isinstance(value, dict) or selection is None:
            return value
        record = self.records.get(value.get("id")) if isinstance(value.get("id"), str) \
            else None
        for node in _fields(selection, fragments):
            name, key = node.name.value, _key(node)
            if key not in value:
                continue
            if record is not None and name in record.children and isinstance(value[key],
                                                                                dict):
                value[key] = self._extend(value[key], record.children[name], node,
                                          fragments)
            elif record is not None and name in record.fields and name != "id":
                mine = self.render(record.fields[name], node.selection_set, fragments)
                value[key] = _merge(value[key], mine) if isinstance(value[key], dict) \
                    and isinstance(mine, dict) else mine
            else:
                value[key] = self.overlay(value[key], node.selection_set, fragments)
        return value

    def _extend(self, page: dict[str, Any], gids: list[str], node: FieldNode,
                fragments: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        if (page.get("pageInfo") or {}).get("hasNextPage"):
            return self.overlay(page, node.selection_set, fragments)
        page = self.overlay(page, node.selection_set, fragments)
        mine = self._connection(gids, node, fragments)
        for name in ("nodes", "edges"):
            if isinstance(page.get(name), list) and name in mine:
                page[name] = page[name] + mine[name]
        return page


class PreviewClient(ShopifyClient):
    """The shop's client for one preview: queries sent, mutations held and answered.

    Attributes:
        held: every mutation the preview did not send, in order.
        shop: what the held mutations made or changed (`PreviewShop`).
    """

    def __init__(self, client: ShopifyClient, now: dt.datetime | None = None) -> None:
        # The real client's state, shared (its http connection, cost bucket, counters),
        # not a second session: a preview is paced and counted like the sync it stands for.
        vars(self).update(vars(client))
        self.held: list[HeldMutation] = []
        self.shop = PreviewShop(now)

    async def execute(self, operation: Operation | str,
                      variables: dict[str, Any] | None = None) -> dict[str, Any]:
        op = operations.load(operation) if isinstance(operation, str) else operation
        values = dict(variables or {})
        definition, fragments = _parts(op.document)
        if op.is_mutation and op.name not in READING_MUTATIONS:
            self.held.append(HeldMutation(op.name, values))
            return self._answer(op.name, values, definition, fragments)
        if op.is_mutation:
            return await super().execute(op, values)
        if _names_made(self.shop, values):  # Shopify does not have it: answered here
            return self._read_made(definition, fragments, values)
        data = await super().execute(op, values)
        return self.shop.overlay(data, definition.selection_set, fragments)

    def _read_made(self, definition: OperationDefinitionNode,
                   fragments: dict[str, FragmentDefinitionNode],
                   values: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for node in _fields(definition.selection_set, fragments):
            arguments = {a.name.value: value_from_ast_untyped(a.value, values)
                         for a in node.arguments}
            gid = arguments.get("id")
            answer[_key(node)] = self.shop.render(_Ref(gid), node.selection_set, fragments) \
                if isinstance(gid, str) else None
        return answer

    def _answer(self, name: str, values: dict[str, Any], definition: OperationDefinitionNode,
                fragments: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        """Shopify's answer to held mutation `name`, the preview shop changed as it said."""
        payload = _apply(self.shop, name, values)
        answer: dict[str, Any] = {}
        for node in _fields(definition.selection_set, fragments):
            answer[_key(node)] = self.shop.render(payload, node.selection_set, fragments)
        return answer


# --- what each mutation does to the preview shop ------------------------------------------


def _apply(shop: PreviewShop, name: str, v: dict[str, Any]) -> dict[str, Any]:
    """Apply mutation `name` with variables `v` to `shop`; its payload (userErrors empty)."""
    payload: dict[str, Any] = {"userErrors": [], "orderCancelUserErrors": []}
    if name == "CustomerCreate":
        data = dict(v["input"])
        addresses = data.pop("addresses", None) or []
        gid = shop.make("Customer", {"tags": [], "taxExempt": False, "state": "DISABLED",
                                     "verifiedEmail": False, **data})
        for i, address in enumerate(addresses):
            _add_address(shop, gid, address, default=i == 0)
        payload["customer"] = _Ref(gid)
    elif name == "CustomerUpdate":
        data = dict(v["input"])
        data.pop("addresses", None)
        shop.change(data.pop("id"), data)
        payload["customer"] = _Ref(v["input"]["id"])
    elif name == "CustomerAddressCreate":
        payload["address"] = _Ref(_add_address(shop, v["customerId"], v["address"],
                                               default=bool(v.get("setAsDefault"))))
    elif name == "CustomerAddressUpdate":
        shop.change(v["addressId"], _mailing(v["address"]), stamp=False)
        if v.get("setAsDefault"):
            shop.change(v["customerId"], {"defaultAddress": _Ref(v["addressId"])})
        payload["address"] = _Ref(v["addressId"])
    elif name == "CustomerSendAccountInvite":
        payload["customer"] = _Ref(v["customerId"])
    else:
        payload.update(_apply_company(shop, name, v) or _apply_order(shop, name, v))
    return payload


def _add_address(shop: PreviewShop, customer: str, address: dict[str, Any], *,
                 default: bool) -> str:
    gid = shop.make("MailingAddress", _mailing(address))
    shop.attach(customer, "addressesV2", gid)
    shop.attach(customer, "addresses", gid)
    if default:
        shop.change(customer, {"defaultAddress": _Ref(gid)})
    return gid


def _mailing(address: dict[str, Any]) -> dict[str, Any]:
    values = dict(address)
    if "countryCode" in values:
        values["countryCodeV2"] = values["countryCode"]
    return values


def _apply_company(shop: PreviewShop, name: str, v: dict[str, Any]) -> dict[str, Any] | None:
    if name == "CompanyCreate":
        data = v["input"]
        gid = shop.make("Company", data.get("company") or {})
        if data.get("companyLocation"):
            _add_location(shop, gid, data["companyLocation"])
        if data.get("companyContact"):
            contact = _add_contact(shop, gid, data["companyContact"])
            shop.change(gid, {"mainContact": _Ref(contact)}, stamp=False)
        return {"company": _Ref(gid)}
    if name == "CompanyLocationCreate":
        return {"companyLocation": _Ref(_add_location(shop, v["companyId"], v["input"]))}
    if name == "CompanyContactCreate":
        return {"companyContact": _Ref(_add_contact(shop, v["companyId"], v["input"]))}
    if name == "CompanyAssignMainContact":
        shop.change(v["companyId"], {"mainContact": _Ref(v["companyContactId"])})
        return {"company": _Ref(v["companyId"])}
    if name == "CompanyUpdate":
        shop.change(v["companyId"], v["input"])
        return {"company": _Ref(v["companyId"])}
    if name == "CompanyContactUpdate":
        shop.change(v["companyContactId"], {"customer": v["input"]})
        return {"companyContact": _Ref(v["companyContactId"])}
    if name == "CompanyLocationUpdate":
        shop.change(v["companyLocationId"], v["input"])
        return {"companyLocation": _Ref(v["companyLocationId"])}
    if name == "CompanyLocationAssignAddress":
        made = []
        for kind in v.get("addressTypes") or ():
            address = shop.make("CompanyAddress", v["address"])
            shop.change(v["locationId"], {f"{str(kind).lower()}Address": _Ref(address)})
            made.append(_Ref(address))
        return {"addresses": made}
    if name == "CompanyLocationTaxSettingsUpdate":
        shop.change(v["companyLocationId"],
                    {"taxSettings": {"taxRegistrationId": v.get("taxRegistrationId")}})
        return {"companyLocation": _Ref(v["companyLocationId"])}
    return None


def _add_location(shop: PreviewShop, company: str, values: dict[str, Any]) -> str:
    data = dict(values)
    addresses = {kind: data.pop(f"{kind}Address", None) for kind in ("billing", "shipping")}
    if data.pop("billingSameAsShipping", False):
        addresses["billing"] = addresses["shipping"]
    tax = data.pop("taxRegistrationId", None)
    gid = shop.make("CompanyLocation", {**data, "taxSettings": {
        "taxRegistrationId": tax, "taxExempt": False}})
    for kind, address in addresses.items():
        if address:
            shop.change(gid, {f"{kind}Address": _Ref(shop.make("CompanyAddress", address))},
                        stamp=False)
    shop.attach(company, "locations", gid)
    return gid


def _add_contact(shop: PreviewShop, company: str, values: dict[str, Any]) -> str:
    customer = shop.make("Customer", values)
    gid = shop.make("CompanyContact", {"customer": _Ref(customer)})
    shop.attach(company, "contacts", gid)
    return gid


def _apply_order(shop: PreviewShop, name: str, v: dict[str, Any]) -> dict[str, Any]:
    if name == "OrderUpdateAttributes":
        data = dict(v["input"])
        shop.change(data.pop("id"), data)
        return {"order": _Ref(v["input"]["id"])}
    if name == "OrderClose":
        shop.change(v["input"]["id"], {"closed": True, "closedAt": shop.now()})
        return {"order": _Ref(v["input"]["id"])}
    if name == "OrderMarkAsPaid":
        shop.change(v["input"]["id"], {"fullyPaid": True, "displayFinancialStatus": "PAID"})
        return {"order": _Ref(v["input"]["id"])}
    if name == "OrderCancel":
        shop.change(v["orderId"], {"cancelledAt": shop.now()})
        return {"job": {"id": shop.make("Job"), "done": True}}
    if name == "FulfillmentCreate":
        return {"fulfillment": _Ref(shop.make("Fulfillment", {"status": "SUCCESS"}))}
    if name == "DraftOrderCreate":
        return {"draftOrder": _Ref(shop.make("DraftOrder", {"status": "OPEN"}))}
    if name == "DraftOrderComplete":
        order = shop.make("Order", {"displayFinancialStatus": "PAID"})
        shop.change(v["id"], {"status": "COMPLETED", "order": _Ref(order)})
        return {"draftOrder": _Ref(v["id"])}
    if name == "StagedUploadsCreate":
        # No upload target: a bulk write (`shopify.bulk_mutations`) stops before sending
        # anything, and its caller writes the records one by one instead, which the preview
        # holds and answers record by record (the same outcome per record).
        return {"stagedTargets": []}
    return {}  # a mutation no sync sends: answered with no userErrors and no record


# --- GraphQL documents ---------------------------------------------------------------------


def _parts(document: DocumentNode) -> tuple[OperationDefinitionNode,
                                            dict[str, FragmentDefinitionNode]]:
    definition = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    return definition, fragments


def _fields(selection: SelectionSetNode | None,
            fragments: dict[str, FragmentDefinitionNode]) -> Iterator[FieldNode]:
    """The fields of a selection, fragments spread in."""
    for node in selection.selections if selection is not None else ():
        if isinstance(node, FieldNode):
            yield node
        elif isinstance(node, FragmentSpreadNode):
            yield from _fields(fragments[node.name.value].selection_set, fragments)
        elif isinstance(node, InlineFragmentNode):
            yield from _fields(node.selection_set, fragments)


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias is not None else node.name.value


def _sub(node: FieldNode, name: str,
         fragments: dict[str, FragmentDefinitionNode]) -> SelectionSetNode | None:
    return next((f.selection_set for f in _fields(node.selection_set, fragments)
                 if f.name.value == name), None)


def _is_connection(node: FieldNode, fragments: dict[str, FragmentDefinitionNode]) -> bool:
    names = {f.name.value for f in _fields(node.selection_set, fragments)}
    return bool(names & {"nodes", "edges"})


def _fields_of(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of a mutation's input as a record's fields (the job's variables untouched)."""
    return copy.deepcopy(dict(values))


def _merge(target: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` written over `target` (nested dicts merged, not replaced); `target`."""
    for k, v in values.items():
        if isinstance(v, dict) and isinstance(target.get(k), dict):
            _merge(target[k], v)
        else:
            target[k] = v
    return target


def _names_made(shop: PreviewShop, values: Any) -> bool:
    """Whether variables `values` name a record the preview made."""
    if isinstance(values, dict):
        return any(_names_made(shop, v) for v in values.values())
    if isinstance(values, list):
        return any(_names_made(shop, v) for v in values)
    return shop.is_made(values)
