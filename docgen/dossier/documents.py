"""The case of each document made from a dossier: its facts, its events, what the stage adds."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from docgen.dossier.facts import Dossier
from docgen.dossier.timeline import Evenement, balance, last, ordered
from docgen.errors import CaseValidationError, FieldError
from docgen.formatting import date_longue, montant

DOSSIER_TYPES = ("relance", "mise_en_demeure", "injonction_de_payer", "protocole_transactionnel")
"""The document types a dossier makes, in the order of a dispute."""

DATE_FIELDS = {
    "relance": "date_lettre",
    "mise_en_demeure": "date_lettre",
    "injonction_de_payer": "date_requete",
    "protocole_transactionnel": "date_signature",
}
"""The field that dates each document: its amounts are those due on that day."""

STAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "relance": (
        "date_lettre",
        "delai_jours",
        "mode_envoi",
        "moyens_paiement",
        "reclamer_penalites",
        "taux_fournis",
        "arreter_au_dernier_taux_connu",
    ),
    "mise_en_demeure": (
        "date_lettre",
        "delai_jours",
        "mode_envoi",
        "copie_courriel",
        "suite_envisagee",
        "taux_fournis",
        "arreter_au_dernier_taux_connu",
    ),
    "injonction_de_payer": (
        "date_requete",
        "tribunal_ville",
        "fondement",
        "mandataire",
        "pieces_complementaires",
        "taux_fournis",
        "arreter_au_dernier_taux_connu",
    ),
}
"""What each stage adds to the dossier's facts; the protocole completes a prefilled draft."""

REMINDER_MODES = {
    "courriel": "courriel",
    "lettre_simple": "lettre simple",
    "telephone": "appel téléphonique",
    "sms": "SMS",
}


def _facts(model: Any) -> Any:
    return model.model_dump(mode="json", round_trip=True, exclude_none=True)


def _day(additions: Mapping[str, Any], doc_type: str) -> datetime.date:
    name = DATE_FIELDS[doc_type]
    value = additions.get(name)
    try:
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CaseValidationError(
            doc_type, [FieldError(name, "date attendue (AAAA-MM-JJ)")]
        ) from None


def _checked(doc_type: str, additions: Mapping[str, Any]) -> None:
    allowed = STAGE_FIELDS[doc_type]
    unknown = [name for name in additions if name not in allowed]
    if unknown:
        raise CaseValidationError(
            doc_type,
            [
                FieldError(name, "déjà connu du dossier, ou sans objet pour ce document")
                for name in unknown
            ],
        )


def _parties(dossier: Dossier) -> dict[str, Any]:
    return {"creancier": _facts(dossier.creancier), "debiteur": _facts(dossier.debiteur)}


def _letter(dossier: Dossier, events: Sequence[Evenement], day: datetime.date) -> dict[str, Any]:
    """The facts every letter claiming the dossier's invoices takes from it."""
    due = balance(dossier, events, day)
    unpaid = {f.numero for f in due.invoices}
    case = {
        **_parties(dossier),
        "factures": [_facts(f) for f in due.invoices],
        "prestation": dossier.prestation,
        "lieu": dossier.lieu,
    }
    paid = [
        {"facture": number, "date": when.isoformat(), "montant": str(amount)}
        for number, when, amount in due.shares
        if number in unpaid  # a settled invoice leaves the letter, with its payments
    ]
    if paid:
        case["paiements"] = paid
    if dossier.signataire:
        case["signataire"] = dossier.signataire
    if dossier.taux_penalites_contractuel is not None:
        case["taux_penalites_contractuel"] = str(dossier.taux_penalites_contractuel)
    return case


def _reminders(events: Sequence[Evenement], day: datetime.date) -> list[Evenement]:
    return [e for e in ordered(events) if e.type == "relance" and e.date <= day]


def relance_case(
    dossier: Dossier, events: Sequence[Evenement], additions: Mapping[str, Any]
) -> dict[str, Any]:
    day = _day(additions, "relance")
    case = _letter(dossier, events, day)
    previous = [r for r in _reminders(events, day) if r.date < day]
    if previous:
        case["rappel_precedent"] = previous[-1].date.isoformat()
    return case


def mise_en_demeure_case(
    dossier: Dossier, events: Sequence[Evenement], additions: Mapping[str, Any]
) -> dict[str, Any]:
    day = _day(additions, "mise_en_demeure")
    case = _letter(dossier, events, day)
    reminders = _reminders(events, day)
    if reminders:
        case["relances"] = ", ".join(
            f"{REMINDER_MODES[r.moyen or 'courriel']} du {date_longue(r.date)}" for r in reminders
        )
    return case


