"""Case facts of a requête en injonction de payer (art. 1405 et seq. CPC)."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field, computed_field, model_validator

from docgen.facts.base import Courriel, FactsModel, Ligne, Taux, Telephone, rule_error
from docgen.facts.mise_en_demeure import Facture, Paiement, check_payments, payments_field
from docgen.facts.parties import Adresse, Partie
from docgen.facts.rates import RatesChoice, TauxFourni, stop_field, supplied_rates_field
from docgen.law.courts import Matter, commercial_form, merchant
from docgen.law.limitation import Limitation, limitation


class Fondement(FactsModel):
    """Acte d'où naît la créance (contrat, devis accepté, bon de commande, bail, offre)."""

    nature: Literal["contrat", "devis", "bon_de_commande", "bail", "offre_de_credit"] = Field(
        description="Nature de l'acte : contrat, devis accepté, bon de commande, bail "
        "d'habitation ou offre de crédit acceptée"
    )
    precision: Ligne | None = Field(
        None,
        description="Précision reprise après la nature de l'acte (objet, numéro)",
        examples=["de maintenance informatique n° M-2025-12"],
    )
    date: datetime.date = Field(
        description="Date de conclusion (signature ou acceptation)", examples=["2026-01-12"]
    )
    date_conditions_generales: datetime.date | None = Field(
        None,
        description="Date de la version des conditions générales de vente acceptées par le "
        "débiteur, si elles sont produites",
        examples=["2025-09-01"],
    )


class Relance(FactsModel):
    """Relance amiable antérieure à la mise en demeure."""

    date: datetime.date = Field(description="Date de la relance", examples=["2026-03-20"])
    moyen: Literal["courriel", "lettre_simple", "telephone", "sms"] = Field(
        description="Moyen : courriel, lettre simple, appel téléphonique ou SMS (seules les "
        "relances écrites sont produites comme pièces)"
    )


class MiseEnDemeurePrealable(FactsModel):
    """Mise en demeure de payer adressée au débiteur avant la requête."""

    date: datetime.date = Field(description="Date de la lettre", examples=["2026-04-20"])
    mode: Literal["lettre_recommandee_ar", "commissaire_de_justice", "lettre_simple"] = Field(
        "lettre_recommandee_ar",
        description="Mode d'envoi : lettre recommandée avec demande d'avis de réception, acte "
        "de commissaire de justice ou lettre simple",
    )
    date_reception: datetime.date | None = Field(
        None,
        description="Date de réception (avis de réception signé, ou date de l'acte) ; à "
        "défaut, les intérêts courent de la date de la lettre",
        examples=["2026-04-22"],
    )
    non_reclame: bool = Field(
        False,
        description="Pli avisé et non réclamé : la date de réception est alors celle de sa "
        "première présentation",
    )


class Mandataire(FactsModel):
    """Mandataire qui présente la requête pour le créancier (avocat ou autre)."""

    qualite: Literal["avocat", "autre"] = Field(description="Avocat, ou autre mandataire")
    civilite: Literal["M.", "Mme"] = Field(description="Civilité")
    prenom: Ligne = Field(description="Prénom", examples=["Sophie"])
    nom: Ligne = Field(description="Nom", examples=["Laurent"])
    barreau: Ligne | None = Field(
        None, description="Barreau d'inscription (avocat)", examples=["Lyon"]
    )
    cabinet: Ligne | None = Field(
        None, description="Nom du cabinet ou de la structure", examples=["Laurent Avocats"]
    )
    fonction: Ligne | None = Field(
        None,
        description="Qualité du mandataire non avocat (ex. salarié du créancier)",
        examples=["responsable du recouvrement du créancier"],
    )
    adresse: Adresse = Field(description="Adresse professionnelle (domicile élu)")
    email: Courriel | None = Field(None, description="Adresse électronique")
    telephone: Telephone | None = Field(None, description="Téléphone")
    date_pouvoir: datetime.date | None = Field(
        None,
        description="Date du pouvoir spécial donné par le créancier, joint à la requête "
        "(obligatoire pour un mandataire qui n'est pas avocat)",
        examples=["2026-05-04"],
    )

    @model_validator(mode="after")
    def _coherent(self) -> Mandataire:
        if self.qualite == "avocat" and self.barreau is None:
            raise rule_error("barreau", "obligatoire pour un avocat")
        if self.qualite == "autre" and self.fonction is None:
            raise rule_error("fonction", "obligatoire pour un mandataire qui n'est pas avocat")
        if self.qualite == "autre" and self.date_pouvoir is None:
            raise rule_error(
                "date_pouvoir",
                "obligatoire : le mandataire qui n'est pas avocat joint son pouvoir spécial",
            )
        return self


