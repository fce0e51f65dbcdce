"""Case facts of conditions générales de vente (B2C, B2B or both)."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from docgen.errors import MissingRateError
from docgen.facts.base import Courriel, FactsModel, Ligne, Taux, Texte, rule_error
from docgen.facts.parties import Adresse, Partie
from docgen.facts.rates import RatesChoice, TauxFourni, supplied_rates, supplied_rates_field
from docgen.formatting import pourcentage
from docgen.law.rates import HalfYear, current_rates, penalty_rate_floor

_URL = re.compile(r"(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?", re.IGNORECASE)


def _check_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise PydanticCustomError("url", "adresse de site invalide (ex. https://www.exemple.fr)")
    return value


Url = Annotated[Ligne, AfterValidator(_check_url)]

CODES_EXCEPTIONS = (
    "prix_marche_financier", "bien_personnalise", "bien_perissable", "bien_descelle_hygiene",
    "bien_melange", "boisson_alcoolisee", "travaux_urgents", "enregistrement_descelle",
    "journal_periodique",
)  # fmt: skip
"""Codes of the exceptions 2° to 10° of art. L.221-28 C. conso., in the order of the article."""

ExceptionRetractation = Literal[CODES_EXCEPTIONS]  # type: ignore[valid-type]
_NOT_GOODS_ONLY = {"prix_marche_financier", "travaux_urgents"}
Moyen = Literal["carte_bancaire", "virement", "cheque", "especes", "prelevement"]


class Mediateur(FactsModel):
    """Médiateur de la consommation dont relève le vendeur (référencé par la CECMC)."""

    nom: Ligne = Field(description="Nom du médiateur", examples=["CM2C"])
    site_internet: Url = Field(
        description="Site où le consommateur dépose sa demande", examples=["https://www.cm2c.net"]
    )
    adresse: Adresse = Field(description="Adresse postale du médiateur")
    courriel: Courriel | None = Field(None, description="Adresse électronique du médiateur")


class Traitement(FactsModel):
    """Traitement de données personnelles (art. 13 RGPD) : finalité, base légale, durée."""

    finalite: Ligne = Field(description="Finalité", examples=["Gestion des commandes"])
    base_legale: Literal["contrat", "obligation_legale", "interet_legitime", "consentement"] = (
        Field(
            description="Base légale : contrat, obligation légale, intérêt légitime, consentement"
        )
    )
    interet_legitime: Ligne | None = Field(
        None,
        description="Intérêt légitime poursuivi (base légale « interet_legitime »)",
        examples=["la prospection de clients existants pour des produits analogues"],
    )
    duree_conservation: Ligne = Field(
        description="Durée de conservation", examples=["cinq ans après la fin de la relation"]
    )

    @model_validator(mode="after")
    def _coherent(self) -> Traitement:
        legitimate = self.base_legale == "interet_legitime"
        if legitimate and self.interet_legitime is None:
            raise rule_error("interet_legitime", "précisez l'intérêt légitime poursuivi")
        if not legitimate and self.interet_legitime is not None:
            raise rule_error("interet_legitime", "sans objet pour cette base légale")
        return self


class Delegue(FactsModel):
    """Délégué à la protection des données (DPO)."""

    nom: Ligne = Field(description="Nom du délégué", examples=["Paul Lefèvre"])
    courriel: Courriel = Field(description="Adresse électronique du délégué")


class DonneesPersonnelles(FactsModel):
    """Informations sur les données personnelles des clients (art. 13 RGPD)."""

    traitements: list[Traitement] = Field(min_length=1, max_length=15, description="Traitements")
    destinataires: list[Ligne] = Field(
        min_length=1,
        max_length=15,
        description="Destinataires des données",
        examples=[["le transporteur chargé de la livraison", "l'expert-comptable du vendeur"]],
    )
    transferts_hors_ue: Texte | None = Field(
        None, description="Transferts hors de l'Union européenne et leurs garanties (à défaut : "
        "aucun)",
    )  # fmt: skip
    delegue: Delegue | None = Field(None, description="Délégué à la protection des données")
    courriel_contact: Courriel | None = Field(
        None, description="Adresse d'exercice des droits (par défaut : courriel du vendeur)"
    )


class Escompte(FactsModel):
    """Escompte pour paiement anticipé."""

    taux: Taux = Field(gt=0, description="Taux de l'escompte en pourcentage", examples=["1.00"])
    delai_jours: int = Field(ge=1, le=60, description="Paiement dans ce délai après la facture")


class ConditionsProfessionnels(FactsModel):
    """Conditions de règlement et tarifs des clients professionnels (L.441-1, L.441-10 C. com.)."""

    delai_paiement_jours: int | None = Field(
        None,
        ge=0,
        le=365,
        description="Délai de paiement en jours (0 : à réception de la facture) ; à défaut, 30 "
        "jours après réception des biens ou exécution de la prestation (L.441-10 I C. com.)",
        examples=[30],
    )
    fin_de_mois: bool = Field(
        False,
        description="Délai en jours fin de mois (45 au plus ; sinon 60 jours date de facture)",
    )
    taux_penalites: Taux | None = Field(
        None,
        description="Taux annuel des pénalités de retard, au moins 3 fois le taux de l'intérêt "
        "légal ; à défaut, taux de refinancement de la BCE majoré de 10 points",
        examples=["10.00"],
    )
    escompte: Escompte | None = Field(None, description="Escompte (à défaut : pas d'escompte)")
    bareme_prix: Texte = Field(
        description="Barème des prix unitaires : où il se trouve (L.441-1 I C. com.)",
        examples=["le tarif en vigueur, communiqué sur simple demande et joint à chaque devis"],
    )
    reductions: Texte | None = Field(
        None,
        description="Réductions de prix consenties (remises, rabais, ristournes)",
        examples=["remise de 5 % sur toute commande supérieure à 2 000 € HT"],
    )

    @model_validator(mode="after")
    def _coherent(self) -> ConditionsProfessionnels:
        days, end_of_month = self.delai_paiement_jours, self.fin_de_mois
        if end_of_month and not days:
            raise rule_error("delai_paiement_jours", "indiquez le nombre de jours fin de mois")
        if days is not None and days > (45 if end_of_month else 60):
            limit = "45 jours fin de mois" if end_of_month else "60 jours à compter de la facture"
            raise rule_error(
                "delai_paiement_jours",
                f"délai trop long : {limit} au plus (art. L.441-10 I C. com.)",
            )
        return self


class ConditionsGeneralesVente(RatesChoice):
    """Faits des conditions générales de vente d'un professionnel."""

    vendeur: Partie = Field(description="Le vendeur ou prestataire qui établit les CGV")
    site_internet: Url | None = Field(
        None, description="Site internet du vendeur", examples=["https://www.exemple.fr"]
    )
    description_offre: Texte = Field(
        description="Biens et services proposés (groupe nominal)",
        examples=["la vente de bougies et de savons artisanaux"],
    )
    offre: Literal["biens", "services", "biens_et_services"] = Field(
        description="Ce qui est vendu : biens, services, ou les deux"
    )
    clientele: Literal["consommateurs", "professionnels", "consommateurs_et_professionnels"] = (
        Field(description="Clients visés : consommateurs, professionnels, ou les deux")
    )
    vente_a_distance: bool = Field(False, description="Contrats conclus à distance")
    hors_etablissement: bool = Field(False, description="Contrats conclus hors établissement")
    conclusion_en_ligne: bool = Field(
        False, description="Contrats conclus au moyen d'une interface en ligne (site internet)"
    )
    fonction_retractation: Texte | None = Field(
        None,
        description="Emplacement de la fonction « renoncer au contrat ici » (contrats conclus "
        "en ligne avec des consommateurs)",
        examples=["en bas de chaque page du site et dans la rubrique « Mes commandes »"],
    )
    commande: Texte | None = Field(
        None, description="Modalités de commande (phrases) ; à défaut, texte type en ligne ou devis"
    )
    delai_livraison_jours: int | None = Field(
        None,
        ge=1,
        le=365,
        description="Délai de livraison ou d'exécution en jours après la conclusion du contrat ; "
        "à défaut, date convenue ou 30 jours (art. L.216-1 C. conso.)",
        examples=[10],
    )
    livraison: Texte | None = Field(
        None,
        description="Modalités de livraison ou d'exécution (phrases)",
        examples=["Les colis sont livrés par La Poste en France métropolitaine."],
    )
    frais: Texte | None = Field(
        None,
        description="Frais de livraison, de déplacement ou autres frais ajoutés au prix "
        "(à défaut : aucun)",
        examples=["5,90 € TTC par commande, offerts à partir de 60 € d'achat"],
    )
    moyens_paiement: list[Moyen] = Field(min_length=1, max_length=5, description="Moyens acceptés")
    paiement: Literal["commande", "livraison", "acompte"] | None = Field(
        None,
        description="Paiement des consommateurs : à la commande, à la livraison ou fin de "
        "prestation, ou acompte à la commande puis solde",
    )
    acompte_pourcentage: Taux | None = Field(
        None, gt=0, lt=100, description="Part du prix versée en acompte (%)", examples=["30"]
    )
    exceptions_retractation: list[ExceptionRetractation] = Field(
        default_factory=list,
        max_length=9,
        description="Exceptions de l'art. L.221-28 C. conso. qui concernent l'offre : "
        "prix_marche_financier (2°), bien_personnalise (3°), bien_perissable (4°), "
        "bien_descelle_hygiene (5°), bien_melange (6°), boisson_alcoolisee (7°), "
        "travaux_urgents (8°), enregistrement_descelle (9°), journal_periodique (10°)",
    )
    execution_pendant_delai: bool = Field(
        False, description="La prestation peut commencer, à la demande expresse du consommateur, "
        "pendant le délai de rétractation",
    )  # fmt: skip
    frais_retour: Literal["consommateur", "vendeur"] = Field(
        "consommateur", description="Qui paie le renvoi des biens en cas de rétractation"
    )
    garantie_commerciale: Texte | None = Field(
        None, description="Garantie commerciale ou service après-vente offerts (biens)"
    )
    mediateur: Mediateur | None = Field(
        None, description="Médiateur de la consommation (obligatoire avec des consommateurs)"
    )
    donnees_personnelles: DonneesPersonnelles = Field(description="Données personnelles (RGPD)")
    conditions_professionnels: ConditionsProfessionnels | None = Field(
        None, description="Conditions propres aux clients professionnels"
    )
    lieu_version: Ligne = Field(description="Ville où les CGV sont établies", examples=["Lyon"])
    date_version: datetime.date = Field(description="Date de la version", examples=["2026-06-01"])
    taux_fournis: list[TauxFourni] = supplied_rates_field()

    @property
    def consommateurs(self) -> bool:
        return self.clientele != "professionnels"

    @property
    def professionnels(self) -> bool:
        return self.clientele != "consommateurs"

    @property
    def biens(self) -> bool:
        return self.offre != "services"

    @property
    def services(self) -> bool:
        return self.offre != "biens"

    @property
    def retractation(self) -> bool:
        """Withdrawal right: consumers, and contracts at a distance or off premises."""
        return self.consommateurs and (self.vente_a_distance or self.hors_etablissement)

    @model_validator(mode="after")
    def _coherent(self) -> ConditionsGeneralesVente:
        self._check_seller()
        self._check_customers()
        self._check_withdrawal()
        self._check_penalty_rate()
        return self

    def _check_seller(self) -> None:
        seller = self.vendeur
        if seller.consommateur:
            raise rule_error("vendeur.consommateur", "le vendeur agit à titre professionnel")
        if seller.nature == "personne_physique" and not seller.entrepreneur_individuel:
            raise rule_error(
                "vendeur.entrepreneur_individuel",
                "un vendeur personne physique exerce en entrepreneur individuel (mention « EI »)",
            )
        for name in ("email", "telephone", "activite"):
            if getattr(seller, name) is None:
                raise rule_error(f"vendeur.{name}", "obligatoire dans des CGV")
        if not seller.tva_franchise and seller.numero_tva is None:
            raise rule_error("vendeur.numero_tva", "obligatoire, sauf franchise en base de TVA")

    def _check_customers(self) -> None:
        if self.consommateurs:
            if self.mediateur is None:
                raise rule_error(
                    "mediateur", "obligatoire avec des consommateurs (art. L.612-1 C. conso.)"
                )
            if self.paiement is None:
                raise rule_error("paiement", "obligatoire avec des consommateurs")
        else:
            for name in ("mediateur", "paiement"):
                if getattr(self, name) is not None:
                    raise rule_error(name, "sans objet sans clients consommateurs")
        if (self.paiement == "acompte") != (self.acompte_pourcentage is not None):
            raise rule_error("acompte_pourcentage", "à indiquer si, et seulement si, acompte")
        if self.professionnels != (self.conditions_professionnels is not None):
            message = "obligatoire avec" if self.professionnels else "sans objet sans"
            raise rule_error("conditions_professionnels", f"{message} des clients professionnels")
        if self.garantie_commerciale and not self.biens:
            raise rule_error("garantie_commerciale", "sans objet sans vente de biens")

    def _check_withdrawal(self) -> None:
        if self.conclusion_en_ligne and not self.vente_a_distance:
            raise rule_error("vente_a_distance", "un contrat conclu en ligne est conclu à distance")
        if self.conclusion_en_ligne and self.site_internet is None:
            raise rule_error("site_internet", "obligatoire pour des contrats conclus en ligne")
        online = self.retractation and self.conclusion_en_ligne
        if online and self.fonction_retractation is None:
            raise rule_error(
                "fonction_retractation",
                "indiquez où se trouve la fonction « renoncer au contrat ici » (art. L.221-21 "
                "C. conso., contrats conclus en ligne à compter du 19 juin 2026)",
            )
        if not online and self.fonction_retractation is not None:
            raise rule_error("fonction_retractation", "sans objet sans contrat en ligne")
        for name in ("exceptions_retractation", "execution_pendant_delai"):
            if getattr(self, name) and not self.retractation:
                raise rule_error(name, "sans objet sans droit de rétractation")
        if self.execution_pendant_delai and not self.services:
            raise rule_error("execution_pendant_delai", "sans objet sans prestation de services")
        for index, code in enumerate(self.exceptions_retractation):
            path = f"exceptions_retractation[{index}]"
            if self.exceptions_retractation.index(code) != index:
                raise rule_error(path, "exception déjà citée")
            if code not in _NOT_GOODS_ONLY and not self.biens:
                raise rule_error(path, "exception propre aux ventes de biens")
            if code == "travaux_urgents" and not self.services:
                raise rule_error(path, "exception propre aux travaux")

    def _check_penalty_rate(self) -> None:
        terms = self.conditions_professionnels
        if terms is None or terms.taux_penalites is None:
            return
        half = HalfYear.of(self.date_version)
        path = "conditions_professionnels.taux_penalites"
        try:
            floor = penalty_rate_floor(
                half, rates=current_rates().with_supplied(supplied_rates(self))
            )
        except MissingRateError:
            raise rule_error(
                path,
                f"plancher légal invérifiable : le taux de l'intérêt légal du {half.label} "
                "(autres cas) n'est pas encore enregistré sur ce serveur ; retenez le taux par "
                "défaut (BCE + 10 points) ou indiquez ce taux avec sa source (« taux_fournis »)",
            ) from None
        if terms.taux_penalites < floor:
            raise rule_error(
                path,
                f"taux inférieur au minimum légal de {pourcentage(floor)} (3 fois le taux de "
                f"l'intérêt légal du {half.label}, art. L.441-10 II C. com.)",
            )
