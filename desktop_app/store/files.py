"""Files the app writes for the merchant (CSV exports of customers and of the sync history).

`replaced_atomically(target)` is the one way they are written: into a temporary file that
`tempfile.mkstemp` creates exclusively (`O_EXCL`, so a planted file or symlink of that name is
never followed) beside the target, owner-only (0600: the rows hold customers' personal data),
and moved onto the target only when complete, so a failure never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replaced_atomically(target: Path) -> Iterator[TextIO]:
    """A text handle (UTF-8, no newline translation, for `csv`) whose content replaces
    `target` when the block ends without an exception."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
