"""A dossier's dated events, checked against each other, and what is still due on a day."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from docgen.dossier.facts import Dossier
from docgen.errors import CaseValidationError, FieldError
from docgen.facts.base import FactsModel, Ligne, Montant, field_errors, rule_error
from docgen.facts.mise_en_demeure import Facture
from docgen.formatting import date_courte, montant
from docgen.law.interest import deadline
from docgen.law.money import to_cents

EventType = Literal[
    "relance",
    "mise_en_demeure",
    "reception",
    "delai_expire",
    "paiement",
    "mediation",
    "requete",
    "ordonnance",
    "transaction",
]

EVENT_LABELS: dict[str, str] = {
    "relance": "Relance amiable envoyée",
    "mise_en_demeure": "Mise en demeure envoyée",
    "reception": "Réception de la mise en demeure",
    "delai_expire": "Délai de la mise en demeure expiré",
    "paiement": "Paiement reçu",
    "mediation": "Médiation ou conciliation proposée",
    "requete": "Requête en injonction de payer déposée",
    "ordonnance": "Ordonnance d'injonction de payer obtenue",
    "transaction": "Protocole transactionnel signé",
}
"""Each event type as the dossier page names it, in the order of a dispute."""

CHOICE_LABELS: dict[str, str] = {
    "courriel": "courriel",
    "lettre_simple": "lettre simple",
    "telephone": "appel téléphonique",
    "sms": "SMS",
    "lettre_recommandee_ar": "lettre recommandée avec avis de réception",
    "commissaire_de_justice": "acte de commissaire de justice",
    "recu": "avis de réception signé",
    "non_reclame": "pli avisé et non réclamé",
    "mediation": "médiation",
    "conciliation": "conciliation par un conciliateur de justice",
    "procedure_participative": "procédure participative",
}
"""How the timeline names each choice of an event."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "relance": ("moyen",),
    "mise_en_demeure": ("mode", "delai_jours"),
    "reception": ("statut",),
    "paiement": ("montant",),
    "mediation": ("procedure",),
    "requete": ("juridiction",),
}
"""The fields each type of event needs besides its date."""


class Evenement(FactsModel):
    """Événement daté d'un dossier."""

    type: EventType = Field(description="Nature de l'événement")
    date: datetime.date = Field(description="Date de l'événement", examples=["2026-04-20"])
    moyen: Literal["courriel", "lettre_simple", "telephone", "sms"] | None = Field(
        None, description="Relance : courriel, lettre simple, appel téléphonique ou SMS"
    )
    mode: Literal["lettre_recommandee_ar", "commissaire_de_justice", "lettre_simple"] | None = (
        Field(
            None,
            description="Mise en demeure : lettre recommandée avec avis de réception, acte de "
            "commissaire de justice ou lettre simple",
        )
    )
    delai_jours: int | None = Field(
        None, ge=8, le=60, description="Mise en demeure : délai laissé pour payer, en jours"
    )
    statut: Literal["recu", "non_reclame"] | None = Field(
        None,
        description="Réception : avis de réception signé (date de la signature), ou pli avisé "
        "et non réclamé (date de la première présentation)",
    )
    montant: Montant | None = Field(None, gt=0, description="Paiement : montant reçu en euros")
    facture: Ligne | None = Field(
        None,
        description="Paiement : numéro de la facture réglée ; à défaut, le paiement s'impute "
        "sur la facture échue la plus ancienne",
    )
    procedure: Literal["mediation", "conciliation", "procedure_participative"] | None = Field(
        None,
        description="Médiation, conciliation par un conciliateur de justice, ou procédure "
        "participative",
    )
    juridiction: Ligne | None = Field(
        None,
        description="Requête : juridiction saisie",
        examples=["Tribunal de commerce de Lyon"],
    )
    reference: Ligne | None = Field(
        None, description="Référence (numéro de l'ordonnance, du recommandé…)"
    )
    note: Ligne | None = Field(None, description="Précision libre")

    @model_validator(mode="after")
    def _complete(self) -> Evenement:
        for name in REQUIRED.get(self.type, ()):
            if getattr(self, name) is None:
                raise rule_error(name, f"obligatoire pour « {EVENT_LABELS[self.type]} »")
        return self

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.type]


def parse_event(data: object) -> Evenement:
    """An event from JSON-like data.

    :raise CaseValidationError: with one French message per invalid field.
    """
    try:
        return Evenement.model_validate(data)
    except ValidationError as exc:
        raise CaseValidationError("evenement", field_errors(exc)) from None


def ordered(events: Sequence[Evenement]) -> list[Evenement]:
    """Events by date; those of one day in the order they were recorded."""
    return sorted(events, key=lambda e: e.date)


def last(events: Sequence[Evenement], kind: str, before: datetime.date | None = None):
    """The latest event of ``kind`` (on or before ``before``), or None."""
    found = [e for e in ordered(events) if e.type == kind and (before is None or e.date <= before)]
    return found[-1] if found else None


def notice_deadline(notice: Evenement) -> datetime.date:
    """The last day a mise en demeure leaves the debtor to pay."""
    return deadline(notice.date, notice.delai_jours or 8)