def commercant(partie: Partie) -> bool:
    """A commerçant or a commercial company (art. L.110-4 C. com.), artisans aside."""
    if partie.nature == "personne_morale":
        return bool(commercial_form(partie.forme_juridique or "")) or (
            partie.activite == "commerciale"
        )
    return partie.activite == "commerciale"


_CIVIL_STATUS = ("profession", "nationalite", "date_naissance", "lieu_naissance")


class InjonctionDePayer(RatesChoice):
    """Faits d'une requête en injonction de payer des factures impayées."""

    creancier: Partie = Field(description="Le créancier, qui présente la requête")
    debiteur: Partie = Field(description="Le débiteur, contre qui l'injonction est demandée")
    matiere: Matter = Field(
        "vente_ou_prestation",
        description="Nature de la créance : prix de biens ou de services, loyers d'un bail "
        "d'habitation, ou crédit à la consommation (ces deux dernières relèvent du juge des "
        "contentieux de la protection)",
    )
    tribunal_ville: Ligne | None = Field(
        None,
        description="Ville où siège la juridiction dans le ressort de laquelle le débiteur a "
        "son domicile ou son siège (art. 1406 CPC) ; par défaut, la ville du débiteur",
        examples=["Lyon"],
    )
    fondement: Fondement = Field(description="Acte d'où naît la créance")
    prestation: Ligne = Field(
        description="Biens vendus ou prestations réalisées (complément de « au titre de »)",
        examples=["la refonte et la maintenance de son site internet"],
    )
    factures: list[Facture] = Field(
        min_length=1, max_length=50, description="Factures (ou échéances) impayées"
    )
    relances: list[Relance] = Field(
        [], max_length=10, description="Relances amiables antérieures à la mise en demeure"
    )
    mise_en_demeure: MiseEnDemeurePrealable = Field(
        description="Mise en demeure de payer restée sans effet"
    )
    taux_penalites_contractuel: Taux | None = Field(
        None,
        description="Taux annuel des pénalités de retard stipulé (entre professionnels) ; à "
        "défaut, taux BCE + 10 points (art. L.441-10 C. com.)",
        examples=["12.15"],
    )
    pieces_complementaires: list[Ligne] = Field(
        [],
        max_length=20,
        description="Autres pièces produites (bons de livraison, procès-verbal de réception…)",
        examples=[["Bon de livraison signé du 20 janvier 2026"]],
    )
    mandataire: Mandataire | None = Field(
        None, description="Mandataire qui présente et signe la requête (avocat ou autre)"
    )
    date_requete: datetime.date = Field(description="Date de la requête", examples=["2026-05-20"])
    lieu: Ligne = Field(description="Ville où la requête est signée", examples=["Lyon"])
    paiements: list[Paiement] = payments_field()
    taux_fournis: list[TauxFourni] = supplied_rates_field()
    arreter_au_dernier_taux_connu: bool = stop_field()

    @computed_field(  # type: ignore[prop-decorator]
        description="Vrai si créancier et débiteur agissent tous deux à titre professionnel "
        "(régime L.441-10 C. com.)"
    )
    @property
    def entre_professionnels(self) -> bool:
        return self.creancier.professionnel and self.debiteur.professionnel

    @model_validator(mode="after")
    def _coherent(self) -> InjonctionDePayer:
        self._check_parties()
        self._check_dates()
        check_payments(self, self.date_requete, "de la requête")
        self._check_limitation()
        if self.taux_penalites_contractuel is not None and not self.entre_professionnels:
            raise rule_error(
                "taux_penalites_contractuel",
                "les pénalités de retard de l'art. L.441-10 C. com. ne s'appliquent "
                "qu'entre professionnels",
            )
        return self

    def _check_parties(self) -> None:
        if self.creancier.nature == "personne_physique":
            for name in _CIVIL_STATUS:
                if getattr(self.creancier, name) is None:
                    raise rule_error(
                        f"creancier.{name}",
                        "obligatoire pour un créancier personne physique (art. 54 et 57 CPC)",
                    )
        elif self.creancier.representant_qualite is None:
            raise rule_error(
                "creancier.representant_qualite",
                "obligatoire : organe qui représente la personne morale (art. 54 CPC)",
            )
        if self.debiteur.adresse.pays.casefold() != "france":
            raise rule_error(
                "debiteur.adresse.pays",
                "le débiteur doit demeurer en France : la requête est présentée au juge du "
                "lieu où il demeure (art. 1406 CPC)",
            )
        if self.matiere != "vente_ou_prestation" and not self.debiteur.consommateur:
            raise rule_error(
                "matiere",
                "un bail d'habitation ou un crédit à la consommation suppose un "
                "débiteur consommateur",
            )
        self._check_activities()
        expected = {"bail_habitation": "bail", "credit_consommation": "offre_de_credit"}
        if expected.get(self.matiere, self.fondement.nature) != self.fondement.nature or (
            self.matiere == "vente_ou_prestation"
            and self.fondement.nature in ("bail", "offre_de_credit")
        ):
            raise rule_error("fondement.nature", "ne correspond pas à la nature de la créance")

    def _check_activities(self) -> None:
        if self.matiere != "vente_ou_prestation" or self.debiteur.consommateur:
            return
        if self.creancier.activite == "liberale" or self.creancier.consommateur:
            return
        for role in ("creancier", "debiteur"):
            if merchant(getattr(self, role)) is None:
                raise rule_error(
                    f"{role}.activite",
                    "précisez l'activité (commerciale, artisanale, libérale, agricole ou "
                    "civile) : elle détermine le tribunal compétent",
                )

    def _check_dates(self) -> None:
        notice = self.mise_en_demeure
        if notice.date > self.date_requete:
            raise rule_error("mise_en_demeure.date", "postérieure à la date de la requête")
        if notice.date_reception is not None and not (
            notice.date <= notice.date_reception <= self.date_requete
        ):
            raise rule_error(
                "mise_en_demeure.date_reception",
                "doit être comprise entre la date de la lettre et celle de la requête",
            )
        for index, facture in enumerate(self.factures):
            if facture.echeance >= notice.date:
                raise rule_error(
                    f"factures[{index}].echeance",
                    "facture non encore échue à la date de la mise en demeure",
                )
        for index, relance in enumerate(self.relances):
            if relance.date > notice.date:
                raise rule_error(f"relances[{index}].date", "postérieure à la mise en demeure")
        if self.fondement.date > min(f.date for f in self.factures):
            raise rule_error("fondement.date", "postérieure à la première facture")
        agent = self.mandataire
        if agent and agent.date_pouvoir and agent.date_pouvoir > self.date_requete:
            raise rule_error("mandataire.date_pouvoir", "postérieure à la date de la requête")

    def limitation(self) -> Limitation:
        """The limitation (or foreclosure) period of the action and the article setting it."""
        return limitation(
            self.matiere,
            consumer_debt=self.debiteur.consommateur and self.creancier.professionnel,
            commercial=any(commercant(p) for p in (self.creancier, self.debiteur)),
        )

    def _check_limitation(self) -> None:
        period = self.limitation()
        lapsed = "forclose" if period.kind == "forclusion" else "prescrite"
        for index, facture in enumerate(self.factures):
            if self.date_requete > period.last_day(facture.echeance):
                raise rule_error(
                    f"factures[{index}].echeance",
                    f"créance {lapsed} : la facture {facture.numero}, échue le "
                    f"{facture.echeance:%d/%m/%Y}, l'est depuis plus de {period.in_words} à la "
                    f"date de la requête ({period.article}) ; l'injonction de payer ne peut "
                    "plus être demandée",
                )
