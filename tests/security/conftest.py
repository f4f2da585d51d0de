"""The security tests reuse the demo-shop process helpers of tests/integration and tests/faults."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent / "integration", HERE.parent / "faults"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
