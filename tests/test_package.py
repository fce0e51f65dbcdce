"""A supplied .docx is inspected before anything opens it: bombs, paths, active content."""

import io
import struct
import zipfile

import pytest

from docgen import UnsafeTemplateError, generate
from docgen.word.lint import check_template
from docgen.word.package import LIMITS, inspect_docx
from tests.conftest import ROOT

CLEAN = (ROOT / "templates_docx" / "mise_en_demeure.docx").read_bytes()


def rebuild(
    changes: dict[str, bytes | None] | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The clean template with some parts replaced, removed (None) or added."""
    changes = changes or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(CLEAN)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for name in src.namelist():
            data = changes.get(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def reasons(data: bytes) -> str:
    with pytest.raises(UnsafeTemplateError) as info:
        inspect_docx(data)
    return " | ".join(info.value.reasons)


def document_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(CLEAN)) as src:
        return src.read("word/document.xml")


def rels() -> bytes:
    with zipfile.ZipFile(io.BytesIO(CLEAN)) as src:
        return src.read("word/_rels/document.xml.rels")


def test_clean_template_passes():
    inspect_docx(CLEAN)


def test_not_a_zip():
    assert reasons(b"%PDF-1.7 pas un docx") == "ce n'est pas un document Word .docx valide"


def test_zip_without_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr("hello.txt", "x")
    assert "word/document.xml absent" in reasons(out.getvalue())


def test_doctype_is_refused():
    xml = document_xml().replace(b"<w:document", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document', 1)
    assert "DOCTYPE interdite (word/document.xml)" in reasons(rebuild({"word/document.xml": xml}))


def test_compression_bomb_is_refused():
    data = rebuild(extra={"word/media/zeros.png": b"\0" * 5_000_000})
    assert "taux de compression suspect (word/media/zeros.png)" in reasons(data)


def test_total_size_is_capped(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_total_mb", 0)
    assert "contenu décompressé trop volumineux" in reasons(CLEAN)


def test_entry_count_is_capped(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_entries", 3)
    assert "trop de fichiers dans le paquet" in reasons(CLEAN)


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "word\\..\\..\\x"])
def test_hostile_entry_names(name):
    assert "nom de fichier interdit" in reasons(rebuild(extra={name: b"x"}))


def test_overlapping_entries_are_refused():
    data = bytearray(rebuild(extra={"word/a.xml": b"<a/>" * 50, "word/b.xml": b"<b/>" * 50}))
    central = [i for i in range(len(data)) if data[i : i + 4] == b"PK\x01\x02"]
    first_offset = struct.unpack_from("<I", data, central[-2] + 42)[0]
    struct.pack_into("<I", data, central[-1] + 42, first_offset)  # b.xml now overlaps a.xml
    assert "entrées superposées" in reasons(bytes(data))


def test_macros_are_refused():
    assert "contenu actif" in reasons(rebuild(extra={"word/vbaProject.bin": b"\xd0\xcf"}))


def test_activex_is_refused():
    assert "contenu actif" in reasons(rebuild(extra={"word/activeX/activeX1.xml": b"<x/>"}))


def test_external_image_is_refused():
    rel = (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/image" Target="http://127.0.0.1:8000/x.png" '
        b'TargetMode="External"/></Relationships>'
    )
    data = rebuild({"word/_rels/document.xml.rels": rels().replace(b"</Relationships>", rel)})
    assert "ressource externe liée : http://127.0.0.1:8000/x.png" in reasons(data)


def test_external_hyperlink_is_allowed():
    rel = (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/hyperlink" Target="https://www.economie.gouv.fr/" '
        b'TargetMode="External"/></Relationships>'
    )
    inspect_docx(
        rebuild({"word/_rels/document.xml.rels": rels().replace(b"</Relationships>", rel)})
    )


def test_alt_chunk_is_refused():
    rel = (
        b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/aFChunk" Target="altChunk1.html"/></Relationships>'
    )
    data = rebuild({"word/_rels/document.xml.rels": rels().replace(b"</Relationships>", rel)})
    assert "altChunk" in reasons(data)


@pytest.mark.parametrize(
    "field",
    [
        b'<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1/x&quot; "/>',
        b'<w:r><w:instrText xml:space="preserve"> DDEAUTO cmd.exe </w:instrText></w:r>',
        b'<w:r><w:instrText> INCLUDETEXT "/etc/passwd" </w:instrText></w:r>',
        b'<w:r><w:instrText> LINK Excel.Sheet "x.xlsx" </w:instrText></w:r>',
    ],
)
def test_dangerous_fields_are_refused(field):
    xml = document_xml().replace(b"<w:body><w:p>", b"<w:body><w:p>" + field, 1)
    assert "interdit (word/document.xml)" in reasons(rebuild({"word/document.xml": xml}))


def test_generate_refuses_an_unsafe_template(b2b_case):
    with pytest.raises(UnsafeTemplateError, match="contenu actif"):
        generate("mise_en_demeure", b2b_case, template=rebuild(extra={"word/vbaProject.bin": b"x"}))


def test_check_reports_package_problems():
    issues = check_template(rebuild(extra={"word/vbaProject.bin": b"x"}))
    assert [str(i) for i in issues] == [
        "paquet .docx : contenu actif (macro, ActiveX ou objet OLE) : word/vbaProject.bin"
    ]