def injonction_de_payer_case(
    dossier: Dossier, events: Sequence[Evenement], additions: Mapping[str, Any]
) -> dict[str, Any]:
    day = _day(additions, "injonction_de_payer")
    case = _letter(dossier, events, day)
    case["matiere"] = dossier.matiere
    if dossier.fondement is not None:
        case["fondement"] = _facts(dossier.fondement)
    case["relances"] = [
        {"date": r.date.isoformat(), "moyen": r.moyen} for r in _reminders(events, day)
    ][:10]
    notice = last(events, "mise_en_demeure", before=day)
    if notice is not None:
        case["mise_en_demeure"] = {"date": notice.date.isoformat(), "mode": notice.mode}
        received = last(events, "reception", before=day)
        if received is not None and received.date >= notice.date:
            if received.statut == "non_reclame":
                case["mise_en_demeure"]["non_reclame"] = True
            case["mise_en_demeure"]["date_reception"] = received.date.isoformat()
    case.pop("signataire", None)  # the requête is signed by the creditor or its agent
    return case


def protocole_case(dossier: Dossier, events: Sequence[Evenement], day: datetime.date) -> dict:
    """A draft protocole: the parties, the dispute's story, the claim due on ``day`` as the sum
    to pay in 15 days; the concessions, the clauses and the debtor's position are left to fill."""
    due = balance(dossier, events, day)
    invoices = ", ".join(f"n° {f.numero}" for f in due.invoices)
    claim = (
        f"le paiement de la somme de {montant(due.principal)} restant due au titre des "
        f"factures {invoices}"
    )
    creditor = {**_facts(dossier.creancier), "appellation": "le Créancier"}
    debtor = {**_facts(dossier.debiteur), "appellation": "le Débiteur"}
    creditor.update(pretentions=claim, montant_reclame=str(due.principal))
    story = [
        f"Le Créancier a réalisé pour le Débiteur {dossier.prestation}, "
        f"qui a donné lieu aux factures {', '.join('n° ' + f.numero for f in dossier.factures)}."
    ]
    story += [_told(e) for e in ordered(events) if e.date <= day and _told(e)]
    first_due = (day + datetime.timedelta(days=15)).isoformat()
    payment = {
        "payeur": "le Débiteur",
        "beneficiaire": "le Créancier",
        "montant": str(due.principal),
        "cause": f"en règlement des factures {invoices}",
        "echeancier": [{"date": first_due, "montant": str(due.principal)}],
    }
    return {
        "parties": [creditor, debtor],
        "expose": story,
        "objet_litige": claim,
        "reglements": [payment],
        "lieu_signature": dossier.lieu,
        "date_signature": day.isoformat(),
    }


def _told(event: Evenement) -> str:
    """One event of the timeline as the protocole's préambule tells it, or ``""``."""
    when = date_longue(event.date)
    if event.type == "relance":
        return f"Le {when}, le Créancier a relancé le Débiteur par {REMINDER_MODES[event.moyen]}."
    if event.type == "mise_en_demeure":
        return f"Le {when}, le Créancier a mis le Débiteur en demeure de payer."
    if event.type == "paiement":
        return f"Le {when}, le Débiteur a versé la somme de {montant(event.montant)}."
    if event.type == "requete":
        return (
            f"Le {when}, le Créancier a présenté une requête en injonction de payer "
            f"({event.juridiction})."
        )
    if event.type == "ordonnance":
        return f"Le {when}, une ordonnance d'injonction de payer a été rendue."
    return ""


CASES = {
    "relance": relance_case,
    "mise_en_demeure": mise_en_demeure_case,
    "injonction_de_payer": injonction_de_payer_case,
}


def case_for(
    doc_type: str,
    dossier: Dossier,
    events: Sequence[Evenement],
    additions: Mapping[str, Any],
) -> dict[str, Any]:
    """The case of a document of the dossier: what the dossier knows, plus ``additions``.

    For a letter or a requête, ``additions`` holds only what the stage adds
    (:data:`STAGE_FIELDS`); for a protocole, the whole case, from :func:`protocole_case`.

    :raise CaseValidationError: naming a field the dossier already holds, or a missing date.
    """
    if doc_type == "protocole_transactionnel":
        return dict(additions)
    _checked(doc_type, additions)
    return {**CASES[doc_type](dossier, events, additions), **additions}
