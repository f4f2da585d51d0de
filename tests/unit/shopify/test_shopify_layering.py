"""The client package stays below the UI, store, credentials and demo shop layers."""

from __future__ import annotations

import subprocess
import sys


def test_client_imports_no_qt_keyring_peewee_or_demo_shop():
    code = (
        "import sys, desktop_app.shopify\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'keyring', "
        "'peewee', 'qasync') or m.startswith(('desktop_app.demo_shop', 'desktop_app.store', "
        "'desktop_app.credentials', 'desktop_app.sync', 'desktop_app.ui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
