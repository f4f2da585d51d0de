"""UtcDateTimeField reads its stored text exactly as `strptime` with `_TS_FORMAT` did."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.store.models import _TS_FORMAT, UtcDateTimeField

UTC = dt.timezone.utc


@pytest.mark.parametrize("text", [
    "2025-01-02 03:04:05.000000", "2026-11-23 23:59:59.999999", "1999-12-31 00:00:00.000001",
    "2025-01-02 03:04:05.5", "2025-01-02 03:04:05.123456",
])
def test_stored_text_reads_as_strptime_did(text):
    expected = dt.datetime.strptime(text, _TS_FORMAT).replace(tzinfo=UTC)
    assert UtcDateTimeField().python_value(text) == expected


@pytest.mark.parametrize("text", [
    "2025-01-02T03:04:05.123456",  # not the stored form: refused as before
    "2025-01-02 03:04:05.123+01",
    "2025-01-02 03:04:05",
    "2025-13-02 03:04:05.000000",
])
def test_other_text_is_refused_as_before(text):
    with pytest.raises(ValueError):
        dt.datetime.strptime(text, _TS_FORMAT)
    with pytest.raises(ValueError):
        UtcDateTimeField().python_value(text)
