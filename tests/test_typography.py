"""French typography: no-break spaces before two-part punctuation, inside quotes, in amounts."""

import io

import pytest
from docx import Document

from docgen import generate
from docgen.word.typography import NBSP, NNBSP, apply, french_spacing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Objet : relance", f"Objet{NBSP}: relance"),
        ("ci-dessous ; puis ! enfin ?", f"ci-dessous{NNBSP}; puis{NNBSP}! enfin{NNBSP}?"),
        ("les « Parties »", f"les «{NBSP}Parties{NBSP}»"),
        ("40 € et 12,15 % en 8 jours", f"40{NBSP}€ et 12,15{NBSP}% en 8{NBSP}jours"),
        ("art. 1344-1 et n° 12", f"art.{NBSP}1344-1 et n°{NBSP}12"),
        ("M. Dupont et Mme Martin", f"M.{NBSP}Dupont et Mme{NBSP}Martin"),
        ("https://www.cnil.fr à 10:30", "https://www.cnil.fr à 10:30"),
    ],
)
def test_french_spacing(text, expected):
    assert french_spacing(text) == expected


def test_spacing_across_runs():
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Objet ").bold = True
    p.add_run(": mise en demeure")
    apply([doc.element.body])
    assert [r.text for r in p.runs] == [f"Objet{NBSP}", ": mise en demeure"]
    assert p.runs[0].bold


def test_generated_letter_is_typeset(b2b_case):
    doc = Document(io.BytesIO(generate("mise_en_demeure", b2b_case, ["docx"]).docx))
    texts = [p.text for p in doc.paragraphs]
    assert f"Objet{NBSP}: MISE EN DEMEURE DE PAYER" in texts
    assert not any(" :" in t or " ;" in t for t in texts)
