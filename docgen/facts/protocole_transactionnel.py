"""Case facts of a protocole d'accord transactionnel (settlement agreement, art. 2044 C. civ.)."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from docgen.facts.base import FactsModel, Ligne, Montant, Texte, rule_error
from docgen.facts.parties import Partie
from docgen.formatting import montant
from docgen.law.money import to_cents

MAX_NON_DENIGREMENT_MOIS = 36
"""Longest non-disparagement undertaking accepted: it must stay limited in time."""

_ARTICLE = re.compile(r"(le |la |l'|l’)\S", re.IGNORECASE)


def _check_iban(value: str) -> str:
    if not stdnum_iban.is_valid(value):
        raise PydanticCustomError("iban", "IBAN invalide (pays, longueur ou clé de contrôle)")
    return stdnum_iban.format(value)


def _check_bic(value: str) -> str:
    if not stdnum_bic.is_valid(value):
        raise PydanticCustomError("bic", "BIC invalide (8 ou 11 caractères, ex. AGRIFRPP882)")
    return stdnum_bic.compact(value)


def _with_article(example: str) -> Any:
    """A check that a name starts with its definite article, as the text needs it."""

    def check(value: str) -> str:
        if not _ARTICLE.match(value):
            raise PydanticCustomError(
                "article",
                "commencer par « le », « la » ou « l' » (ex. « {exemple} »)",
                {"exemple": example},
            )
        return value.replace("’", "'")

    return AfterValidator(check)


Iban = Annotated[Ligne, AfterValidator(_check_iban)]
Bic = Annotated[Ligne, AfterValidator(_check_bic)]
Appellation = Annotated[Ligne, _with_article("le Client")]
Juridiction = Annotated[Ligne, _with_article("le tribunal judiciaire de Lyon")]


class Avocat(FactsModel):
    """Avocat qui assiste une partie (et contresigne l'acte, art. 1546 CPC)."""

    nom: Ligne = Field(description="Prénom et nom de l'avocat", examples=["Hélène Garçon"])
    barreau: Ligne = Field(description="Barreau d'inscription", examples=["Lyon"])
    cabinet: Ligne | None = Field(None, description="Cabinet", examples=["Garçon Avocats"])


class PartieProtocole(Partie):
    """Partie au protocole : identité, appellation, avocat, prétentions et concessions."""

    appellation: Appellation = Field(
        description="Appellation de la partie dans le texte, avec son article",
        examples=["le Client"],
    )
    avocat: Avocat | None = Field(None, description="Avocat de la partie")
    pretentions: Texte = Field(
        description="Prétentions initiales de la partie dans le litige",
        examples=["le paiement du solde de ses factures, majoré des pénalités de retard"],
    )
    montant_reclame: Montant | None = Field(
        None, description="Montant total réclamé par la partie, en euros", examples=["24600.00"]
    )
    concessions: list[Texte] = Field(
        default_factory=list,
        max_length=20,
        description="Concessions consenties par la partie (une au moins)",
        examples=[["renonce aux pénalités de retard et à l'indemnité de recouvrement"]],
    )


class Echeance(FactsModel):
    """Échéance de paiement."""

    date: datetime.date = Field(description="Date limite de paiement", examples=["2026-05-15"])
    montant: Montant = Field(gt=0, description="Montant de l'échéance en euros")


class Reglement(FactsModel):
    """Somme convenue, versée par une partie à une autre."""

    payeur: Ligne = Field(description="Appellation de la partie qui paie", examples=["le Client"])
    beneficiaire: Ligne = Field(
        description="Appellation de la partie qui reçoit", examples=["le Prestataire"]
    )
    montant: Montant = Field(gt=0, description="Montant total en euros", examples=["16450.50"])
    cause: Ligne | None = Field(
        None,
        description="Cause du versement ; à défaut : « à titre d'indemnité transactionnelle, "
        "forfaitaire, globale et définitive »",
        examples=["en règlement, toutes taxes comprises, des factures litigieuses"],
    )
    echeancier: list[Echeance] = Field(
        min_length=1, max_length=36, description="Échéances (une seule en cas de paiement unique)"
    )
    mode_paiement: Literal["virement", "virement_carpa", "cheque_de_banque"] = Field(
        "virement",
        description="Virement sur le compte du bénéficiaire, virement sur le compte CARPA de "
        "son avocat, ou chèque de banque",
    )
    iban: Iban | None = Field(
        None,
        description="IBAN du compte à créditer",
        examples=["FR76 3000 6000 0112 3456 7890 189"],
    )
    bic: Bic | None = Field(None, description="BIC de la banque", examples=["AGRIFRPP882"])
    titulaire_compte: Ligne | None = Field(
        None, description="Titulaire du compte (par défaut : le bénéficiaire)"
    )

    @model_validator(mode="after")
    def _coherent(self) -> Reglement:
        if self.payeur == self.beneficiaire:
            raise rule_error("beneficiaire", "le bénéficiaire doit être une autre partie")
        total = to_cents(sum(e.montant for e in self.echeancier))
        if total != to_cents(self.montant):
            gap = montant(abs(total - self.montant))
            raise rule_error(
                "echeancier",
                f"le total des échéances ({montant(total)}) ne correspond pas au montant "
                f"convenu ({montant(self.montant)}) : écart de {gap}",
            )
        for index, (previous, current) in enumerate(
            zip(self.echeancier, self.echeancier[1:], strict=False), start=1
        ):
            if current.date <= previous.date:
                raise rule_error(
                    f"echeancier[{index}].date", "les échéances doivent se suivre dans le temps"
                )
        if self.mode_paiement == "virement" and self.iban is None:
            raise rule_error("iban", "obligatoire pour un paiement par virement")
        return self


class Instance(FactsModel):
    """Procédure judiciaire en cours, dont le demandeur se désiste."""

    juridiction: Juridiction = Field(
        description="Juridiction saisie, avec son article",
        examples=["le tribunal des activités économiques de Lyon"],
    )
    numero_rg: Ligne | None = Field(
        None, description="Numéro de rôle (RG)", examples=["2026F00412"]
    )
    date_saisine: datetime.date = Field(description="Date de l'acte introductif d'instance")
    demandeur: Ligne = Field(description="Appellation de la partie demanderesse")
    desistement_apres: Literal["signature", "paiement_integral"] = Field(
        "paiement_integral",
        description="Désistement après la signature, ou après le paiement intégral des sommes",
    )
    delai_desistement_jours: int = Field(
        15, ge=1, le=90, description="Délai pour se désister, en jours"
    )


class Confidentialite(FactsModel):
    """Clause de confidentialité."""

    duree_ans: int | None = Field(
        None, ge=1, le=30, description="Durée en années (sans limite si absente)"
    )


class NonDenigrement(FactsModel):
    """Clause de non-dénigrement, limitée dans le temps et dans son objet."""

    reciproque: bool = Field(True, description="Engagement de toutes les parties")
    parties_tenues: list[Ligne] = Field(
        default_factory=list,
        description="Appellations des parties tenues, si l'engagement n'est pas réciproque",
    )
    duree_mois: int = Field(
        ge=1,
        le=MAX_NON_DENIGREMENT_MOIS,
        description=f"Durée en mois ({MAX_NON_DENIGREMENT_MOIS} au plus)",
        examples=[18],
    )
    perimetre: Texte = Field(
        description="Objet et supports visés",
        examples=["les propos relatifs au litige tenus publiquement ou auprès de la clientèle"],
    )

    @model_validator(mode="after")
    def _coherent(self) -> NonDenigrement:
        if self.reciproque and self.parties_tenues:
            raise rule_error(
                "parties_tenues", "inutile : l'engagement réciproque lie chaque partie"
            )
        if not self.reciproque and not self.parties_tenues:
            raise rule_error("parties_tenues", "indiquez la ou les parties tenues")
        return self


class ProtocoleTransactionnel(FactsModel):
    """Faits d'un protocole d'accord transactionnel (art. 2044 et suivants du Code civil)."""

    parties: list[PartieProtocole] = Field(min_length=2, max_length=6, description="Les parties")
    expose: list[Texte] = Field(
        min_length=1, max_length=30, description="Exposé des faits, un paragraphe par élément"
    )
    objet_litige: Texte = Field(
        description="Objet du litige, auquel la renonciation est limitée",
        examples=["le paiement des factures n° F-2025-118 à F-2025-131 et la qualité des travaux"],
    )
    instance: Instance | None = Field(None, description="Procédure en cours, le cas échéant")
    reglements: list[Reglement] = Field(
        min_length=1, max_length=10, description="Sommes convenues et leur échéancier"
    )
    delai_mise_en_demeure_jours: int = Field(
        15, ge=8, le=60, description="Délai de la mise en demeure avant déchéance du terme"
    )
    clause_penale: Montant = Field(
        gt=0, description="Montant de la clause pénale en euros", examples=["1500.00"]
    )
    confidentialite: Confidentialite | None = Field(
        default_factory=Confidentialite, description="Clause de confidentialité (null : aucune)"
    )
    non_denigrement: NonDenigrement | None = Field(None, description="Clause de non-dénigrement")
    force_executoire: Literal["homologation", "formule_executoire_greffe"] = Field(
        description="Homologation par le juge (art. 1543 et s. CPC) ou formule exécutoire "
        "apposée par le greffe sur l'acte contresigné par les avocats (art. 1546 CPC)"
    )
    juridiction_competente: Ligne = Field(
        description="Juridiction compétente pour l'homologation ou la formule exécutoire",
        examples=["tribunal judiciaire de Lyon"],
    )
    lieu_signature: Ligne = Field(description="Lieu de signature", examples=["Lyon"])
    date_signature: datetime.date = Field(description="Date de signature")

    @model_validator(mode="after")
    def _coherent(self) -> ProtocoleTransactionnel:
        names = [p.appellation.casefold() for p in self.parties]
        for index, party in enumerate(self.parties):
            if names.index(party.appellation.casefold()) != index:
                raise rule_error(f"parties[{index}].appellation", "appellation déjà employée")
            if not party.concessions:
                raise rule_error(
                    f"parties[{index}].concessions",
                    "chaque partie doit consentir au moins une concession : sans concessions "
                    "réciproques, il n'y a pas de transaction (art. 2044 C. civ.)",
                )
            if self.force_executoire == "formule_executoire_greffe" and party.avocat is None:
                raise rule_error(
                    f"parties[{index}].avocat",
                    "obligatoire : la formule exécutoire du greffe (art. 1546 CPC) suppose un "
                    "acte contresigné par l'avocat de chaque partie",
                )
        self._check_references(names)
        return self

    def _check_references(self, names: list[str]) -> None:
        known = ", ".join(f"« {p.appellation} »" for p in self.parties)

        def check(path: str, value: str) -> None:
            if value.replace("’", "'").casefold() not in names:
                raise rule_error(path, f"« {value} » ne désigne aucune partie ({known})")

        for index, payment in enumerate(self.reglements):
            check(f"reglements[{index}].payeur", payment.payeur)
            check(f"reglements[{index}].beneficiaire", payment.beneficiaire)
            if payment.echeancier[0].date < self.date_signature:
                raise rule_error(
                    f"reglements[{index}].echeancier[0].date",
                    "l'échéance précède la signature du protocole",
                )
            payee = self.partie(payment.beneficiaire)
            if payment.mode_paiement == "virement_carpa" and payee.avocat is None:
                raise rule_error(
                    f"reglements[{index}].mode_paiement",
                    "un virement CARPA suppose que le bénéficiaire soit assisté d'un avocat",
                )
        if self.instance is not None:
            check("instance.demandeur", self.instance.demandeur)
        if self.non_denigrement is not None:
            for index, name in enumerate(self.non_denigrement.parties_tenues):
                check(f"non_denigrement.parties_tenues[{index}]", name)

    def partie(self, appellation: str) -> PartieProtocole:
        """The party designated by ``appellation``."""
        wanted = appellation.replace("’", "'").casefold()
        return next(p for p in self.parties if p.appellation.casefold() == wanted)
