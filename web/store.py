"""Template files on disk: named by their hash, written atomically, and the version in force."""

from __future__ import annotations

import functools
from pathlib import Path

from flask import current_app

from docgen.catalog import get_type
from docgen.files import write_all
from docgen.generate import template_sha256

IN_FORCE = "en-vigueur.txt"
"""In each type's folder, the hash of the version in force (absent: the shipped template)."""


class StoreError(Exception):
    """A stored template file is missing or does not match its hash."""

    def __init__(self, doc_type: str, sha256: str, reason: str) -> None:
        self.doc_type, self.sha256 = doc_type, sha256
        super().__init__(
            f"Modèle « {doc_type} » version {sha256[:12]} illisible sur le serveur ({reason}) : "
            "aucun document n'est produit avec une version incertaine. Prévenez l'administrateur."
        )


def folder() -> Path:
    """Where template versions are kept (``TEMPLATES_FOLDER``, or ``instance/modeles``)."""
    configured = current_app.config["TEMPLATES_FOLDER"]
    return Path(configured) if configured else Path(current_app.instance_path) / "modeles"


sha256 = template_sha256
"""The identity of a version: the SHA-256 of its bytes (as the documents record it)."""


@functools.lru_cache(maxsize=16)
def _hash_of_file(path: Path, mtime_ns: int) -> str:
    return sha256(path.read_bytes())


def shipped_sha256(doc_type: str) -> str:
    """The hash of the template shipped with the app, read again only when the file changes."""
    path = get_type(doc_type).template_path
    return _hash_of_file(path, path.stat().st_mtime_ns)


def path(doc_type: str, digest: str) -> Path:
    """The file of one version; the type is checked against the catalogue, the hash is hex."""
    get_type(doc_type)
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"empreinte invalide : {digest!r}")
    return folder() / doc_type / f"{digest}.docx"


def write(doc_type: str, data: bytes) -> str:
    """Keep a version's bytes (a temporary file, fsynced, then renamed); its hash."""
    digest = sha256(data)
    target = path(doc_type, digest)
    if not target.is_file() or sha256(target.read_bytes()) != digest:
        write_all({target: data})
    return digest


def read(doc_type: str, digest: str) -> bytes:
    """The bytes of a version, checked against its hash.

    :raise StoreError: if the file is missing or altered.
    """
    try:
        data = path(doc_type, digest).read_bytes()
    except FileNotFoundError:
        raise StoreError(doc_type, digest, "fichier absent") from None
    if sha256(data) != digest:
        raise StoreError(doc_type, digest, "contenu altéré")
    return data


def in_force(doc_type: str) -> str | None:
    """The hash of the version in force, or None for the template shipped with the app."""
    pointer = folder() / get_type(doc_type).id / IN_FORCE
    try:
        return pointer.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def set_in_force(doc_type: str, digest: str) -> None:
    """Make a stored version the one in force, atomically."""
    read(doc_type, digest)
    write_all({folder() / get_type(doc_type).id / IN_FORCE: f"{digest}\n".encode("ascii")})


def template_in_force(doc_type: str) -> bytes | None:
    """The bytes to generate ``doc_type`` with; None when the shipped template is in force.

    :raise StoreError: if the version in force cannot be read intact.
    """
    digest = in_force(doc_type)
    if digest is None or digest == shipped_sha256(doc_type):
        return None
    return read(doc_type, digest)


def templates_in_force() -> dict[str, bytes]:
    """The versions in force that replace a shipped template, by type (for batches)."""
    from docgen.catalog import TYPES

    found = {t: template_in_force(t) for t in TYPES if get_type(t).available}
    return {t: data for t, data in found.items() if data is not None}
