"""The ``python -m docgen`` command line: types, schema, generate, check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from docgen.catalog import TYPES, get_type
from docgen.errors import CaseValidationError, DocgenError, MissingRateError
from docgen.files import write_all
from docgen.generate import FORMATS, case_schema, generate, load_case
from docgen.law.ratefile import layer, load_overlay
from docgen.law.rates import RateTable, default_rates
from docgen.word.lint import check_template


def _types(_args: argparse.Namespace) -> int:
    for entry in TYPES.values():
        status = "" if entry.available else "  (pas encore disponible)"
        print(f"{entry.id:<26} {entry.label}{status}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(case_schema(args.type), ensure_ascii=False, indent=2))
    return 0


def _read_case(path: Path) -> object:
    try:
        return load_case(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DocgenError(
            f"{path} : JSON invalide, ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})"
        ) from None
    except UnicodeDecodeError:
        raise DocgenError(f"{path} : le fichier n'est pas encodé en UTF-8") from None


def _read_template(path: Path | None) -> bytes | None:
    if path is None:
        return None
    if path.suffix.lower() != ".docx":
        raise DocgenError(f"{path} : un modèle Word .docx est attendu")
    return path.read_bytes()


def _read_rates(path: Path | None) -> RateTable | None:
    """The seed with the rates of ``path`` over it (the format of ``flask rates export``)."""
    if path is None:
        return None
    label = f"fichier {path}"
    return layer(default_rates(), load_overlay(path, label, origin=label), label=label)


def _generate(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise DocgenError(f"format inconnu : {', '.join(bad) or '(aucun)'} (docx, pdf)")
    output = generate(
        args.type,
        _read_case(args.case),
        formats,
        template=_read_template(args.template),
        rates=_read_rates(args.rates),
    )
    out_dir = Path(args.out)
    paths = write_all({out_dir / output.filename(fmt): data for fmt, data in output.files.items()})
    for path in paths:
        print(path)
    return 0


def _check(args: argparse.Namespace) -> int:
    entry = get_type(args.type) if args.type else None
    issues = check_template(args.template.read_bytes(), entry)
    for issue in issues:
        print(issue)
    if issues:
        print(f"{len(issues)} problème(s) dans {args.template}", file=sys.stderr)
        return 1
    scope = f" pour le type {args.type}" if args.type else ""
    print(f"{args.template} : aucun problème détecté{scope}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m docgen``."""
    parser = argparse.ArgumentParser(
        prog="python -m docgen", description="Générateur de documents de litige (DOCX et PDF)."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    sub.add_parser("types", help="liste les types de document").set_defaults(func=_types)
    schema = sub.add_parser("schema", help="schéma JSON des faits d'un type")
    schema.add_argument("type", metavar="TYPE")
    schema.set_defaults(func=_schema)
    gen = sub.add_parser("generate", help="génère un document à partir d'un dossier JSON")
    gen.add_argument("type", metavar="TYPE")
    gen.add_argument("case", metavar="DOSSIER.json", type=Path)
    gen.add_argument("--format", default="docx,pdf", help="docx, pdf ou docx,pdf")
    gen.add_argument("--out", default=".", help="dossier de sortie (défaut : .)")
    gen.add_argument("--template", type=Path, help="autre modèle .docx à utiliser")
    gen.add_argument(
        "--rates",
        type=Path,
        metavar="TAUX.toml",
        help="taux ajoutés à ceux livrés avec le programme, au même format (par exemple la "
        "sortie de « flask rates export » d'un serveur)",
    )
    gen.set_defaults(func=_generate)
    check = sub.add_parser("check", help="vérifie un modèle Word")
    check.add_argument("template", metavar="MODELE.docx", type=Path)
    check.add_argument("--type", help="type de document dont le modèle utilise les variables")
    check.set_defaults(func=_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CaseValidationError as exc:
        print(f"Faits du dossier invalides ({len(exc.errors)} erreur(s)) :", file=sys.stderr)
        for error in exc.errors:
            print(f"  - {error}", file=sys.stderr)
        return 1
    except MissingRateError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        print(
            "  Ou donnez les taux d'un serveur à jour : --rates FICHIER "
            "(obtenu par « flask rates export »).",
            file=sys.stderr,
        )
        return 1
    except (DocgenError, ValueError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Erreur de fichier : {exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
        return 1
