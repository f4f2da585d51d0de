"""The demo shop on a real loopback socket: ``shop-sync demo-shop serve``.

A small HTTP/1.1 server on ``asyncio.start_server``: persistent connections (keep-alive),
``Content-Length`` and chunked request bodies, a deep accept backlog, and one task per
connection, so dozens of clients are served at once while the GraphQL work itself runs in a
worker thread (see ``shop.py``). Faults act on the socket as they would on the internet: a
dropped connection closes it without a byte of answer.

The shop has no real authentication, so it listens on loopback only unless the operator
passes ``--allow-remote``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from desktop_app.demo_shop.serve_options import add_arguments  # noqa: F401 (re-exported)
from desktop_app.demo_shop.shop import DemoRequest, DemoResponse, DemoShop, http_date

logger = logging.getLogger(__name__)

BACKLOG = 256
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024
IDLE_TIMEOUT_S = 75.0
_CHUNK = 64 * 1024
_REASONS = {
    200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 411: "Length Required",
    413: "Payload Too Large", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable",
}


class _BadRequest(Exception):
    """The bytes on the wire are not an HTTP/1.1 request we can answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class _Connection:
    """Serves the requests arriving on one connection, one after the other."""

    def __init__(
        self,
        shop: DemoShop,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        base_url: str,
    ) -> None:
        self.shop = shop
        self.reader = reader
        self.writer = writer
        self.base_url = base_url

    async def serve(self) -> None:
        try:
            while True:
                try:
                    request, keep_alive = await self._read_request()
                except _BadRequest as exc:
                    await self._write_simple(exc.status, str(exc))
                    return
                if request is None:
                    return
                response = await self.shop.handle(request)
                if response.delay_s > 0:
                    await self.shop.sleep(response.delay_s)
                if response.drop_connection:
                    self.writer.transport.abort()
                    return
                await self._write_response(response, keep_alive, request.method == "HEAD")
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            return
        finally:
            with contextlib.suppress(Exception):
                self.writer.close()

    async def _read_request(self) -> tuple[DemoRequest | None, bool]:
        """The next request, or ``(None, False)`` when the client hung up or went idle."""
        try:
            head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT_S)
        except asyncio.IncompleteReadError as exc:
            if exc.partial.strip():
                raise _BadRequest(400, "incomplete request head") from exc
            return None, False
        except asyncio.LimitOverrunError as exc:
            raise _BadRequest(431, "request head too large") from exc
        except TimeoutError:
            return None, False
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _BadRequest(400, "malformed request line")
        method, target, version = parts
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if not line:
                continue
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise _BadRequest(400, "malformed header line")
            headers.append((name, value.strip()))
        lookup = {k.lower(): v for k, v in headers}
        connection = lookup.get("connection", "").lower()
        keep_alive = (
            "close" not in connection
            if version == "HTTP/1.1"
            else "keep-alive" in connection
        )
        body = await self._read_body(lookup)
        request = DemoRequest(method.upper(), target, dict(headers), body, self.base_url)
        return request, keep_alive

    async def _read_body(self, headers: dict[str, str]) -> bytes:
        encoding = headers.get("transfer-encoding", "").lower()
        if encoding:
            if encoding != "chunked":
                raise _BadRequest(501, "unsupported transfer encoding")
            return await self._read_chunked()
        length_text = headers.get("content-length")
        if length_text is None:
            return b""
        if not length_text.isdigit():
            raise _BadRequest(400, "bad content length")
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            raise _BadRequest(413, "request body too large")
        return await self.reader.readexactly(length) if length else b""

    async def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = await self.reader.readuntil(b"\r\n")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError as exc:
                raise _BadRequest(400, "bad chunk size") from exc
            if size == 0:
                while (await self.reader.readuntil(b"\r\n")) != b"\r\n":
                    pass  # trailers are read and ignored
                return bytes(body)
            if len(body) + size > MAX_BODY_BYTES:  # before reading: a chunk may claim 1 GiB
                raise _BadRequest(413, "request body too large")
            body += await self.reader.readexactly(size)
            await self.reader.readexactly(2)

    async def _write_response(
        self, response: DemoResponse, keep_alive: bool, head_only: bool
    ) -> None:
        headers = dict(response.headers)
        # The shop dates its own answers; the socket's refusals (bad request heads) too.
        headers.setdefault("Date", http_date(self.shop.server_now()))
        size = (
            response.body_path.stat().st_size
            if response.body_path is not None
            else len(response.body or b"")
        )
        headers["Content-Length"] = str(size)
        headers["Connection"] = "keep-alive" if keep_alive else "close"
        status_line = f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Unknown')}\r\n"
        head = status_line + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self.writer.write(head.encode("latin-1"))
        if not head_only:
            if response.body_path is not None:
                await self._write_file(response.body_path)
            elif response.body:
                self.writer.write(response.body)
        await self.writer.drain()

    async def _write_file(self, path: Path) -> None:
        handle = await asyncio.to_thread(path.open, "rb")
        try:
            while chunk := await asyncio.to_thread(handle.read, _CHUNK):
                self.writer.write(chunk)
                await self.writer.drain()
        finally:
            handle.close()

    async def _write_simple(self, status: int, reason: str) -> None:
        body = json.dumps({"errors": reason}).encode()
        await self._write_response(
            DemoResponse(status, {"Content-Type": "application/json; charset=utf-8"}, body),
            keep_alive=False,
            head_only=False,
        )


