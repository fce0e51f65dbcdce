"""Bounded execution: run an untrusted render in a child process with time and memory limits."""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from docgen.errors import DocgenError, ResourceLimitError

T = TypeVar("T")

#: Default limits of a bounded render.
DEFAULT_LIMITS = {
    "seconds": 20,  # wall-clock time of the whole render (template, conversion, PDF)
    "memory_mb": 1024,  # address space the child may add to what it inherits from its parent
}


def _address_space() -> int:
    """The virtual size of this process, in bytes (VmSize of /proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(
    conn: Connection, memory_mb: int, seconds: int, fn: Callable[..., Any], args: tuple
) -> None:
    # The child starts with its parent's address space (a threaded web worker reserves hundreds
    # of MB it never touches): bound what the render adds to it, not the inherited total.
    limit = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))
    try:
        conn.send(("ok", fn(*args)))
    except (MemoryError, SystemError):
        # Under RLIMIT_AS, a C extension whose allocation fails may raise SystemError ("error
        # return without exception set") instead of MemoryError: the same exhaustion.
        conn.send(("memory", None))
    except DocgenError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # noqa: BLE001 - anything an untrusted template raises is reported
        conn.send(("error", DocgenError(f"rendu impossible : {type(exc).__name__} : {exc}")))
    finally:
        conn.close()
        os._exit(0)


def run_bounded(
    fn: Callable[..., T], *args: Any, seconds: int | None = None, memory_mb: int | None = None
) -> T:
    """Run ``fn(*args)`` in a forked child; its result or its error comes back.

    :raise ResourceLimitError: if the child runs out of time or memory.
    """
    seconds = seconds or DEFAULT_LIMITS["seconds"]
    memory_mb = memory_mb or DEFAULT_LIMITS["memory_mb"]
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(child, memory_mb, seconds, fn, args), daemon=True
    )
    process.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise ResourceLimitError(
                f"Le rendu a dépassé la limite de temps ({seconds} s) : le modèle contient "
                "probablement une boucle trop longue."
            )
        status, value = parent.recv()
    except EOFError:
        status, value = "memory", None
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "ok":
        return value
    if status == "memory":
        raise ResourceLimitError(
            f"Le rendu a dépassé la limite de mémoire ({memory_mb} Mo) : le modèle produit "
            "un texte démesuré."
        )
    raise value
