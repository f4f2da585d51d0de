"""Canary test: a distinctive token and client secret, used for a whole session, leak nowhere.

A realistic session runs through the real command line against `shop-sync demo-shop serve`
processes: shops added, the secrets piped to `token set` on stdin, customers imported and
synced both ways (bulk, then incremental pages, with customerCreate for the uploads), a
client-credentials shop, and the failures a merchant meets: a token refused with HTTP 401
and a client id refused by the token endpoint. Then every file under the data folder (the
database and whatever -wal/-shm, logs, backups, demo state and lock files exist), the servers'
request logs, every captured stdout/stderr, and the texts of exceptions raised in-process are
scanned for the canaries, raw and encoded (base64 at every alignment, URL-encoded, hex,
UTF-16). A control check plants a canary and proves the scanner finds it.

The keyring: under `dbus-run-session` with gnome-keyring (DBUS_SESSION_BUS_ADDRESS set) the
real Secret Service is used; otherwise `canary_keyring.ObfuscatingFileKeyring`, a store
shared by the child processes that holds no secret in plain text.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import subprocess
import sys
import traceback
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from demo_process import REPO, SHORT_WAITS, ServedShop, child_env, shop_sync_command

from desktop_app.errors import AuthError
from desktop_app.shopify import ClientCredentials, ShopAddress, ShopifyClient, StaticToken

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
CLI_TIMEOUT_S = 120
#: A demo shop that accepts only the tokens it issued itself: any static token gets HTTP 401.
STRICT_SERVER = """
import asyncio, signal, sys
from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.demo_shop.server import serve, stop

async def main(log_path):
    backend = ShopBackend.generate(seed=2, customers=20)
    shop = DemoShop(backend, accept_any_token=False, request_log=log_path)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    server, port = await serve(shop, "127.0.0.1", 0)
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    try:
        await stopping.wait()
    finally:
        await stop(server)
        shop.close()
        backend.close()

asyncio.run(main(sys.argv[1]))
"""


# --- the scanner ---------------------------------------------------------------------------


def encoded_forms(secret: str) -> dict[str, bytes]:
    """The byte patterns under which `secret` could sit in a file or an output.

    Base64 depends on where the secret starts inside the encoded data: for each of the three
    alignments only the characters that come from the secret's bytes alone are kept.
    """
    raw = secret.encode("utf-8")
    forms = {
        "raw": raw,
        "url": urllib.parse.quote(secret, safe="").encode(),
        "url_plus": urllib.parse.quote_plus(secret).encode(),
        "hex": raw.hex().encode(),
        "HEX": raw.hex().upper().encode(),
        "utf16": secret.encode("utf-16-le"),
    }
    for pad in range(3):
        for name, encode in (("b64", base64.b64encode), ("b64url", base64.urlsafe_b64encode)):
            text = encode(b"\0" * pad + raw)
            start = 4 if pad else 0  # the first quantum mixes in the padding bytes
            forms[f"{name}@{pad}"] = text[start:-4]  # the last quantum depends on what follows
    return forms


@dataclass
class Finding:
    where: str
    secret_name: str
    form: str


@dataclass
class Scanner:
    """Looks for the canaries, in every encoded form, in files and texts."""

    canaries: dict[str, str]
    scanned_files: list[Path] = field(default_factory=list)
    scanned_texts: list[str] = field(default_factory=list)

    def _patterns(self) -> Iterable[tuple[str, str, bytes]]:
        for name, secret in self.canaries.items():
            for form, pattern in encoded_forms(secret).items():
                yield name, form, pattern

    def scan_bytes(self, where: str, data: bytes) -> list[Finding]:
        lowered = data.lower()
        found = []
        for name, form, pattern in self._patterns():
            # Case-insensitive for the text forms; base64 is case-sensitive by nature.
            hit = pattern in data if form.startswith("b64") else pattern.lower() in lowered
            if hit:
                found.append(Finding(where, name, form))
        return found

    def scan_tree(self, root: Path) -> list[Finding]:
        found = []
        for path in sorted(root.rglob("*")):
            if path.is_file():
                self.scanned_files.append(path)
                found += self.scan_bytes(str(path), path.read_bytes())
        return found

    def scan_text(self, where: str, text: str) -> list[Finding]:
        self.scanned_texts.append(where)
        return self.scan_bytes(where, text.encode("utf-8", errors="surrogateescape"))


def exception_texts(exc: BaseException) -> str:
    """Everything an exception can show: str, repr, args, the traceback and its chain."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), repr(current.args),
                  repr(getattr(current, "details", None)), repr(vars(current))]
        current = current.__cause__ or current.__context__
    parts.append("".join(traceback.format_exception(exc)))
    return "\n".join(parts)


# --- the session -----------------------------------------------------------------------------


