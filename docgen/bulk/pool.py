"""A bounded pool of worker processes generating documents, docgen imported once per worker."""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

from docgen.bulk.batch import BatchItem, ItemResult, Templates, generate_item
from docgen.errors import FieldError
from docgen.generate import Output, generate
from docgen.law.rates import RateTable
from docgen.pdf.output import remove_font_folder, sweep_font_folders

LOGGER = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0
_lifelines: dict[int, Connection] = {}  # write ends, kept open for as long as this process lives
_setup: Callable[[], None] | None = None


def _watch(lifeline: Connection) -> None:
    # A pool worker does not see its parent die (a SIGTERM or SIGKILL skips the pool's shutdown)
    # and would wait for work forever; the parent alone holds the other end of this pipe.
    with contextlib.suppress(EOFError):
        lifeline.recv()
    remove_font_folder()
    os._exit(0)


def _start_worker(lifeline: Connection, setup: Callable[[], None] | None) -> None:
    threading.Thread(target=_watch, args=(lifeline,), daemon=True, name="lifeline").start()
    if setup is not None:
        setup()
    # Pay the imports and the fonts once per worker, not once per document, and before the
    # warm-up freezes what lives as long as the worker out of the garbage collector's reach.
    import docgen.pdf.converter
    import docgen.word.render
    import docgen.word.typography  # noqa: F401
    from docgen.pdf.output import warm_up

    warm_up()


def set_worker_setup(setup: Callable[[], None] | None) -> None:
    """What each worker runs first (the host's logging set-up), for the pools started after.

    ``setup`` is sent to the workers: a module-level function or a ``functools.partial``.
    """
    global _setup
    _setup = setup


def size(workers: int = 0) -> int:
    """The number of worker processes for a setting (0: one per CPU)."""
    return workers if workers > 0 else (os.cpu_count() or 1)


def get_pool(workers: int = 0) -> ProcessPoolExecutor:
    """The process's pool, started on first use with ``size(workers)`` workers."""
    global _pool, _size
    with _lock:
        if _pool is None:
            sweep_font_folders()  # those of the workers of a pool that was killed
            _size = size(workers)
            context = multiprocessing.get_context("forkserver")
            lifeline, _lifelines[_size] = context.Pipe(duplex=False)
            _pool = ProcessPoolExecutor(
                _size,
                mp_context=context,
                initializer=_start_worker,
                initargs=(lifeline, _setup),
            )
        return _pool


def reset_pool(broken: ProcessPoolExecutor | None = None) -> None:
    """Drop a pool whose worker died, so that the next call starts a new one."""
    global _pool
    with _lock:
        if _pool is not None and (broken is None or _pool is broken):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


def _collected(fn: Any, *args: Any) -> Any:
    """Run a task in a worker, then free its garbage.

    A python-docx document is a web of reference cycles holding megabytes of lxml tree, which
    only the collector frees; and the collector, counting Python objects, not bytes, let them
    pile up: a worker grew from 94 to 172 MiB over 40 letters. Collected after each task, it
    stays at 105 MiB, for a few milliseconds that freeing the document costs anyway.
    """
    try:
        return fn(*args)
    finally:
        gc.collect()


def _submit(workers: int, fn: Any, *args: Any) -> Future:
    pool = get_pool(workers)
    try:
        return pool.submit(_collected, fn, *args)
    except BrokenProcessPool:
        reset_pool(pool)
        return get_pool(workers).submit(_collected, fn, *args)


def generate_in_pool(
    doc_type: str,
    case: Mapping[str, Any],
    formats: list[str],
    workers: int = 0,
    template: bytes | None = None,
    rates: RateTable | None = None,
) -> Output:
    """``docgen.generate`` run by a worker process with ``rates``; its errors are raised here.

    A worker has no table of its own but the seed: pass the caller's (``current_rates()``).

    :raise BrokenProcessPool: if the worker died (the pool is then replaced).
    """
    future = _submit(workers, generate, doc_type, case, formats, template, rates)
    try:
        return future.result()
    except BrokenProcessPool:
        reset_pool()
        raise


def _collect(future: Future) -> ItemResult:
    try:
        return future.result()
    except BrokenProcessPool:
        reset_pool()
        message = "le processus de génération s'est arrêté (mémoire épuisée ?)"
    except Exception:  # one item's unforeseen fault must not stop the batch
        LOGGER.exception("élément de lot non généré")
        message = "erreur interne"
    return ItemResult(errors=(FieldError("", f"génération impossible : {message}"),))


def run_items(
    items: Iterable[BatchItem],
    formats: list[str],
    workers: int = 0,
    templates: Templates | None = None,
    rates: RateTable | None = None,
) -> Iterator[ItemResult]:
    """Generate the items in the pool with ``rates``, a few ahead, results in their order."""
    window = 2 * size(workers)
    pending: deque[Future] = deque()
    try:
        for item in items:
            own = {t: data for t, data in (templates or {}).items() if t == item.doc_type}
            pending.append(_submit(workers, generate_item, item, formats, own, rates))
            if len(pending) >= window:
                yield _collect(pending.popleft())
        while pending:
            yield _collect(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
