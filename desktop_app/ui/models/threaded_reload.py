"""ThreadedReload: the reloads of a model whose store read can take long enough to freeze the
window (the customer lists: 50-400 ms at 100,000 customers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from shiboken6 import isValid

from desktop_app.ui.window_reads import window_read

ReadT = TypeVar("ReadT")


class ThreadedReload(Generic[ReadT]):
    """Mixin of a Qt model: ``reload()`` reads the store on the calling thread;
    ``reload_in_thread()`` does the same read in a worker thread and applies it on the loop
    when it is done, unless a newer reload came first or the model was deleted meanwhile.

    The model gives ``_read_job(**options)``, the read with its arguments taken from the
    model now (store reads only: it runs on any thread), and ``_apply(read)``.
    """

    _generation = 0  # bumped by each reload; a threaded read of an older one is dropped

    def _read_job(self) -> Callable[[], ReadT]:
        raise NotImplementedError

    def _apply(self, read: ReadT) -> None:
        raise NotImplementedError

    def reload(self, **options: bool) -> None:
        self._generation += 1
        self._apply(self._read_job(**options)())

    async def reload_in_thread(self, **options: bool) -> None:
        """`reload()` with the store read in a worker thread, one window read at a time
        (`window_read`)."""
        self._generation += 1
        generation = self._generation
        read = await window_read(self._read_job(**options))
        if generation == self._generation and isValid(self):  # not deleted meanwhile
            self._apply(read)