@dataclass
class Session:
    """Runs `shop-sync` commands as processes and keeps everything they printed."""

    data_dir: Path
    env: dict[str, str]
    outputs: list[tuple[str, str]] = field(default_factory=list)

    def run(self, *args: str, stdin: str | None = None, expect: int | None = 0) -> str:
        argv = [*shop_sync_command(), "--data-dir", str(self.data_dir), *args]
        result = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, env=self.env,
            timeout=CLI_TIMEOUT_S, cwd=REPO,
        )
        label = " ".join(args)
        self.outputs.append((f"stdout of `{label}`", result.stdout))
        self.outputs.append((f"stderr of `{label}`", result.stderr))
        if expect is not None:
            assert result.returncode == expect, (label, result.returncode, result.stderr[-2000:])
        return result.stdout


def keyring_env(tmp_path: Path) -> dict[str, str]:
    """The real Secret Service under a D-Bus session, else the obfuscating test backend."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return {}
    paths = [str(HERE)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {
        "PYTHON_KEYRING_BACKEND": "canary_keyring.ObfuscatingFileKeyring",
        "CANARY_KEYRING_FILE": str(tmp_path / "keyring" / "store.json"),
        "PYTHONPATH": os.pathsep.join([str(REPO), *paths]),
    }


def _new_canaries() -> dict[str, str]:
    return {
        # Shaped like an Admin API token, as merchants paste them.
        "token": "shpat_CANARY" + secrets.token_hex(16),
        # Not token-shaped: the log filter's pattern cannot hide a leak of this one.
        "client_secret": "CanarySecret-" + secrets.token_hex(16),
    }


@pytest.mark.slow
async def test_canaries_leak_nowhere_in_a_whole_session(
    demo_server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    canaries = _new_canaries()
    token, client_secret = canaries["token"], canaries["client_secret"]
    data_dir = tmp_path / "data"
    (tmp_path / "keyring").mkdir()
    env = child_env({**keyring_env(tmp_path), **SHORT_WAITS})  # no second per bulk poll
    session = Session(data_dir, env)
    caplog.set_level(logging.DEBUG)

    shop = demo_server("--customers", "300", "--seed", "3")
    strict = demo_server(
        command=[sys.executable, "-c", STRICT_SERVER, str(tmp_path / "strict-requests.jsonl")],
        request_log=False,
    )
    servers: list[ServedShop] = [shop, strict]

    # A shop with a permanent token: bulk import, upload of local customers, then pages.
    session.run("shop", "add", "MAIN", "--api-url", shop.url)
    stored = json.loads(session.run("token", "set", "MAIN", "--json", stdin=token + "\n"))
    assert stored["keyring"] == "system", stored  # else the token dies with the process
    session.run("templates", "add", "RETAIL")
    session.run("shop", "set", "MAIN", "customer_import=all", "auto_create_customers=true",
                "customer_template=RETAIL", "export_customers=true")
    session.run("customers", "import", str(REPO / "tests/fixtures/csv/customers_sample.csv"))
    session.run("customers", "assign-web-upload", "C10001", "C10002", "C10003")
    first = json.loads(session.run("sync", "customers", "--shop", "MAIN", "--json", expect=1))
    assert first["created"] > 200 and first["requests"] > 3, first  # it really talked
    again = json.loads(session.run("sync", "customers", "--shop", "MAIN", "--json", expect=1))
    assert again["requests"] >= 1
    session.run("customers", "list", "--json")
    session.run("shop", "show", "MAIN", "--json")

    # A custom app with the client-credentials flow: the secret is exchanged for a token.
    session.run("shop", "add", "APP", "--api-url", shop.url, "--client-id", "demo-client-id")
    session.run("token", "set", "APP", "--client-secret", stdin=client_secret + "\n")
    session.run("shop", "set", "APP", "customer_import=all")
    app_sync = json.loads(session.run("sync", "customers", "--shop", "APP", "--json", expect=None))
    assert app_sync["requests"] >= 1, app_sync

    # Failures: a static token refused (HTTP 401), a client id refused by the token endpoint.
    session.run("shop", "add", "STRICT", "--api-url", strict.url)
    session.run("token", "set", "STRICT", stdin=token + "\n")
    # (MAIN's Web Upload ticks are MAIN's only, issue 14: STRICT imports to have work to do.)
    session.run("shop", "set", "STRICT", "customer_import=all")
    session.run("sync", "customers", "--shop", "STRICT", "--json", expect=2)
    assert "401" in session.outputs[-1][1], session.outputs[-1]
    session.run("shop", "add", "BADAPP", "--api-url", shop.url, "--client-id", "not-our-app")
    session.run("token", "set", "BADAPP", "--client-secret", stdin=client_secret + "\n")
    session.run("shop", "set", "BADAPP", "customer_import=all")
    session.run("sync", "customers", "--shop", "BADAPP", "--json", expect=2)
    # The built-in demo shop too, so its saved state is among the files scanned.
    session.run("shop", "add", "DEMO", "--demo")
    session.run("shop", "set", "DEMO", "customer_import=all")
    session.run("sync", "customers", "--shop", "DEMO", "--json", expect=None)
    session.run("log", "--json")
    session.run("shop", "list", "--json")

    # The same failures in-process, with the client's DEBUG logging on (no redacting filter
    # between the client and caplog: the client's own hooks must keep the header out).
    exceptions: list[BaseException] = []

    async def the_token() -> str:
        return token

    async def the_secret() -> str:
        return client_secret

    async with ShopifyClient(ShopAddress.parse(strict.url), StaticToken(the_token)) as client:
        with pytest.raises(AuthError) as refused:
            await client.execute("ShopInfo")
        exceptions.append(refused.value)
    bad_app = ClientCredentials(ShopAddress.parse(shop.url), "not-our-app", the_secret)
    async with ShopifyClient(ShopAddress.parse(shop.url), bad_app) as client:
        with pytest.raises(AuthError) as refused:
            await client.execute("ShopInfo")
        exceptions.append(refused.value)
    good_app = ClientCredentials(ShopAddress.parse(shop.url), "demo-client-id", the_secret)
    async with ShopifyClient(ShopAddress.parse(shop.url), good_app) as client:
        assert (await client.execute("ShopInfo"))["shop"]["name"]
        exceptions.append(RuntimeError(repr(client) + repr(good_app) + repr(client.stats)))
    assert "401" in str(exceptions[0])

    for server in servers:  # stop them so their files are complete
        server.process.terminate()
        server.process.wait(timeout=10)

    scanner = Scanner(canaries)
    findings = scanner.scan_tree(data_dir)
    for server in servers:
        if server.request_log is not None:
            findings += scanner.scan_bytes(str(server.request_log),
                                           server.request_log.read_bytes())
        for name, lines in (("stdout", server.stdout_lines), ("stderr", server.stderr_lines)):
            findings += scanner.scan_text(f"{name} of server {server.url}", "".join(lines))
    strict_log = tmp_path / "strict-requests.jsonl"
    findings += scanner.scan_bytes(str(strict_log), strict_log.read_bytes())
    for where, text in session.outputs:
        findings += scanner.scan_text(where, text)
    for exc in exceptions:
        findings += scanner.scan_text(f"exception {type(exc).__name__}", exception_texts(exc))
    findings += scanner.scan_text("in-process DEBUG log", caplog.text)

    print(f"\ncanary scan: {len(scanner.scanned_files)} files "
          f"({sorted({p.name for p in scanner.scanned_files})}), "
          f"{len(scanner.scanned_texts)} texts, {len(encoded_forms(token))} forms each")
    assert findings == [], "\n".join(f"{f.secret_name} ({f.form}) in {f.where}" for f in findings)

    # The scan looked where the secrets would be: the files were there and had content...
    names = {p.name for p in scanner.scanned_files}
    assert {"shop_sync.sqlite3", "shop-sync.log", "DEMO.json"} <= names, names
    assert shop.request_log is not None and shop.request_log.stat().st_size > 0
    assert strict_log.stat().st_size > 0
    assert "[REDACTED]" in caplog.text  # the client did log its request headers, redacted
    # ...and the same scan finds a canary planted beside them (control).
    for name, secret in canaries.items():
        planted = data_dir / "logs" / f"planted-{name}.txt"
        planted.write_text(f"some text {secret} more text\n")
        hits = Scanner({name: secret}).scan_tree(data_dir)
        planted.unlink()
        assert any(h.form == "raw" for h in hits), hits
        assert all(Path(h.where) == planted for h in hits), hits


@pytest.mark.parametrize("form", ["raw", "url", "hex", "utf16", "b64", "b64url"])
@pytest.mark.parametrize("offset", [0, 1, 2, 5])
def test_scanner_finds_a_planted_canary(tmp_path: Path, form: str, offset: int) -> None:
    """Control: the scanner finds each encoding of a canary, wherever it sits in a file."""
    secret = "shpat_CANARY" + secrets.token_hex(16) + "/+?&="  # characters URL-encoding changes
    raw = secret.encode()
    encoded = {
        "raw": raw,
        "url": urllib.parse.quote(secret, safe="").encode(),
        "hex": raw.hex().encode(),
        "utf16": secret.encode("utf-16-le"),
        # Embedded inside a larger base64 blob, starting at an arbitrary byte.
        "b64": base64.b64encode(os.urandom(offset) + raw + os.urandom(7)),
        "b64url": base64.urlsafe_b64encode(os.urandom(offset) + raw + os.urandom(3)),
    }[form]
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    (folder / "clean.bin").write_bytes(os.urandom(4096))
    (folder / "dirty.bin").write_bytes(os.urandom(100 + offset) + encoded + os.urandom(50))
    hits = Scanner({"token": secret}).scan_tree(tmp_path / "data")
    assert hits, f"{form} at offset {offset} not found"
    assert {Path(h.where).name for h in hits} == {"dirty.bin"}
    assert Scanner({"token": "shpat_CANARY" + secrets.token_hex(16)}).scan_tree(
        tmp_path / "data") == []
