"""Case facts of a mise en demeure de payer (formal notice to pay unpaid invoices)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, computed_field, model_validator

from docgen.facts.base import FactsModel, Ligne, Montant, Taux, Texte, rule_error
from docgen.facts.parties import Partie
from docgen.facts.rates import RatesChoice, TauxFourni, stop_field, supplied_rates_field
from docgen.law.money import to_cents


def _commercial(partie: Partie) -> bool:
    """Commerçant, artisan or company: disputes between them go to the commercial court."""
    if partie.consommateur or partie.activite in ("civile", "liberale", "agricole"):
        return False
    return partie.nature == "personne_morale" or partie.activite in ("commerciale", "artisanale")


class Facture(FactsModel):
    """Facture impayée."""

    numero: Ligne = Field(description="Numéro de la facture", examples=["F-2026-042"])
    date: datetime.date = Field(description="Date d'émission", examples=["2026-03-02"])
    echeance: datetime.date = Field(
        description="Date d'échéance (date limite de paiement)", examples=["2026-04-01"]
    )
    montant_ttc: Montant = Field(description="Montant TTC en euros", examples=["1250.00"])
    montant_regle: Montant = Field(
        Decimal("0.00"),
        description="Montant déjà réglé (acomptes, paiements partiels) en euros",
        examples=["250.00"],
    )
    objet: Ligne | None = Field(
        None, description="Objet de la facture", examples=["Création du site vitrine"]
    )

    @model_validator(mode="after")
    def _coherent(self) -> Facture:
        if self.echeance < self.date:
            raise rule_error("echeance", "l'échéance ne peut précéder la date de la facture")
        if self.montant_regle >= self.montant_ttc:
            raise rule_error("montant_regle", "la facture est déjà entièrement réglée")
        return self

    @computed_field(description="Reste dû en euros")  # type: ignore[prop-decorator]
    @property
    def reste_du(self) -> Montant:
        return to_cents(self.montant_ttc - self.montant_regle)


class Paiement(FactsModel):
    """Paiement reçu après l'échéance d'une facture (compris dans son « déjà réglé »)."""

    facture: Ligne = Field(description="Numéro de la facture réglée", examples=["F-2026-011"])
    date: datetime.date = Field(description="Date du paiement", examples=["2026-05-20"])
    montant: Montant = Field(gt=0, description="Montant reçu en euros", examples=["1000.00"])


def payments_field() -> Any:
    """The ``paiements`` field of a letter claiming invoices: late payments, with their dates."""
    return Field(
        default_factory=list,
        max_length=100,
        description="Paiements reçus après l'échéance, déjà comptés dans « déjà réglé » : la "
        "somme payée cesse de produire pénalités ou intérêts le lendemain de son paiement",
    )


def check_payments(facts: Any, day: datetime.date, what: str) -> None:
    """Each dated payment names an invoice, precedes ``day``, and fits in what it has paid."""
    paid: dict[str, Decimal] = {}
    numbers = {f.numero: f for f in facts.factures}
    for index, payment in enumerate(facts.paiements):
        invoice = numbers.get(payment.facture)
        if invoice is None:
            raise rule_error(f"paiements[{index}].facture", "aucune facture de ce numéro")
        if payment.date > day:
            raise rule_error(f"paiements[{index}].date", f"postérieur à la date {what}")
        paid[payment.facture] = paid.get(payment.facture, Decimal("0")) + payment.montant
        if paid[payment.facture] > invoice.montant_regle:
            raise rule_error(
                f"paiements[{index}].montant",
                f"les paiements datés de la facture {invoice.numero} dépassent son « déjà réglé »",
            )


def penalty_rate_field() -> Any:
    """The ``taux_penalites_contractuel`` field of a letter claiming unpaid invoices."""
    return Field(
        None,
        description="Taux annuel des pénalités de retard stipulé dans les CGV ou le contrat "
        "(entre professionnels) ; à défaut, taux BCE + 10 points",
        examples=["12.15"],
    )


def signatory_field() -> Any:
    """The ``signataire`` field of a creditor's letter."""
    return Field(
        None, description="Nom du signataire (par défaut : le créancier ou son représentant)"
    )


class MiseEnDemeure(RatesChoice):
    """Faits d'une mise en demeure de payer des factures impayées."""

    creancier: Partie = Field(description="Le créancier, qui envoie la mise en demeure")
    debiteur: Partie = Field(description="Le débiteur, qui doit les sommes")
    factures: list[Facture] = Field(min_length=1, max_length=100, description="Factures impayées")
    prestation: Texte = Field(
        description="Nature des biens vendus ou des prestations réalisées",
        examples=["la création et la mise en ligne d'un site internet"],
    )
    relances: Texte | None = Field(
        None,
        description="Relances amiables déjà faites (dates et moyens)",
        examples=["courriels des 15 avril et 2 mai 2026"],
    )
    date_lettre: datetime.date = Field(description="Date de la lettre", examples=["2026-06-15"])
    lieu: Ligne = Field(description="Ville où la lettre est signée", examples=["Lyon"])
    delai_jours: int = Field(
        8, ge=8, le=60, description="Délai laissé pour payer, en jours (8 au minimum)"
    )
    mode_envoi: Literal["lettre_recommandee_ar", "commissaire_de_justice"] = Field(
        "lettre_recommandee_ar",
        description="Mode d'envoi : lettre recommandée avec accusé de réception, ou "
        "signification par commissaire de justice",
    )
    copie_courriel: bool = Field(
        False,
        description="Envoyer aussi une copie par courriel au débiteur (son adresse "
        "électronique est alors requise)",
    )
    taux_penalites_contractuel: Taux | None = penalty_rate_field()
    suite_envisagee: Literal["injonction_de_payer", "assignation"] = Field(
        "injonction_de_payer", description="Action envisagée à défaut de paiement"
    )
    signataire: Ligne | None = signatory_field()
    paiements: list[Paiement] = payments_field()
    taux_fournis: list[TauxFourni] = supplied_rates_field()
    arreter_au_dernier_taux_connu: bool = stop_field()

    @model_validator(mode="after")
    def _coherent(self) -> MiseEnDemeure:
        check_payments(self, self.date_lettre, "de la lettre")
        if self.taux_penalites_contractuel is not None and not self.entre_professionnels:
            raise rule_error(
                "taux_penalites_contractuel",
                "les pénalités de retard de "
                "l'art. L.441-10 C. com. ne s'appliquent qu'entre professionnels",
            )
        if self.copie_courriel and self.debiteur.email is None:
            raise rule_error("debiteur.email", "obligatoire pour envoyer une copie par courriel")
        for index, facture in enumerate(self.factures):
            if facture.echeance >= self.date_lettre:
                raise rule_error(
                    f"factures[{index}].echeance", "facture non encore échue à la date de la lettre"
                )
        return self

    @computed_field(
        description="Vrai si créancier et débiteur agissent tous deux à titre "
        "professionnel (régime L.441-10 C. com.)"
    )  # type: ignore[prop-decorator]
    @property
    def entre_professionnels(self) -> bool:
        return self.creancier.professionnel and self.debiteur.professionnel

    @computed_field(  # type: ignore[prop-decorator]
        description="Vrai si le litige relève du tribunal judiciaire (le débiteur ou le "
        "créancier n'est ni commerçant, ni artisan, ni société commerciale)"
    )
    @property
    def tribunal_judiciaire(self) -> bool:
        return not (_commercial(self.creancier) and _commercial(self.debiteur))
