"""The demo shop's request log (``--request-log FILE``): one JSON line per GraphQL request.

A test tails the file to see exactly what the app sent and what it cost. Each line holds
``ts, operationName, query, variables, requestedQueryCost, actualQueryCost, status,
throttled, fault, durationMs``. Headers are never written, so no access token can reach the
file. The file is created owner-only (0600) because variables can hold customer data, and
each line is flushed as soon as it is written.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

logger = logging.getLogger(__name__)

#: The keys of every line, in order.
FIELDS = (
    "ts",
    "operationName",
    "query",
    "variables",
    "requestedQueryCost",
    "actualQueryCost",
    "status",
    "throttled",
    "fault",
    "durationMs",
)


class RequestLog:
    """Appends JSON lines to a file opened once, owner-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.chmod(self.path, 0o600)  # an existing file may have been looser
        self._file: TextIO = os.fdopen(fd, "a", encoding="utf-8")
        self._lock = threading.Lock()
        logger.info("request log at %s", self.path)

    def write(
        self,
        *,
        operation_name: str | None,
        query: str | None,
        variables: Any,
        requested_cost: int | None,
        actual_cost: int | None,
        status: int | None,
        throttled: bool,
        fault: str | None,
        duration_ms: float,
    ) -> None:
        """Append one request's line and flush it."""
        entry = {
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "operationName": operation_name,
            "query": query,
            "variables": variables,
            "requestedQueryCost": requested_cost,
            "actualQueryCost": actual_cost,
            "status": status,
            "throttled": throttled,
            "fault": fault,
            "durationMs": round(duration_ms, 3),
        }
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with self._lock:
            if self._file.closed:
                return
            self._file.write(line + "\n")
            self._file.flush()

    def close(self) -> None:
        """Close the file; later writes are dropped."""
        with self._lock:
            if not self._file.closed:
                self._file.close()
