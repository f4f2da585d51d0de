"""Typed errors shared by every layer.

`AppError` and its subclasses carry a message that is safe to show the user (no token, no
secret). The UI maps them to translated text in `ui/feedback.py`; the CLI prints them.
Any other exception is a bug and goes to the crash reporter.
"""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """An expected failure whose message is safe to show (never holds a secret)."""

    #: Stable, machine-readable kind, used by the UI to pick a translated text.
    code = "app_error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


# --- Shopify -------------------------------------------------------------------------------


class ShopifyError(AppError):
    code = "shopify_error"


class AuthError(ShopifyError):
    """The shop refused the credentials (HTTP 401/403) or none are stored.

    `details["reason"]` says which (the window words each its own way, `ui.feedback`), one of
    the constants below; `details["secret"]` is "token" or "client_secret" for `NO_SECRET`.
    """

    code = "auth_error"
    NO_SECRET = "no_secret"
    TOKEN_REFUSED = "token_refused"
    CLIENT_REFUSED = "client_refused"
    NO_CLIENT_ID = "no_client_id"
    FORBIDDEN = "forbidden"


class AccessDeniedError(ShopifyError):
    """A GraphQL `ACCESS_DENIED` error: the app lacks an access scope."""

    code = "access_denied"


class NetworkError(ShopifyError):
    """Transport failure (timeout, dropped connection, 5xx) after every retry."""

    code = "network_error"


class OutcomeUnknownError(NetworkError):
    """A mutation's answer was lost (5xx, timeout): Shopify may or may not have applied it."""

    code = "outcome_unknown"


class ShopUnavailableError(ShopifyError):
    """The shop is frozen (HTTP 402, unpaid bill) or locked (HTTP 423)."""

    code = "shop_unavailable"


class ThrottledError(ShopifyError):
    """Still throttled (429 or `THROTTLED`) after every retry."""

    code = "throttled"


class MaxCostExceededError(ShopifyError):
    """A single query asks for more points than Shopify allows; retrying cannot help."""

    code = "max_cost_exceeded"


class GraphQLError(ShopifyError):
    """Top-level GraphQL `errors` that are not throttling, auth or cost errors."""

    code = "graphql_error"

    def __init__(self, message: str, errors: list[dict] | None = None, **details: object) -> None:
        super().__init__(message, **details)
        self.errors = errors or []


class ShopAddressError(ShopifyError):
    """A shop address that credentials must never be sent to."""

    code = "shop_address"


class BulkOperationError(ShopifyError):
    code = "bulk_operation"


@dataclass(frozen=True)
class UserErrorItem:
    """One entry of a mutation's `userErrors`."""

    field: tuple[str, ...] | None
    message: str
    code: str | None = None

    @property
    def field_path(self) -> str:
        return ".".join(self.field) if self.field else ""


class UserErrors(ShopifyError):
    """A mutation answered with `userErrors`: a per-record failure, the batch goes on."""

    code = "user_errors"

    def __init__(self, items: list[UserErrorItem], record: str | None = None) -> None:
        text = "; ".join(
            f"{item.field_path}: {item.message}" if item.field_path else item.message
            for item in items
        )
        super().__init__(text or "Shopify refused the record")
        self.items = items
        self.record = record


# --- Local store -------------------------------------------------------------------------


class StoreError(AppError):
    code = "store_error"


class DatabaseTooNewError(StoreError):
    code = "database_too_new"


class DatabaseLockedError(StoreError):
    code = "database_locked"


class DiskFullError(StoreError):
    code = "disk_full"


class NotFoundError(AppError):
    """A shop, customer, order... named by the user does not exist."""

    code = "not_found"


# --- Credentials -----------------------------------------------------------------------------


class CredentialsError(AppError):
    code = "credentials_error"


class NoKeyringError(CredentialsError):
    """No system keyring: secrets are kept for this session only."""

    code = "no_keyring"


# --- Record validation -------------------------------------------------------------------


class RecordError(AppError):
    """One record refused, naming the record and the field."""

    code = "record_error"

    def __init__(self, record: str, field: str, message: str, *, code: str = "") -> None:
        super().__init__(f"{record}: {field}: {message}" if field else f"{record}: {message}")
        self.record = record
        self.field = field
        self.reason = message
        if code:  # a stable kind more precise than "record_error" (sync.issue_codes)
            self.code = code
