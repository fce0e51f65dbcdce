"""Untrusted templates are rendered in a child process bounded in time and memory."""

import time

import pytest
from docx import Document

from docgen import ResourceLimitError, TemplateError, generate
from docgen.bounded import DEFAULT_LIMITS, run_bounded


def draft(tmp_path, text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "brouillon.docx"
    doc.save(path)
    return path.read_bytes()


def test_endless_loop_is_stopped(tmp_path, b2b_case, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "seconds", 2)
    template = draft(
        tmp_path,
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}",
    )
    start = time.monotonic()
    with pytest.raises(ResourceLimitError, match="limite de temps"):
        generate("mise_en_demeure", b2b_case, ["docx"], template=template)
    assert time.monotonic() - start < 10


def test_memory_bomb_is_stopped(tmp_path, b2b_case, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "memory_mb", 400)
    template = draft(tmp_path, "{{ (('x' * 1000) * 1000) * 1000 }}")
    with pytest.raises(ResourceLimitError, match="limite de mémoire"):
        generate("mise_en_demeure", b2b_case, ["docx"], template=template)


def test_template_errors_keep_their_location_across_the_process(tmp_path, b2b_case):
    template = draft(tmp_path, "{{ inconnue }}")
    with pytest.raises(TemplateError) as info:
        generate("mise_en_demeure", b2b_case, ["docx"], template=template)
    assert info.value.location == "corps du document, paragraphe 1"
    assert info.value.message == "variable inconnue « inconnue »"


def test_result_comes_back():
    assert run_bounded(sum, [1, 2, 3]) == 6


def test_unexpected_exception_becomes_a_french_error():
    with pytest.raises(Exception, match="rendu impossible : ZeroDivisionError"):
        run_bounded(divmod, 1, 0)


def test_unclosed_tags_do_not_hang(tmp_path, b2b_case, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "seconds", 3)
    template = draft(tmp_path, "{{ x " * 8000)
    start = time.monotonic()
    with pytest.raises((TemplateError, ResourceLimitError)):
        generate("mise_en_demeure", b2b_case, ["docx"], template=template)
    assert time.monotonic() - start < 10


def test_a_large_parent_address_space_does_not_starve_the_child(tmp_path, b2b_case):
    import mmap

    # A threaded web worker reserves far more address space than it uses: the bound is on what
    # the render adds, so a normal template still renders from such a parent.
    reserved = mmap.mmap(-1, 3 * 1024**3)
    try:
        output = generate(
            "mise_en_demeure",
            b2b_case,
            ["docx", "pdf"],
            template=draft(tmp_path, "Bonjour {{ debiteur.designation }}"),
        )
        assert output.pdf.startswith(b"%PDF")
    finally:
        reserved.close()