@dataclass(frozen=True)
class Balance:
    """What remains due on a day: the invoices still unpaid, the payments taken off, and
    each payment's share of each invoice (invoice number, day, amount)."""

    invoices: list[Facture]
    paid_since: Decimal  # paid after the dossier opened, up to the day
    shares: list[tuple[str, datetime.date, Decimal]]

    @property
    def principal(self) -> Decimal:
        return to_cents(sum((f.reste_du for f in self.invoices), Decimal("0")))


def balance(dossier: Dossier, events: Sequence[Evenement], on: datetime.date) -> Balance:
    """The invoices still due on ``on``, the payments recorded up to that day deducted.

    A payment goes to the invoice it names, otherwise to the oldest invoice fallen due; what
    exceeds an invoice's balance goes on to the next.
    """
    paid = {f.numero: f.montant_regle for f in dossier.factures}
    total = Decimal("0")
    shares = []
    for event in ordered(events):
        if event.type != "paiement" or event.date > on or event.montant is None:
            continue
        total += event.montant
        left = event.montant
        for number in _allocation_order(dossier, event):
            invoice = next(f for f in dossier.factures if f.numero == number)
            share = min(left, invoice.montant_ttc - paid[number])
            if share > 0:
                paid[number] += share
                left -= share
                shares.append((number, event.date, share))
            if left <= 0:
                break
    invoices = [
        f.model_copy(update={"montant_regle": paid[f.numero]})
        for f in dossier.factures
        if paid[f.numero] < f.montant_ttc
    ]
    return Balance(invoices, to_cents(total), shares)


def _allocation_order(dossier: Dossier, payment: Evenement) -> list[str]:
    by_age = sorted(dossier.factures, key=lambda f: (f.echeance, f.date))
    numbers = [f.numero for f in by_age]
    if payment.facture in numbers:
        numbers.remove(payment.facture)
        numbers.insert(0, payment.facture)
    return numbers


def check_event(
    dossier: Dossier, events: Sequence[Evenement], new: Evenement, today: datetime.date
) -> list[FieldError]:
    """Why ``new`` cannot join the dossier's events (empty if it can), in French."""
    errors: list[FieldError] = []

    def refuse(path: str, message: str) -> list[FieldError]:
        errors.append(FieldError(path, message))
        return errors

    if new.date > today:
        return refuse("date", "date à venir : n'enregistrez que ce qui a eu lieu")
    first_due = min(f.echeance for f in dossier.factures)
    if new.type in ("relance", "mise_en_demeure") and new.date <= first_due:
        return refuse(
            "date",
            f"aucune facture n'est encore échue à cette date (1re échéance le "
            f"{date_courte(first_due)})",
        )
    check = _CHECKS.get(new.type)
    if check:
        message = check(dossier, events, new)
        if message:
            return refuse(*message)
    return errors


def _check_reception(dossier: Dossier, events: Sequence[Evenement], new: Evenement):
    notice = last(events, "mise_en_demeure", before=new.date)
    if notice is None:
        return "date", "aucune mise en demeure envoyée avant cette date"
    if notice.mode == "lettre_simple":
        return "type", "une lettre simple n'a pas d'avis de réception"
    if any(e.type == "reception" and e.date >= notice.date for e in events):
        return "type", (
            f"la réception de la mise en demeure du {date_courte(notice.date)} est déjà enregistrée"
        )
    return None


def _check_deadline(dossier: Dossier, events: Sequence[Evenement], new: Evenement):
    notice = last(events, "mise_en_demeure", before=new.date)
    if notice is None:
        return "date", "aucune mise en demeure envoyée avant cette date"
    end = notice_deadline(notice)
    if new.date <= end:
        return "date", f"la mise en demeure laisse jusqu'au {date_courte(end)} pour payer"
    return None


def _check_payment(dossier: Dossier, events: Sequence[Evenement], new: Evenement):
    numbers = [f.numero for f in dossier.factures]
    if new.facture is not None and new.facture not in numbers:
        return "facture", f"aucune facture n° {new.facture} dans ce dossier"
    due = balance(dossier, events, new.date)
    if new.facture is not None:
        invoice = next((f for f in due.invoices if f.numero == new.facture), None)
        left = invoice.reste_du if invoice else Decimal("0")
        if new.montant is not None and new.montant > left:
            return "montant", (
                f"dépasse le reste dû sur la facture {new.facture} à cette date ({montant(left)})"
            )
    if new.montant is not None and new.montant > due.principal:
        return "montant", f"dépasse le reste dû à cette date ({montant(due.principal)})"
    return None


def _check_request(dossier: Dossier, events: Sequence[Evenement], new: Evenement):
    notice = last(events, "mise_en_demeure", before=new.date)
    if notice is None:
        return "date", "aucune mise en demeure envoyée avant cette date"
    end = notice_deadline(notice)
    if new.date <= end:
        return "date", (
            f"la mise en demeure laisse jusqu'au {date_courte(end)} pour payer : la requête se "
            "dépose à partir du lendemain"
        )
    if balance(dossier, events, new.date).principal == 0:
        return "type", "plus rien n'est dû à cette date"
    return None


def _check_order(dossier: Dossier, events: Sequence[Evenement], new: Evenement):
    if last(events, "requete", before=new.date) is None:
        return "date", "aucune requête déposée avant cette date"
    return None


_CHECKS = {
    "reception": _check_reception,
    "delai_expire": _check_deadline,
    "paiement": _check_payment,
    "requete": _check_request,
    "ordonnance": _check_order,
}
