"""Case facts of a relance amiable (courteous reminder of unpaid invoices, before any notice)."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field, computed_field, model_validator

from docgen.facts.base import Ligne, Taux, Texte, rule_error
from docgen.facts.mise_en_demeure import (
    Facture,
    Paiement,
    check_payments,
    payments_field,
    penalty_rate_field,
    signatory_field,
)
from docgen.facts.parties import Partie
from docgen.facts.rates import RatesChoice, TauxFourni, stop_field, supplied_rates_field


class RelanceAmiable(RatesChoice):
    """Faits d'une relance amiable de factures impayées, avant toute mise en demeure."""

    creancier: Partie = Field(description="Le créancier, qui envoie la relance")
    debiteur: Partie = Field(description="Le débiteur, qui doit les sommes")
    factures: list[Facture] = Field(min_length=1, max_length=100, description="Factures impayées")
    prestation: Texte = Field(
        description="Nature des biens vendus ou des prestations réalisées",
        examples=["la création et la mise en ligne d'un site internet"],
    )
    date_lettre: datetime.date = Field(description="Date de la relance", examples=["2026-04-15"])
    lieu: Ligne = Field(description="Ville où la relance est écrite", examples=["Lyon"])
    delai_jours: int = Field(
        15, ge=1, le=60, description="Délai proposé pour régler, en jours (15 par défaut)"
    )
    mode_envoi: Literal["courriel", "lettre_simple", "lettre_recommandee_ar"] = Field(
        "courriel",
        description="Mode d'envoi : courriel (l'adresse électronique du débiteur est alors "
        "requise), lettre simple, ou lettre recommandée avec accusé de réception",
    )
    rappel_precedent: datetime.date | None = Field(
        None,
        description="Date d'un précédent rappel resté sans réponse, s'il y en a eu un",
        examples=["2026-04-02"],
    )
    moyens_paiement: Texte | None = Field(
        None,
        description="Moyens de paiement acceptés (virement avec l'IBAN, chèque…)",
        examples=["virement sur le compte FR76 3000 4000 0100 0123 4567 890"],
    )
    reclamer_penalites: bool = Field(
        True,
        description="Entre professionnels : réclamer dès la relance les pénalités de retard et "
        "l'indemnité forfaitaire de 40 € déjà dues ; sinon la relance les rappelle seulement, "
        "en réservant leur application",
    )
    taux_penalites_contractuel: Taux | None = penalty_rate_field()
    signataire: Ligne | None = signatory_field()
    paiements: list[Paiement] = payments_field()
    taux_fournis: list[TauxFourni] = supplied_rates_field()
    arreter_au_dernier_taux_connu: bool = stop_field()

    @model_validator(mode="after")
    def _coherent(self) -> RelanceAmiable:
        check_payments(self, self.date_lettre, "de la relance")
        if self.taux_penalites_contractuel is not None and not self.entre_professionnels:
            raise rule_error(
                "taux_penalites_contractuel",
                "les pénalités de retard de l'art. L.441-10 C. com. ne s'appliquent qu'entre "
                "professionnels",
            )
        if self.mode_envoi == "courriel" and self.debiteur.email is None:
            raise rule_error("debiteur.email", "obligatoire pour envoyer la relance par courriel")
        if self.rappel_precedent is not None and self.rappel_precedent >= self.date_lettre:
            raise rule_error("rappel_precedent", "doit précéder la date de la relance")
        for index, facture in enumerate(self.factures):
            if facture.echeance >= self.date_lettre:
                raise rule_error(
                    f"factures[{index}].echeance",
                    "facture non encore échue à la date de la relance",
                )
        return self

    @computed_field(
        description="Vrai si créancier et débiteur agissent tous deux à titre "
        "professionnel (régime L.441-10 C. com.)"
    )  # type: ignore[prop-decorator]
    @property
    def entre_professionnels(self) -> bool:
        return self.creancier.professionnel and self.debiteur.professionnel
