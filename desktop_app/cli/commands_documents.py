"""`shop-sync documents ...`, `shipping-agents ...` and `gift-cards ...`: local sales
documents and what goes with them."""

from __future__ import annotations

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, Output, UsageError


def cmd_documents(args, out: Output, services) -> int:
    from desktop_app.store import orders as order_store

    if args.action == "list":
        docs = order_store.documents_for_cli()
        out.rows(docs, lambda d: (
            f"{d['no']:<10} {d['type']:<12} {d['customer_no']:<10} {d['total']:>12} "
            f"{d['currency']} {d['shopify_order_id'] or ''}"
        ), "No documents.")
        return EXIT_OK
    from decimal import Decimal, InvalidOperation

    from desktop_app.store import shipments
    from desktop_app.sync import local_runs  # the recorded runs of commands of no shop

    if args.action == "post-shipment":
        quantities = None
        if args.line:
            quantities = {}
            for item in args.line:
                line_no, _, qty = item.partition("=")
                try:
                    quantities[int(line_no)] = Decimal(qty)
                except (ValueError, InvalidOperation):
                    raise UsageError(f"--line takes LINE_NO=QTY, not '{item}'") from None
        shipment = local_runs.post_shipment(args.doc_no, agent_code=args.agent,
                                            tracking_no=args.tracking, quantities=quantities)
        data = next(s for s in shipments.shipments_for_cli() if s["no"] == shipment.no)
        out.result(data, f"Shipment {shipment.no} posted for {args.doc_no} "
                         f"({len(shipment.lines)} lines).")
        return EXIT_OK
    if args.action == "post-invoice":
        try:
            remaining = None if args.remaining is None else Decimal(args.remaining)
        except InvalidOperation:
            raise UsageError(f"--remaining takes an amount, not '{args.remaining}'") from None
        invoice = local_runs.post_invoice(args.doc_no, remaining=remaining)
        data = {"no": invoice.no, "type": "invoice", "customer_no": invoice.sell_to_customer_no,
                "total": str(invoice.total.quantize(Decimal("0.01"))),
                "currency": invoice.currency, "remaining_amount":
                str(invoice.remaining_amount.quantize(Decimal("0.01"))),
                "shopify_order_id": invoice.shopify_order_id}
        out.result(data, f"Invoice {invoice.no} posted (Shopify Order ID "
                         f"{invoice.shopify_order_id}).")
        return EXIT_OK
    if args.action == "add-invoice":
        return _add_invoice(args, out)
    if args.action == "reset":
        kind = local_runs.reset_document(args.doc_no)
        out.result({"no": args.doc_no, "kind": kind}, f"{kind} {args.doc_no} will be retried.")
        return EXIT_OK
    if args.action == "shipments":
        rows = shipments.shipments_for_cli()
        out.rows(rows, lambda r: (
            f"{r['no']:<10} {r['order_document_no']:<10} {r['fulfillment_id'] or '-'}"
        ), "No shipments.")
        return EXIT_OK
    raise UsageError("documents needs an action: list, post-shipment, post-invoice, "
                     "add-invoice, reset, shipments")


def _add_invoice(args, out: Output) -> int:
    """`documents add-invoice CUSTOMER_NO ITEM=QTY[@PRICE]... [--account CODE=AMOUNT[:TEXT]]
    [--post [--remaining AMOUNT]]`: the engine of the window's New sales invoice."""
    from decimal import Decimal, InvalidOperation

    from desktop_app.store import orders as order_store
    from desktop_app.store.invoice_entry import EntryLine
    from desktop_app.sync.invoice_entry import add_invoice

    lines = []
    try:
        for text in args.lines:
            no, _, rest = text.partition("=")
            qty, _, price = rest.partition("@")
            lines.append(EntryLine("item", no, Decimal(qty),
                                   Decimal(price) if price else _item_price(no)))
        for text in args.account:
            code, _, rest = text.partition("=")
            amount, _, description = rest.partition(":")
            lines.append(EntryLine("gl_account", code, Decimal(1), Decimal(amount),
                                   description))
        remaining = None if args.remaining is None else Decimal(args.remaining)
    except InvalidOperation:
        raise UsageError("lines are ITEM=QTY[@PRICE] and --account CODE=AMOUNT[:TEXT], "
                         "with numbers for QTY, PRICE, AMOUNT and --remaining") from None
    added = add_invoice(resolve_shop(args.shop), args.customer_no, lines, post=args.post,
                        remaining=remaining)  # refused values: InvoiceEntryError, exit 1
    data = next(d for d in order_store.documents_for_cli() if d["no"] == added.no)
    out.result(data, f"Invoice {added.no} {'posted' if args.post else 'saved'} "
                     f"({data['total']} {data['currency']}).")
    return EXIT_OK


def _item_price(no: str):
    """The unit price of item `no` (0 when there is no such item: the check names it)."""
    from decimal import Decimal

    from desktop_app.errors import NotFoundError
    from desktop_app.store import items

    try:
        return items.get_item(no).unit_price
    except NotFoundError:
        return Decimal(0)


def cmd_shipping_agents(args, out: Output, services) -> int:
    from desktop_app.store import shipments
    from desktop_app.sync import setup_runs  # a recorded run, as the window's would be

    if args.action == "set":
        row = setup_runs.set_shipping_agent(args.code, name=args.name,
                                            tracking_company=args.tracking_company,
                                            tracking_url=args.tracking_url)
        out.result(row.__dict__, f"Shipping agent {row.code} saved.")
        return EXIT_OK
    if args.action == "list":
        rows = [r.__dict__ for r in shipments.list_shipping_agents()]
        out.rows(rows, lambda r: f"{r['code']:<10} {r['name']}", "No shipping agents.")
        return EXIT_OK
    raise UsageError("shipping-agents needs an action: set, list")


def cmd_gift_cards(args, out: Output, services) -> int:
    from desktop_app.store import gift_cards

    if args.action == "list":
        shop = resolve_shop(args.shop) if args.shop else None
        rows = gift_cards.gift_cards_for_cli(shop)
        out.rows(rows, lambda r: (
            f"****{r['last_characters']:<4} {r['initial_value']:>10} {r['balance']:>10} "
            f"{r['currency']}"
        ), "No gift cards.")
        return EXIT_OK
    raise UsageError("gift-cards needs an action: list")
