"""Writing output files all-or-nothing: temporary files in the target folder, then renames."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file or none: each goes to a temporary file first, fsynced, then renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, lambda handle, data=data: handle.write(data)), path))
    except BaseException:
        for tmp, _path in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [path for _tmp, path in staged]


def write_with(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write a file whole or not at all: ``write`` fills a temporary file, fsynced, then renamed."""
    os.replace(_stage(path, write), path)
    return path


def _stage(path: Path, write: Callable[[IO[bytes]], object]) -> str:
    """A temporary file beside ``path``, filled by ``write`` and fsynced; none if it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated form of a text, for file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "document"
