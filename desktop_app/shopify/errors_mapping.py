"""GraphQL top-level `errors` → codes, readable summaries and typed errors."""

from __future__ import annotations

import logging
import re
from typing import Any

from desktop_app.errors import AccessDeniedError

log = logging.getLogger(__name__)

#: Access scope handles as Shopify spells them in ACCESS_DENIED messages
#: ("Required access: `read_customers` access scope.").
_SCOPE = re.compile(r"\b((?:unauthenticated_)?(?:read|write)_[a-z0-9_]+)\b")
_MAX_SUMMARY = 3


def error_codes(errors: list[dict[str, Any]]) -> set[str]:
    """The `extensions.code` values of a GraphQL errors list."""
    codes = set()
    for error in errors:
        if not isinstance(error, dict):
            continue
        code = (error.get("extensions") or {}).get("code")
        if isinstance(code, str):
            codes.add(code)
    return codes


def summarize_errors(errors: list[dict[str, Any]]) -> str:
    """A short, readable summary: the first few messages with their codes and paths."""
    parts = []
    for error in errors[:_MAX_SUMMARY]:
        if not isinstance(error, dict):
            parts.append(str(error))
            continue
        message = str(error.get("message") or "unknown error")
        code = (error.get("extensions") or {}).get("code")
        path = error.get("path")
        text = message
        if code:
            text = f"{text} [{code}]"
        if path:
            text = f"{text} at {'.'.join(str(p) for p in path)}"
        parts.append(text)
    if len(errors) > _MAX_SUMMARY:
        parts.append(f"and {len(errors) - _MAX_SUMMARY} more")
    return "; ".join(parts) or "unknown error"


def missing_scopes(errors: list[dict[str, Any]]) -> list[str]:
    """Access scopes named by ACCESS_DENIED messages, in order, without repeats."""
    scopes: list[str] = []
    for error in errors:
        if not isinstance(error, dict):
            continue
        if (error.get("extensions") or {}).get("code") != "ACCESS_DENIED":
            continue
        for scope in _SCOPE.findall(str(error.get("message") or "")):
            if scope not in scopes:
                scopes.append(scope)
        required = (error.get("extensions") or {}).get("requiredAccess")
        if isinstance(required, str):
            for scope in _SCOPE.findall(required):
                if scope not in scopes:
                    scopes.append(scope)
    return scopes


def access_denied_error(operation: str, errors: list[dict[str, Any]]) -> AccessDeniedError:
    """AccessDeniedError naming the missing access scope(s) when Shopify's message does."""
    scopes = missing_scopes(errors)
    if scopes:
        message = (
            f"The app may not run {operation}: it lacks the access scope "
            f"{', '.join(scopes)}. Add it to the app in the Shopify admin."
        )
    else:
        message = f"The app may not run {operation}: {summarize_errors(errors)}"
    return AccessDeniedError(message, scopes=scopes, errors=errors)
