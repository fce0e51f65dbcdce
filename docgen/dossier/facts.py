"""The facts a dossier holds once for all its documents: the parties and the claim."""

from __future__ import annotations

from pydantic import Field, computed_field, model_validator

from docgen.facts.base import FactsModel, Ligne, Taux, Texte, rule_error
from docgen.facts.injonction_de_payer import Fondement
from docgen.facts.mise_en_demeure import Facture, penalty_rate_field, signatory_field
from docgen.facts.parties import Partie
from docgen.law.courts import Matter


class Mediateur(FactsModel):
    """Médiateur de la consommation dont relève le créancier (art. L.612-1 C. conso)."""

    nom: Ligne = Field(description="Nom du médiateur", examples=["CM2C"])
    site_internet: Ligne = Field(
        description="Adresse de son site, où le consommateur peut le saisir en ligne",
        examples=["https://www.cm2c.net"],
    )
    adresse: Ligne | None = Field(
        None, description="Adresse postale", examples=["14 rue Saint-Jean, 75017 Paris"]
    )


class Dossier(FactsModel):
    """Faits d'un dossier de litige : les parties, la créance et ce sur quoi elle repose."""

    intitule: Ligne = Field(
        description="Intitulé du dossier, pour le retrouver", examples=["Impayé Dupont & Fils"]
    )
    creancier: Partie = Field(description="Le créancier (vous, ou votre client)")
    debiteur: Partie = Field(description="Le débiteur, qui doit les sommes")
    prestation: Texte = Field(
        description="Nature des biens vendus ou des prestations réalisées",
        examples=["la refonte et la maintenance de votre site internet"],
    )
    factures: list[Facture] = Field(
        min_length=1,
        max_length=100,
        description="Factures impayées (« déjà réglé » : ce qui était payé à l'ouverture du "
        "dossier ; les paiements suivants s'inscrivent dans la chronologie)",
    )
    fondement: Fondement | None = Field(
        None, description="Acte d'où naît la créance (contrat, devis accepté, bon de commande)"
    )
    matiere: Matter = Field(
        "vente_ou_prestation",
        description="Nature de la créance : prix de biens ou de services, loyers d'un bail "
        "d'habitation, ou crédit à la consommation",
    )
    taux_penalites_contractuel: Taux | None = penalty_rate_field()
    lieu: Ligne = Field(description="Ville où vos lettres sont signées", examples=["Lyon"])
    signataire: Ligne | None = signatory_field()
    mediateur: Mediateur | None = Field(
        None,
        description="Médiateur de la consommation du créancier (litige avec un consommateur, "
        "art. L.616-1 C. conso)",
    )
    notes: Texte | None = Field(None, description="Notes (elles ne figurent sur aucun document)")

    @model_validator(mode="after")
    def _coherent(self) -> Dossier:
        if self.taux_penalites_contractuel is not None and not self.entre_professionnels:
            raise rule_error(
                "taux_penalites_contractuel",
                "les pénalités de retard de l'art. L.441-10 C. com. ne s'appliquent qu'entre "
                "professionnels",
            )
        numbers = [f.numero for f in self.factures]
        for index, number in enumerate(numbers):
            if number in numbers[:index]:
                raise rule_error(f"factures[{index}].numero", "facture déjà indiquée")
        return self

    @computed_field(
        description="Vrai si créancier et débiteur agissent tous deux à titre professionnel"
    )  # type: ignore[prop-decorator]
    @property
    def entre_professionnels(self) -> bool:
        return self.creancier.professionnel and self.debiteur.professionnel

    @computed_field(description="Vrai si un professionnel réclame une somme à un consommateur")  # type: ignore[prop-decorator]
    @property
    def litige_consommation(self) -> bool:
        return self.debiteur.consommateur and self.creancier.professionnel
