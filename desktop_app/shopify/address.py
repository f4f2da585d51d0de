"""Shop addresses: the only places the client will ever send credentials to.

Accepted (issue 17: every form a merchant has at hand):
- `name`, `name.myshopify.com`, `https://name.myshopify.com`, and the same with a path
  (`https://name.myshopify.com/admin/orders`): the path is dropped;
- the admin address Shopify shows today, `admin.shopify.com/store/name`, with or without
  `https://` and with any path after the name;
- `http://` to a loopback host (127.0.0.0/8, `[::1]`, `localhost`), with any port: the demo shop
  served on a local socket;
- `ShopAddress.loopback()`: the in-process demo shop.

Everything else is refused with `ShopAddressError`. Error messages never repeat the text that
was typed: an address can carry a pasted token (`https://shpat_x@...`), and messages end up in
logs and dialogs.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import dataclass

from desktop_app.errors import ShopAddressError

log = logging.getLogger(__name__)

#: Shopify's shop names: lowercase letters, digits and hyphens, a DNS label (at most 63
#: characters), neither starting nor ending with a hyphen.
_SHOP_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SHOPIFY_SUFFIX = ".myshopify.com"
#: The host of Shopify's admin, whose addresses name the store in the path:
#: `admin.shopify.com/store/NAME/...`.
_ADMIN_HOST = "admin.shopify.com"
#: What a path after a Shopify host may hold (it is dropped, but must look like a path).
_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:/-]*")
_MAX_LENGTH = 255
_PORT = re.compile(r"[0-9]{1,5}")
#: Characters that have no business in a shop address and enable parser-confusion tricks:
#: user info (`@`), fragments and queries (`#`, `?`), escapes (`%`, `\`), whitespace.
_FORBIDDEN = set("@#?%\\ \t\r\n\x00;,\"'<>`{}|^")


@dataclass(frozen=True)
class ShopAddress:
    """A checked shop address; build it with `parse()` or `loopback()`.

    Attributes:
        scheme: "https" for Shopify, "http" for a loopback demo shop.
        host: lower-case host name or loopback IP (IPv6 without brackets).
        port: explicit port (loopback only), else None.
    """

    scheme: str
    host: str
    port: int | None = None

    @classmethod
    def parse(cls, text: str) -> ShopAddress:
        """Check what the user typed and return the address, or raise ShopAddressError.

        Args:
            text: a shop name, a `NAME.myshopify.com` domain or an https URL to it (any
                path dropped), Shopify's admin address `admin.shopify.com/store/NAME`, or an
                http URL to a loopback address.

        Raises:
            ShopAddressError: the text is anything else (the message names the problem).
        """
        if not isinstance(text, str):
            raise ShopAddressError("The shop address must be text.")
        value = text.strip()
        if not value:
            raise ShopAddressError("The shop address is empty.")
        if len(value) > _MAX_LENGTH:
            raise ShopAddressError("The shop address is too long.")
        if "?" in value or "#" in value:
            # Refused rather than cut off: an address is checked as a whole
            # (tests/security/test_shop_addresses.py).
            raise ShopAddressError(
                "The shop address must not contain '?' or '#': leave out what follows them "
                "(admin.shopify.com/store/NAME is enough).")
        if any(ch in _FORBIDDEN or ord(ch) < 0x20 or ord(ch) > 0x7E for ch in value):
            if "@" in value:
                raise ShopAddressError(
                    "The shop address must not contain '@' (user names or tokens never go in "
                    "the address)."
                )
            raise ShopAddressError(
                "The shop address contains characters that are not allowed (only letters, "
                "digits, '-', '.', ':' and '/')."
            )
        scheme, sep, rest = value.partition("://")
        if not sep:
            if value.startswith("/"):
                raise ShopAddressError("The shop address has no host.")
            return cls._shopify_with_path(value)
        scheme = scheme.lower()
        if scheme == "https":
            return cls._shopify_with_path(rest, bare_name_allowed=False)
        if scheme == "http":
            authority, _, path = rest.partition("/")
            host, port = cls._split_host_port(authority)
            if not _is_loopback_host(host):
                raise ShopAddressError(
                    "Plain http is only allowed to this computer (127.0.0.1, ::1 or "
                    "localhost); a Shopify shop needs https."
                )
            if path:
                raise ShopAddressError(
                    "The address of a demo shop on this computer must not contain a path.")
            return cls(scheme="http", host=host, port=port)
        raise ShopAddressError("The shop address must start with https://.")

    @classmethod
    def _shopify_with_path(cls, rest: str, *, bare_name_allowed: bool = True) -> ShopAddress:
        """A Shopify address after its scheme (if any): `HOST[/PATH]`, where HOST is NAME,
        NAME.myshopify.com or admin.shopify.com (then PATH starts with `store/NAME`)."""
        authority, slash, path = rest.partition("/")
        host = authority.lower()
        if ":" in host:
            raise ShopAddressError("A Shopify shop address must not name a port.")
        if not host:
            raise ShopAddressError("The shop address has no host.")
        if not _PATH.fullmatch(path) or any(part in (".", "..") for part in path.split("/")):
            raise ShopAddressError("The path after the shop address is malformed.")
        if host == _ADMIN_HOST:
            parts = path.split("/")
            if len(parts) < 2 or parts[0].lower() != "store" or not parts[1]:
                raise ShopAddressError(
                    "This is Shopify's admin address without a store: give it as "
                    "admin.shopify.com/store/NAME, as your browser shows it."
                )
            name = parts[1].lower()
            if not _SHOP_NAME.fullmatch(name):
                raise ShopAddressError(
                    "The store name after admin.shopify.com/store/ may only hold lowercase "
                    "letters, digits and hyphens (not at the start or end), at most 63 "
                    "characters."
                )
            return cls(scheme="https", host=f"{name}{_SHOPIFY_SUFFIX}")
        if slash and "." not in host:
            # `my-shop/admin`: a bare name is the whole address, nothing after it.
            raise ShopAddressError(
                "Give the shop as NAME, NAME.myshopify.com, https://NAME.myshopify.com or "
                "admin.shopify.com/store/NAME."
            )
        return cls._shopify(host, bare_name_allowed=bare_name_allowed)

    @classmethod
    def loopback(cls, port: int | None = None) -> ShopAddress:
        """The demo shop on this computer: in-process (no port) or on a local socket."""
        if port is not None and not 0 < port < 65536:
            raise ShopAddressError("The port must be between 1 and 65535.")
        return cls(scheme="http", host="127.0.0.1", port=port)

    @classmethod
    def _shopify(cls, host: str, *, bare_name_allowed: bool = True) -> ShopAddress:
        if host.endswith(_SHOPIFY_SUFFIX):
            name = host[: -len(_SHOPIFY_SUFFIX)]
        elif "." not in host and bare_name_allowed:
            name = host
        else:
            raise ShopAddressError(
                "The shop address must end in .myshopify.com: a store's own domain (such as "
                "www.example.com) cannot be used; Shopify shows the store's myshopify.com "
                "address under Settings > Domains."
            )
        if not _SHOP_NAME.fullmatch(name):
            raise ShopAddressError(
                "The shop name may only hold lowercase letters, digits and hyphens "
                "(not at the start or end), at most 63 characters."
            )
        return cls(scheme="https", host=f"{name}{_SHOPIFY_SUFFIX}")

    @staticmethod
    def _split_host_port(authority: str) -> tuple[str, int | None]:
        if authority.startswith("["):
            host, bracket, after = authority[1:].partition("]")
            if not bracket or (after and not after.startswith(":")):
                raise ShopAddressError("The IPv6 address in the shop address is malformed.")
            colon, port_text = after[:1], after[1:]
        elif "[" in authority or "]" in authority:
            raise ShopAddressError("The IPv6 address in the shop address is malformed.")
        else:
            host, colon, port_text = authority.partition(":")
        if not host:
            raise ShopAddressError("The shop address has no host.")
        if not colon:
            return host.lower(), None
        if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
            raise ShopAddressError("The port must be a number between 1 and 65535.")
        return host.lower(), int(port_text)

    @property
    def is_loopback(self) -> bool:
        """True for the demo shop on this computer (plain http)."""
        return self.scheme == "http"

    @property
    def shop_name(self) -> str | None:
        """The NAME of NAME.myshopify.com, or None for a loopback address."""
        if self.is_loopback:
            return None
        return self.host[: -len(_SHOPIFY_SUFFIX)]

    @property
    def base_url(self) -> str:
        """`https://NAME.myshopify.com` or `http://127.0.0.1[:PORT]`, without a trailing slash."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{host}{port}"

    def graphql_url(self, version: str) -> str:
        """The Admin GraphQL endpoint for an API version (`YYYY-MM` or `unstable`)."""
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}|unstable", version):
            raise ValueError("API versions look like 2026-07")
        return f"{self.base_url}/admin/api/{version}/graphql.json"

    @property
    def token_url(self) -> str:
        """The OAuth endpoint where client credentials are exchanged for an access token."""
        return f"{self.base_url}/admin/oauth/access_token"

    def __str__(self) -> str:
        return self.base_url


def _is_loopback_host(host: str) -> bool:
    """True for `localhost`, a dotted-quad IPv4 address in 127.0.0.0/8, or ::1."""
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if ip.version == 4 and host.count(".") != 3:
        return False
    return ip.is_loopback