class DemoServer:
    """Tracks the open connections of one listening socket, so shutdown can close them."""

    def __init__(self, shop: DemoShop) -> None:
        self.shop = shop
        self.base_url = ""
        self._open: dict[asyncio.StreamWriter, asyncio.Task[Any] | None] = {}

    async def on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._open[writer] = asyncio.current_task()
        try:
            await _Connection(self.shop, reader, writer, self.base_url).serve()
        finally:
            self._open.pop(writer, None)

    async def close_connections(self, grace_s: float = 5.0) -> None:
        """Close every connection still open (idle keep-alives included).

        The sockets are aborted rather than the tasks cancelled: each connection then sees
        end-of-file and finishes normally (a request already executing completes first).
        """
        tasks = [t for t in self._open.values() if t is not None]
        for writer in list(self._open):
            writer.transport.abort()
        if tasks:
            await asyncio.wait(tasks, timeout=grace_s)


async def serve(
    shop: DemoShop, host: str = "127.0.0.1", port: int = 0
) -> tuple[asyncio.AbstractServer, int]:
    """Start serving `shop` on `host`:`port` (0 picks a free port).

    Returns:
        The running server (close it with ``server.close()``) and the port it listens on.
    """
    tracker = DemoServer(shop)
    server = await asyncio.start_server(
        tracker.on_connection, host, port, backlog=BACKLOG, limit=MAX_HEADER_BYTES
    )
    actual_port = int(server.sockets[0].getsockname()[1])
    url_host = f"[{host}]" if ":" in host else host
    tracker.base_url = f"http://{url_host}:{actual_port}"
    server.demo_tracker = tracker  # type: ignore[attr-defined]
    logger.info("demo shop serving on %s", tracker.base_url)
    return server, actual_port


async def stop(server: asyncio.AbstractServer) -> None:
    """Stop listening and close the open connections."""
    server.close()
    tracker: DemoServer | None = getattr(server, "demo_tracker", None)
    if tracker is not None:
        await tracker.close_connections()
    await server.wait_closed()


# --- command line ---------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _build_backend(args: argparse.Namespace) -> Any:
    from desktop_app.demo_shop.backend import ShopBackend

    if args.state is not None:
        data = json.loads(Path(args.state).read_text("utf-8"))
        return ShopBackend.from_json(data)
    return ShopBackend.generate(seed=args.seed, customers=args.customers, orders=args.orders)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM; print ``listening on http://HOST:PORT`` once ready.

    Returns:
        The exit code: 0 after a clean stop, 2 when the options are refused.
    """
    if not is_loopback(args.host) and not getattr(args, "allow_remote", False):
        print(f"refusing to listen on {args.host}: the demo shop has no real authentication; "
              "pass --allow-remote to do it anyway", file=sys.stderr)
        return 2
    if not 0.0 <= args.fault_rate <= 1.0:
        print("--fault-rate must be between 0 and 1", file=sys.stderr)
        return 2
    try:
        backend = _build_backend(args)
    except (OSError, ValueError) as exc:
        print(f"cannot load the demo shop: {exc}", file=sys.stderr)
        return 2
    shop = DemoShop(
        backend,
        plan=args.plan,
        fault_rate=args.fault_rate,
        latency_ms=args.latency_ms,
        seed=args.seed,
        request_log=args.request_log,
    )
    try:
        asyncio.run(_serve_until_signalled(shop, args.host, args.port))
    except KeyboardInterrupt:  # where signal handlers are unavailable (Windows)
        logger.info("demo shop interrupted")
    finally:
        shop.close()
        backend.close()
    return 0


async def _serve_until_signalled(shop: DemoShop, host: str, port: int) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still raises
            loop.add_signal_handler(signum, stopping.set)
    server, actual_port = await serve(shop, host, port)
    url_host = f"[{host}]" if ":" in host else host
    print(f"listening on http://{url_host}:{actual_port}", flush=True)
    try:
        await stopping.wait()
    finally:
        logger.info("demo shop stopping")
        await stop(server)
