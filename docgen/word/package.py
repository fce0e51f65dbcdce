"""Checks on a .docx package before it is opened: size, bombs, paths, active content."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import PurePosixPath

from docgen.errors import UnsafeTemplateError

#: Limits of a template package.
LIMITS = {
    "max_entries": 500,  # files inside the package
    "max_total_mb": 40,  # total uncompressed size
    "max_ratio": 100,  # uncompressed / compressed size of any entry
}

_ACTIVE_PARTS = re.compile(r"(vbaProject|vbaData|activeX|oleObject|/embeddings/)", re.I)
_ACTIVE_TYPES = ("macroEnabled", "vbaProject", "activeX", "oleObject")
_EXTERNAL_OK = ("/hyperlink",)  # a hyperlink to a web page is a plain link, never fetched
_DANGEROUS_FIELDS = re.compile(
    rb"\b(DDE|DDEAUTO|INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT|DATABASE)\b", re.I
)
_INSTR = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")
_REL = re.compile(rb"<Relationship\b[^>]*>", re.I)


def _check_entries(archive: zipfile.ZipFile) -> list[str]:
    problems = []
    infos = archive.infolist()
    if len(infos) > LIMITS["max_entries"]:
        problems.append(f"trop de fichiers dans le paquet ({len(infos)})")
    total = sum(info.file_size for info in infos)
    if total > LIMITS["max_total_mb"] * 1024 * 1024:
        problems.append(f"contenu décompressé trop volumineux ({total // 1_000_000} Mo)")
    offsets = sorted((info.header_offset, info.compress_size, info.filename) for info in infos)
    for (start, size, name), (next_start, _s, _n) in itertools.pairwise(offsets):
        if start + size > next_start:
            problems.append(f"entrées superposées dans l'archive ({name})")
            break
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            problems.append(f"nom de fichier interdit dans le paquet : {info.filename!r}")
        if info.compress_size and info.file_size / info.compress_size > LIMITS["max_ratio"]:
            problems.append(f"taux de compression suspect ({info.filename})")
        if _ACTIVE_PARTS.search(info.filename):
            problems.append(f"contenu actif (macro, ActiveX ou objet OLE) : {info.filename}")
    return problems


def _check_xml(name: str, data: bytes) -> list[str]:
    problems = []
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        problems.append(f"déclaration DOCTYPE interdite ({name})")
    if name == "[Content_Types].xml" and any(t.encode() in data for t in _ACTIVE_TYPES):
        problems.append("type de contenu actif déclaré (macros ou ActiveX)")
    if name.endswith(".rels"):
        for rel in _REL.findall(data):
            if b"altChunk" in rel:
                problems.append(f"document importé (altChunk) ({name})")
            if b'TargetMode="External"' in rel and not any(
                kind.encode() in rel for kind in _EXTERNAL_OK
            ):
                target = re.search(rb'Target="([^"]*)"', rel)
                url = target.group(1).decode(errors="replace") if target else "?"
                problems.append(f"ressource externe liée : {url[:80]}")
    for match in _INSTR.finditer(data):
        instr = match.group(1) or match.group(2) or b""
        field = _DANGEROUS_FIELDS.search(instr)
        if field:
            problems.append(f"champ Word {field.group(1).decode().upper()} interdit ({name})")
    return problems


def inspect_docx(data: bytes) -> None:
    """Refuse a package that is not a safe Word document.

    :raise UnsafeTemplateError: with every reason found.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnsafeTemplateError(["ce n'est pas un document Word .docx valide"]) from None
    with archive:
        problems = _check_entries(archive)
        if problems:
            raise UnsafeTemplateError(problems)
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise UnsafeTemplateError(["ce n'est pas un document Word (word/document.xml absent)"])
        for name in names:
            if name.endswith((".xml", ".rels")):
                problems += _check_xml(name, archive.read(name))
    if problems:
        raise UnsafeTemplateError(list(dict.fromkeys(problems)))
