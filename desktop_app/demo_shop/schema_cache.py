"""The demo shop's schema document, parsed and checked once per version of its source.

Parsing `schema.graphql` (about 1,000 fields) and checking it as a schema definition took
0.12 s of CPU at every start of a demo shop, more than the rest of its schema's build: each
`shop-sync demo-shop serve` process and each process of the app that builds an in-process demo
shop paid it. The checked document is kept the way Python keeps compiled modules: a pickle in
the `__pycache__` folder next to the source (the same trust as the `.pyc` files beside it),
named after a digest of the source text, graphql-core's version and the interpreter's, so an
edited schema or another graphql-core is parsed and checked again, never read stale. A cache
that cannot be read is parsed again; one that cannot be written (a read-only install, a frozen
build, `PYTHONDONTWRITEBYTECODE`) is simply not kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import graphql
from graphql import DocumentNode
from graphql.validation.validate import assert_valid_sdl

log = logging.getLogger(__name__)

_CACHE_SUFFIX = ".pickle"


def cache_path(source: Path, text: bytes, cache_dir: Path | None = None) -> Path:
    """Where the checked document of `source` (whose content is `text`) is kept: in
    `cache_dir`, by default the `__pycache__` folder beside `source`."""
    digest = hashlib.sha256()
    for part in (text, graphql.version.encode(), sys.implementation.cache_tag.encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    folder = source.parent / "__pycache__" if cache_dir is None else cache_dir
    return folder / f"{source.name}.{digest.hexdigest()[:20]}{_CACHE_SUFFIX}"


def schema_document(source: Path, cache_dir: Path | None = None, *,
                    locations: bool = True) -> DocumentNode:
    """The document of the schema definition in `source`, checked (a schema that
    `graphql.build_ast_schema(document, assume_valid_sdl=True)` may build). `cache_dir` keeps
    it elsewhere than beside `source` (a source in a read-only folder: the tests read
    Shopify's own schema so). Without `locations`, a source not kept yet is parsed once, not
    twice (its errors then name no line: for a large schema that is not expected to have any).

    Raises:
        OSError: `source` cannot be read.
        graphql.GraphQLError: a syntax error. TypeError: an invalid schema definition (as
            `graphql.build_schema` raises them).
    """
    text = source.read_bytes()
    cached = cache_path(source, text, cache_dir)
    document = _read(cached)
    if document is not None:
        return document
    document = graphql.parse(text.decode("utf-8"), no_location=not locations)
    assert_valid_sdl(document)  # what `build_schema` checks; the kept copy skips it
    # Kept without source locations (a quarter of the size, twice as fast to read): only
    # errors in the schema itself would show them, and this one was just checked.
    _write(cached, graphql.parse(text.decode("utf-8"), no_location=True) if locations
           else document)
    return document


def _read(path: Path) -> DocumentNode | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        document = pickle.loads(data)  # noqa: S301 (our own file, beside our own .pyc files)
    except Exception as exc:  # noqa: BLE001 (damaged or from another version: parse again)
        log.info("schema cache %s not used: %s", path, exc)
        return None
    return document if isinstance(document, DocumentNode) else None


def _write(path: Path, document: DocumentNode) -> None:
    if sys.dont_write_bytecode or getattr(sys, "frozen", False):
        return
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # readable as the .pyc files beside it are
            os.replace(tmp, path)  # whole or not at all, also with processes starting at once
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{_stem(path)}.*{_CACHE_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)  # an earlier version of the schema
    except OSError as exc:
        log.info("schema cache %s not written: %s", path, exc)


def _stem(path: Path) -> str:
    """`schema.graphql` of `schema.graphql.<digest>.pickle`."""
    return path.name[: -len(_CACHE_SUFFIX)].rsplit(".", 1)[0]
