"""Replacements of a library's functions, put in place only over the source they were written from.

A replacement is written from the code of one version of a library (WeasyPrint, pydyf). So a
``PatchSet`` checks the sha256 of each original's source first, and puts its replacements in
place together, or none of them if any source differs: another version is left as it is.

The replacements: ``speedups`` (glyph drawing, box sizes, stylesheets, compression) and
``textlayout`` (Pango layouts kept from measuring to drawing). Each names the versions it was
checked against (``CHECKED_WITH``); their tests make every example's PDF with and without them
and compare the bytes (``tests/test_speedups.py``, ``tests/test_textlayout.py``).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def source_digest(function: Any) -> str:
    """The sha256 of a function's source."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


@dataclass(frozen=True)
class Target:
    """A function to replace: where it is, and the sha256 of the source it must have."""

    module: str
    name: str  # "function", or "Class.attribute" (a method or a property)
    digest: str
    users: tuple[str, ...] = ()  # modules that imported the function by name

    def find(self) -> tuple[Any, str, Any]:
        """The namespace that holds the original, its attribute name, and the original."""
        owner: Any = importlib.import_module(self.module)
        *path, attribute = self.name.split(".")
        for name in path:
            owner = getattr(owner, name)
        value = owner.__dict__[attribute] if isinstance(owner, type) else getattr(owner, attribute)
        return owner, attribute, value


class PatchSet:
    """Replacements put in place together, once, and taken back together.

    ``build`` receives the originals by target name and returns the replacements by the same
    names (it may keep originals, to call them where its versions do not apply).
    """

    def __init__(
        self, targets: Sequence[Target], build: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        self.targets = tuple(targets)
        self.build = build
        self.originals: dict[str, Any] = {}
        self._applied: list[tuple[Any, str, Any]] = []  # (namespace, attribute, original)
        self._lock = threading.Lock()

    def install(self) -> bool:
        """Put the replacements in place; False if any original is not the one known."""
        with self._lock:
            if self._applied:
                return True
            found = {target: target.find() for target in self.targets}
            source = lambda value: value.fget if isinstance(value, property) else value  # noqa: E731
            if any(source_digest(source(v)) != t.digest for t, (_, _, v) in found.items()):
                return False
            originals = {target.name: value for target, (_, _, value) in found.items()}
            new = self.build(originals)
            for target, (owner, attribute, value) in found.items():
                for namespace in [owner, *map(importlib.import_module, target.users)]:
                    if namespace is owner or getattr(namespace, attribute, None) is value:
                        self._applied.append((namespace, attribute, value))
                        setattr(namespace, attribute, new[target.name])
            self.originals = originals
            return True

    def uninstall(self) -> None:
        """Put the originals back."""
        with self._lock:
            while self._applied:
                namespace, attribute, value = self._applied.pop()
                setattr(namespace, attribute, value)
            self.originals = {}

    def installed(self) -> bool:
        """Whether the replacements are in place."""
        return bool(self._applied)
