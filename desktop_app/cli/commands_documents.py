"""`shop-sync documents ...`, `shipping-agents ...` and `gift-cards ...`: local sales
documents and what goes with them."""

from __future__ import annotations

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, Output, UsageError


def cmd_documents(args, out: Output, services) -> int:
    from desktop_app.store import orders as order_store

    if args.action == "list":
        docs = order_store.documents_for_cli()
        out.result(docs, lambda: "\n".join(
            f"{d['no']:<10} {d['type']:<12} {d['customer_no']:<10} {d['total']:>12} "
            f"{d['currency']} {d['shopify_order_id'] or ''}"
            for d in docs
        ) or "No documents.")
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
    if args.action == "reset":
        kind = local_runs.reset_document(args.doc_no)
        out.result({"no": args.doc_no, "kind": kind}, f"{kind} {args.doc_no} will be retried.")
        return EXIT_OK
    if args.action == "shipments":
        rows = shipments.shipments_for_cli()
        out.result(rows, lambda: "\n".join(
            f"{r['no']:<10} {r['order_document_no']:<10} {r['fulfillment_id'] or '-'}"
            for r in rows) or "No shipments.")
        return EXIT_OK
    raise UsageError("documents needs an action: list, post-shipment, post-invoice, reset, "
                     "shipments")


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
        out.result(rows, lambda: "\n".join(f"{r['code']:<10} {r['name']}" for r in rows)
                   or "No shipping agents.")
        return EXIT_OK
    raise UsageError("shipping-agents needs an action: set, list")


def cmd_gift_cards(args, out: Output, services) -> int:
    from desktop_app.store import gift_cards

    if args.action == "list":
        shop = resolve_shop(args.shop) if args.shop else None
        rows = gift_cards.gift_cards_for_cli(shop)
        out.result(rows, lambda: "\n".join(
            f"****{r['last_characters']:<4} {r['initial_value']:>10} {r['balance']:>10} "
            f"{r['currency']}" for r in rows) or "No gift cards.")
        return EXIT_OK
    raise UsageError("gift-cards needs an action: list")
