"""The options of `shop-sync demo-shop serve`.

Apart from `server.py` so that the command line builds its parser without loading the demo
shop (its GraphQL schema, state and resolvers: about a fifth of a second of every command).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.demo_shop.plans import PLANS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``shop-sync demo-shop serve`` to `parser`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (0: any free port)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a non-loopback --host (the demo shop has no real auth)")
    parser.add_argument("--state", type=Path, metavar="FILE.json",
                        help="load the shop from a state file instead of generating one")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated shop")
    parser.add_argument("--customers", type=int, default=50, help="customers to generate")
    parser.add_argument("--orders", type=int, default=0, help="orders to generate")
    parser.add_argument("--plan", choices=sorted(PLANS), default=None,
                        help="rate-limit plan (default: the shop's)")
    parser.add_argument("--fault-rate", type=float, default=0.0, metavar="P",
                        help="share of GraphQL requests that fail (0..1)")
    parser.add_argument("--latency-ms", type=float, default=0.0, metavar="N",
                        help="delay added to every answer")
    parser.add_argument("--request-log", type=Path, metavar="FILE",
                        help="append one JSON line per GraphQL request to FILE")
