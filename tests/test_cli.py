"""The ``python -m docgen`` command line, run as a user runs it."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from docx import Document

from tests.conftest import EXAMPLES, ROOT

CASE = EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json"


def docgen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], capture_output=True, text=True, cwd=ROOT
    )


def template_with(tmp_path: Path, text: str, footer: str = "") -> Path:
    doc = Document()
    doc.add_paragraph("Premier paragraphe")
    doc.add_paragraph(text)
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    path = tmp_path / "brouillon.docx"
    doc.save(path)
    return path


def test_types():
    result = docgen("types")
    assert result.returncode == 0
    assert "mise_en_demeure            Mise en demeure de payer" in result.stdout
    assert "cgv" in result.stdout and "injonction_de_payer" in result.stdout


def test_schema():
    result = docgen("schema", "mise_en_demeure")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "factures" in schema["properties"]


def test_schema_of_unknown_type():
    result = docgen("schema", "bail")
    assert result.returncode == 1
    assert "Type de document inconnu : « bail »" in result.stderr


def test_generate_writes_both_files(tmp_path):
    result = docgen("generate", "mise_en_demeure", str(CASE), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    stem = "mise-en-demeure_dupont-fils-sarl_2026-06-15"
    assert result.stdout.split() == [str(tmp_path / f"{stem}.docx"), str(tmp_path / f"{stem}.pdf")]
    assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]


def test_generate_leaves_nothing_in_the_temporary_folder(tmp_path):
    """WeasyPrint copies the fonts to a temporary folder: removed when the command ends."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    args = ["generate", "mise_en_demeure", str(CASE), "--format", "pdf", "--out", tmp_path / "out"]
    result = subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").iterdir())) == 1
    assert list(temporary.iterdir()) == []


def test_generate_one_format(tmp_path):
    result = docgen(
        "generate", "mise_en_demeure", str(CASE), "--format", "pdf", "--out", str(tmp_path)
    )
    assert result.returncode == 0
    assert [p.suffix for p in tmp_path.iterdir()] == [".pdf"]


def test_invalid_facts_write_nothing(tmp_path):
    case = json.loads(CASE.read_text())
    case["factures"][1]["montant_ttc"] = "mille"
    case["debiteur"]["siren"] = "123"
    bad = tmp_path / "dossier.json"
    bad.write_text(json.dumps(case))
    out = tmp_path / "sortie"
    result = docgen("generate", "mise_en_demeure", str(bad), "--out", str(out))
    assert result.returncode == 1
    assert "factures[1].montant_ttc : montant invalide" in result.stderr
    assert "debiteur.siren : numéro SIREN invalide" in result.stderr
    assert not out.exists()


