"""`flask rates`: the operator's commands, each refused value explained in French."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from docgen.law import ecb
from docgen.law.horizon import SeriesStatus, lookahead, status
from docgen.law.ratefile import conflicts, dump_rates
from docgen.law.rates import (
    ECB,
    OPERATOR,
    EcbRate,
    HalfYear,
    LegalRates,
    default_rates,
    french_date,
)
from web import ratestore
from web.db import db, needs_database
from web.ecb_update import EcbUnreachable, update_ecb
from web.ratestore import RateRefused, percent

cli = AppGroup("rates", help="Taux de ce serveur : intérêt légal et taux de refinancement BCE.")


@cli.group("set", help="Ajouter un taux publié, avec sa source.")
def set_group() -> None:
    """Add a published rate."""


@cli.group("verify", help="Constater qu'aucune décision n'est intervenue jusqu'à une date.")
def verify_group() -> None:
    """Record a verification."""


@cli.group("update", help="Lire une série officielle et ajouter ce qui manque.")
def update_group() -> None:
    """Read an official series."""


_source = click.option(
    "--source",
    help="Où la valeur a été lue (obligatoire) : l'arrêté et sa date au Journal officiel, le "
    "communiqué de la BCE…",
)
_author = click.option("--auteur", help="Qui ajoute la valeur (par défaut : l'utilisateur).")


def _refused(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _day(text: str | None, what: str) -> date:
    value = (text or "").strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value)
    except ValueError:
        raise click.ClickException(
            f"{what} : date illisible « {value} » (AAAA-MM-JJ ou JJ/MM/AAAA)"
        ) from None


def _describe(entry: SeriesStatus) -> list[str]:
    half = entry.last_half
    covered = (
        f"couvert jusqu'au {french_date(half.end)} ({half.label})" if half else "aucun semestre"
    )
    if entry.series == ECB and entry.verified_until:
        covered += f", décisions vérifiées jusqu'au {french_date(entry.verified_until)}"
    lines = [f"- {entry.label} : {covered}."]
    if entry.missing:
        lines.append(f"  Manque : {', '.join(h.label for h in entry.missing)}.")
        lines.append(f"  À lancer : {entry.command}")
    else:
        lines.append("  Rien ne manque.")
    return lines


@cli.command(
    "status",
    help="Ce que couvrent les taux de ce serveur, et ce qui manque pour une lettre datée du "
    "--on (par défaut : aujourd'hui + 31 jours). Code de sortie 0 si rien ne manque, 1 sinon.",
)
@click.option("--on", "on_text", metavar="DATE", help="Date de la lettre (AAAA-MM-JJ).")
@click.option("--json", "as_json", is_flag=True, help="Réponse en JSON.")
@click.pass_context
@needs_database
def status_command(context: click.Context, on_text: str | None, as_json: bool) -> None:
    """Print the horizon of each series; exit 1 when a letter of --on would lack a rate."""
    on = _day(on_text, "--on") if on_text else lookahead(date.today())
    rows = ratestore.entries(db.session)
    series = status(ratestore.table_of(rows), on)
    overridden = conflicts(default_rates(), ratestore.overlay(rows))
    if as_json:
        body = {
            "lettre_du": on.isoformat(),
            "series": [entry.as_record() for entry in series],
            "ecarts_avec_la_reference": overridden,
        }
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        operator = sum(1 for row in rows if row.kind != ratestore.VERIFIED)
        click.echo(
            f"Taux de ce serveur pour une lettre datée du {french_date(on)} "
            f"({operator} valeur(s) ajoutée(s) par l'exploitant) :"
        )
        for entry in series:
            click.echo("\n".join(_describe(entry)))
        if overridden:
            click.echo(
                "Valeurs de l'exploitant différentes des taux de référence livrés avec le "
                "programme (celles de l'exploitant s'appliquent ; vérifiez-les) :"
            )
            click.echo("\n".join(f"  - {text}" for text in overridden))
    if any(entry.missing for entry in series):
        context.exit(1)


@set_group.command(
    "interet-legal",
    help="Les deux taux de l'intérêt légal d'un semestre, par exemple : flask rates set "
    'interet-legal 2026-S2 6,50 2,50 --source "arrêté du …, JORF du …". PARTICULIER : '
    "créancier personne physique n'agissant pas pour des besoins professionnels ; AUTRES : "
    "tous les autres cas.",
)
@click.argument("semestre", required=False)
@click.argument("particulier", required=False)
@click.argument("autres", required=False)
@_source
@_author
@needs_database
def set_legal(semestre: str, particulier: str, autres: str, source: str, auteur: str) -> None:
    """Store the two legal rates of a half-year."""
    try:
        if not (semestre and particulier and autres):
            raise RateRefused(
                "usage : flask rates set interet-legal AAAA-S1|AAAA-S2 PARTICULIER AUTRES "
                "--source TEXTE"
            )
        half = HalfYear.parse(semestre)
        if half > HalfYear.of(date.today()).next:
            raise RateRefused(
                f"refusé : le taux du {half.label} n'est pas encore publié (l'arrêté paraît en "
                "juin et en décembre, pour le semestre qui suit)"
            )
        consumer = ratestore.parse_rate(particulier, "PARTICULIER")
        other = ratestore.parse_rate(autres, "AUTRES")
        entry = LegalRates(half, consumer, other, ratestore.clean_source(source), OPERATOR)
        table = ratestore.table_of(ratestore.entries(db.session))
        added = ratestore.add_legal(table, entry, ratestore.clean_author(auteur))
    except (RateRefused, ValueError) as exc:
        raise _refused(exc) from None
    ratestore.forget()
    what = (
        f"taux de l'intérêt légal du {half.label} : {percent(consumer)} (particulier) et "
        f"{percent(other)} (autres cas)"
    )
    click.echo(f"Enregistré : {what}." if added else f"Déjà connu : {what} ; rien à enregistrer.")


@set_group.command(
    "bce",
    help="Une décision de la BCE (taux des opérations principales de refinancement) qui prend "
    'effet le DATE, par exemple : flask rates set bce 2026-06-17 2,00 --source "communiqué de '
    'la BCE du …". Puis : flask rates verify bce DATE --source TEXTE.',
)
@click.argument("date_text", metavar="DATE", required=False)
@click.argument("taux", required=False)
@_source
@_author
@needs_database
def set_ecb(date_text: str, taux: str, source: str, auteur: str) -> None:
    """Store an ECB decision."""
    if not (date_text and taux):
        raise click.ClickException("usage : flask rates set bce DATE TAUX --source TEXTE")
    effective = _day(date_text, "DATE")
    if effective > lookahead(date.today()):
        raise click.ClickException(
            f"refusé : {french_date(effective)} ; une décision de la BCE prend effet dans la "
            "semaine qui suit la réunion qui l'annonce (DATE est le jour de sa prise d'effet)"
        )
    try:
        rate = ratestore.parse_rate(taux, "TAUX")
        entry = EcbRate(effective, rate, ratestore.clean_source(source), OPERATOR)
        table = ratestore.table_of(ratestore.entries(db.session))
        added = ratestore.add_decision(table, entry, ratestore.clean_author(auteur))
    except RateRefused as exc:
        raise _refused(exc) from None
    ratestore.forget()
    what = f"décision de la BCE, {percent(rate)} à compter du {french_date(effective)}"
    if not added:
        click.echo(f"Déjà connu : {what} ; rien à enregistrer.")
        return
    click.echo(f"Enregistré : {what}.")
    if effective > table.ecb_verified_until:
        click.echo("Puis, une fois vérifié : flask rates verify bce DATE --source TEXTE")


@verify_group.command(
    "bce",
    help="Aucune décision de la BCE n'a pris effet jusqu'au DATE (au plus aujourd'hui), par "
    'exemple : flask rates verify bce 2026-12-07 --source "communiqués de la BCE du … et du …".',
)
@click.argument("date_text", metavar="DATE", required=False)
@_source
@_author
@needs_database
def verify_ecb(date_text: str, source: str, auteur: str) -> None:
    """Move the ECB horizon."""
    if not date_text:
        raise click.ClickException("usage : flask rates verify bce DATE --source TEXTE")
    day = _day(date_text, "DATE")
    try:
        table = ratestore.table_of(ratestore.entries(db.session))
        source = ratestore.clean_source(source)
        done = ratestore.verify(table, day, source, ratestore.clean_author(auteur), date.today())
    except RateRefused as exc:
        raise _refused(exc) from None
    ratestore.forget()
    before = french_date(table.ecb_verified_until)
    if done:
        click.echo(
            f"Enregistré : aucune décision de la BCE jusqu'au {french_date(day)} "
            f"(auparavant vérifié jusqu'au {before})."
        )
    else:
        click.echo(f"Rien à faire : les décisions de la BCE sont déjà vérifiées jusqu'au {before}.")


@update_group.command(
    "bce",
    help="Lit la série des taux de refinancement sur le portail de données de la BCE (ou une "
    "réponse enregistrée, --file), ajoute les décisions qui manquent et avance l'horizon à la "
    "date des données. Sans accès à internet : enregistrez ailleurs la réponse de l'adresse "
    f"{ecb.API_URL} et donnez-la avec --file.",
)
@click.option("--file", "file", type=click.Path(path_type=Path), help="Réponse enregistrée.")
@_author
@needs_database
def update_ecb_command(file: Path | None, auteur: str) -> None:
    """Update the ECB decisions from its Data Portal."""
    try:
        report = update_ecb(file, ratestore.clean_author(auteur))
    except (ecb.EcbDataError, EcbUnreachable) as exc:
        raise click.ClickException(f"{exc} ; rien n'a été modifié.") from None
    click.echo("\n".join(report.lines()))
    if report.contradictions:
        raise click.ClickException("les données de la BCE contredisent des taux enregistrés")


@cli.command(
    "export",
    help="Écrit les taux de ce serveur (référence livrée et valeurs de l'exploitant) sur la "
    "sortie standard, au format des taux de référence : python -m docgen generate --rates "
    "FICHIER les utilise.",
)
@needs_database
def export_command() -> None:
    """Print the deployment's table in the seed's format."""
    rows = ratestore.entries(db.session)
    click.echo(dump_rates(ratestore.table_of(rows), note=ratestore.note(rows)), nl=False)


@cli.command(
    "list",
    help="Liste les valeurs ajoutées par l'exploitant, avec leur numéro, leur source, qui les a "
    "ajoutées, quand et comment (les valeurs retirées sont marquées).",
)
@needs_database
def list_command() -> None:
    """Print the operator's entries, oldest first."""
    rows = ratestore.entries(db.session)
    withdrawn = {row.withdraws for row in rows if row.kind == ratestore.WITHDRAWAL}
    if not rows:
        click.echo("Aucune valeur ajoutée : le serveur utilise les taux de référence livrés.")
    for row in rows:
        mark = " [retirée]" if row.id in withdrawn else ""
        click.echo(ratestore.describe(row) + mark)


@cli.command(
    "withdraw",
    help="Retire une valeur saisie par erreur (son numéro : flask rates list). Elle reste "
    "dans l'historique, avec son retrait et la raison donnée.",
)
@click.argument("numero", type=int)
@click.option("--source", help="Pourquoi la valeur est retirée (obligatoire).")
@_author
@needs_database
def withdraw_command(numero: int, source: str | None, auteur: str | None) -> None:
    """Withdraw an operator's entry."""
    if not " ".join((source or "").split()):
        raise click.ClickException(
            "raison manquante : dites avec --source pourquoi la valeur est retirée"
        )
    try:
        reason = ratestore.clean_source(source)
        author = ratestore.clean_author(auteur)
        target = ratestore.withdraw(ratestore.entries(db.session), numero, reason, author)
    except RateRefused as exc:
        raise _refused(exc) from None
    ratestore.forget()
    click.echo(f"Retirée : {ratestore.describe(target)}")