def test_malformed_json(tmp_path):
    bad = tmp_path / "dossier.json"
    bad.write_text('{"creancier": ')
    result = docgen("generate", "mise_en_demeure", str(bad), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "JSON invalide, ligne 1" in result.stderr


def test_custom_template(tmp_path):
    template = template_with(
        tmp_path, "Débiteur : {{ debiteur.designation }}, total {{ creance.total|montant }}"
    )
    result = docgen(
        "generate",
        "mise_en_demeure",
        str(CASE),
        "--template",
        str(template),
        "--format",
        "docx",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    doc = Document(io.BytesIO(Path(result.stdout.strip()).read_bytes()))
    assert (
        doc.paragraphs[1].text == "Débiteur\u00a0: Dupont & Fils SARL, total 3\u202f601,64\u00a0€"
    )


def test_broken_template_reports_location_and_writes_nothing(tmp_path):
    template = template_with(
        tmp_path,
        "Montant : {{ creance.total|montant }",
    )
    out = tmp_path / "out"
    result = docgen(
        "generate", "mise_en_demeure", str(CASE), "--template", str(template), "--out", str(out)
    )
    assert result.returncode == 1
    assert "erreur de syntaxe Jinja" in result.stderr
    assert "corps du document, paragraphe 2" in result.stderr
    assert "Montant : {{ creance.total|montant }" in result.stderr
    assert not out.exists()


def test_undefined_variable_in_footer(tmp_path):
    template = template_with(tmp_path, "Bonjour", footer="Réf. {{ reference_dossier }}")
    result = docgen(
        "generate",
        "mise_en_demeure",
        str(CASE),
        "--template",
        str(template),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 1
    assert "variable inconnue « reference_dossier »" in result.stderr
    assert "pied de page 1, paragraphe 1" in result.stderr


def test_check_catalogue_template_is_clean():
    result = docgen("check", "templates_docx/mise_en_demeure.docx", "--type", "mise_en_demeure")
    assert result.returncode == 0
    assert "aucun problème détecté" in result.stdout


def test_check_reports_unknown_variables_and_syntax(tmp_path):
    template = template_with(
        tmp_path,
        "{{ creancier.denominaton }} {% for f in factures %}{{ f.montant }}{% endfor %} "
        "{{ dossier }}",
        footer="{% if x %}",
    )
    result = docgen("check", str(template), "--type", "mise_en_demeure")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "corps du document, paragraphe 2 : attribut inconnu « denominaton »" in lines[0]
    assert any("attribut inconnu « montant »" in line for line in lines)
    assert any("variable inconnue « dossier »" in line for line in lines)
    assert any(
        line.startswith("pied de page 1, paragraphe 1 : erreur de syntaxe") for line in lines
    )


def test_check_without_type_only_checks_syntax(tmp_path):
    template = template_with(tmp_path, "{{ nimporte.quoi }}")
    result = docgen("check", str(template))
    assert result.returncode == 0


RATES_2026_S2 = """\
[[interet_legal]]
semestre = "2026-S2"
debut = 2026-07-01
fin = 2026-12-31
taux_particulier = "6.50"
taux_autres = "2.50"
source = "valeur d'essai"

[bce]
verifie_jusqu_au = 2026-12-01
source = "valeur d'essai : aucune décision de la BCE du 1er mai au 1er décembre 2026"
"""


def _december_case(tmp_path: Path) -> Path:
    case = json.loads(CASE.read_text(encoding="utf-8"))
    case["date_lettre"] = "2026-12-07"
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_missing_rate_says_what_lacks_and_offers_rates_from_a_file(tmp_path):
    result = docgen(
        "generate", "mise_en_demeure", str(_december_case(tmp_path)), "--out", str(tmp_path)
    )
    assert result.returncode == 1
    assert "taux de refinancement de la BCE en vigueur le 1er juillet 2026" in result.stderr
    assert "--rates FICHIER" in result.stderr
    assert "taux.toml" not in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_rates_from_a_file_are_layered_over_the_shipped_ones(tmp_path):
    rates = tmp_path / "taux-serveur.toml"
    rates.write_text(RATES_2026_S2, encoding="utf-8")
    case = _december_case(tmp_path)
    result = docgen(
        "generate",
        "mise_en_demeure",
        str(case),
        "--format",
        "docx",
        "--out",
        str(tmp_path),
        "--rates",
        str(rates),
    )
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.glob("*.docx")
    text = "\n".join(p.text for p in Document(written).paragraphs)
    assert "2e semestre 2026" in text  # the penalties run through the half-year the file adds


def test_a_rates_file_that_contradicts_the_shipped_ones_is_refused_with_both_values(tmp_path):
    rates = tmp_path / "taux.toml"
    rates.write_text(
        RATES_2026_S2.replace('"2026-S2"', '"2026-S1"')
        .replace("2026-07-01", "2026-01-01")
        .replace("2026-12-31", "2026-06-30"),
        encoding="utf-8",
    )
    result = docgen(
        "generate", "mise_en_demeure", str(CASE), "--out", str(tmp_path), "--rates", str(rates)
    )
    assert result.returncode == 1
    assert "6,50 % et 2,50 %" in result.stderr and "6,67 % et 2,62 %" in result.stderr


def test_a_malformed_rates_file_is_a_clear_error(tmp_path):
    rates = tmp_path / "taux.toml"
    rates.write_text("[[interet_legal]]\nsemestre = 2026\n", encoding="utf-8")
    result = docgen(
        "generate", "mise_en_demeure", str(CASE), "--out", str(tmp_path), "--rates", str(rates)
    )
    assert result.returncode == 1
    assert "semestre illisible" in result.stderr and "Traceback" not in result.stderr
