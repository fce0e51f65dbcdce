"""The parties of a case: natural or legal persons, consumers or professionals."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, computed_field, model_validator
from pydantic_core import PydanticCustomError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import tva as stdnum_tva

from docgen.facts.base import (
    Courriel,
    FactsModel,
    Ligne,
    Montant,
    Telephone,
    check_postal_code,
    rule_error,
)


def _check_siren(value: str) -> str:
    compact = stdnum_siren.compact(value)
    if not stdnum_siren.is_valid(compact):
        raise PydanticCustomError("siren", "numéro SIREN invalide (9 chiffres, clé de contrôle)")
    return stdnum_siren.format(compact)


def _check_vat(value: str) -> str:
    compact = stdnum_tva.compact(value)
    if not stdnum_tva.is_valid(compact):
        raise PydanticCustomError(
            "tva", "numéro de TVA intracommunautaire invalide (ex. FR40303265045)"
        )
    return "FR" + compact  # stdnum's compact form drops the country prefix


Siren = Annotated[Ligne, AfterValidator(_check_siren)]
NumeroTva = Annotated[Ligne, AfterValidator(_check_vat)]


class Adresse(FactsModel):
    """Adresse postale, en France ou à l'étranger."""

    ligne1: Ligne = Field(description="Numéro et voie", examples=["12 rue de la Paix"])
    ligne2: Ligne | None = Field(None, description="Complément d'adresse", examples=["Bâtiment B"])
    code_postal: Ligne = Field(description="Code postal", examples=["75002"])
    ville: Ligne = Field(description="Commune", examples=["Paris"])
    pays: Ligne = Field("France", description="Pays", examples=["France"])

    @model_validator(mode="after")
    def _french_postal_code(self) -> Adresse:
        if self.pays.casefold() == "france":
            try:
                check_postal_code(self.code_postal)
            except PydanticCustomError as exc:
                raise rule_error("code_postal", exc.message()) from None
        return self

    @computed_field(description="Adresse sur une ligne")  # type: ignore[prop-decorator]
    @property
    def en_ligne(self) -> str:
        parts = [self.ligne1, self.ligne2, f"{self.code_postal} {self.ville}"]
        if self.pays.casefold() != "france":
            parts.append(self.pays)
        return ", ".join(p for p in parts if p)


class Partie(FactsModel):
    """Partie au litige : personne physique (éventuellement EI) ou personne morale."""

    nature: Literal["personne_physique", "personne_morale"] = Field(
        description="Personne physique ou personne morale (société, association)"
    )
    civilite: Literal["M.", "Mme"] | None = Field(None, description="Civilité (personne physique)")
    prenom: Ligne | None = Field(None, description="Prénom (personne physique)", examples=["Jean"])
    nom: Ligne | None = Field(
        None, description="Nom de famille (personne physique)", examples=["Martin"]
    )
    consommateur: bool = Field(
        False, description="Agit à des fins qui n'entrent pas dans son activité professionnelle"
    )
    entrepreneur_individuel: bool = Field(
        False, description="Entrepreneur individuel (EI, micro-entrepreneur)"
    )
    profession: Ligne | None = Field(
        None, description="Profession (personne physique)", examples=["consultant informatique"]
    )
    nationalite: Ligne | None = Field(
        None, description="Nationalité (personne physique)", examples=["française"]
    )
    date_naissance: datetime.date | None = Field(None, description="Date de naissance")
    lieu_naissance: Ligne | None = Field(
        None, description="Lieu de naissance", examples=["Besançon (25)"]
    )
    activite: Literal["commerciale", "artisanale", "liberale", "agricole", "civile"] | None = Field(
        None,
        description="Nature de l'activité professionnelle (commerciale, artisanale, "
        "libérale, agricole ou civile)",
    )
    nom_commercial: Ligne | None = Field(None, description="Nom commercial ou enseigne")
    denomination: Ligne | None = Field(
        None, description="Dénomination sociale (personne morale)", examples=["Dupont & Fils"]
    )
    forme_juridique: Ligne | None = Field(None, description="Forme juridique", examples=["SARL"])
    capital: Montant | None = Field(None, description="Capital social en euros")
    siren: Siren | None = Field(
        None, description="Numéro SIREN (9 chiffres)", examples=["732 829 320"]
    )
    rcs_ville: Ligne | None = Field(
        None,
        description="Ville du greffe d'immatriculation au RCS "
        "(commerçants et sociétés commerciales)",
        examples=["Paris"],
    )
    representant: Ligne | None = Field(
        None, description="Nom du représentant légal", examples=["Marie Dupont"]
    )
    representant_qualite: Ligne | None = Field(
        None, description="Qualité du représentant", examples=["gérante"]
    )
    adresse: Adresse = Field(description="Adresse (domicile ou siège social)")
    email: Courriel | None = Field(None, description="Adresse électronique")
    telephone: Telephone | None = Field(None, description="Téléphone")
    tva_franchise: bool = Field(False, description="Franchise en base de TVA (art. 293 B du CGI)")
    numero_tva: NumeroTva | None = Field(None, description="Numéro de TVA intracommunautaire")

    @model_validator(mode="after")
    def _coherent(self) -> Partie:
        if self.nature == "personne_physique":
            for name in ("civilite", "prenom", "nom"):
                if getattr(self, name) is None:
                    raise rule_error(name, "champ obligatoire pour une personne physique")
        else:
            for name in ("denomination", "forme_juridique", "siren", "representant"):
                if getattr(self, name) is None:
                    raise rule_error(name, "champ obligatoire pour une personne morale")
            if self.consommateur or self.entrepreneur_individuel:
                raise rule_error("nature", "une personne morale n'est ni consommateur ni EI")
        if self.consommateur and self.entrepreneur_individuel:
            raise rule_error(
                "consommateur", "un entrepreneur individuel n'agit pas en consommateur"
            )
        if self.entrepreneur_individuel and self.siren is None:
            raise rule_error("siren", "champ obligatoire pour un entrepreneur individuel")
        if self.tva_franchise and self.numero_tva:
            raise rule_error("numero_tva", "incompatible avec la franchise en base de TVA")
        if self.activite == "commerciale" and self.rcs_ville is None:
            raise rule_error("rcs_ville", "obligatoire pour une activité commerciale (RCS)")
        if self.consommateur and self.activite is not None:
            raise rule_error("activite", "un consommateur n'exerce pas d'activité professionnelle")
        return self

    @computed_field(description="Agit pour les besoins de son activité professionnelle")  # type: ignore[prop-decorator]
    @property
    def professionnel(self) -> bool:
        return not self.consommateur

    @computed_field(description="Immatriculation : « RCS Lyon 732 829 320 », ou SIREN et RNE")  # type: ignore[prop-decorator]
    @property
    def immatriculation(self) -> str | None:
        if self.siren is None:
            return None
        if self.rcs_ville:
            return f"RCS {self.rcs_ville} {self.siren}"
        if self.activite == "artisanale":
            return f"SIREN {self.siren}, immatriculation au registre national des entreprises"
        return f"SIREN {self.siren}"

    @computed_field(description="Mention de TVA : franchise (art. 293 B du CGI) ou numéro")  # type: ignore[prop-decorator]
    @property
    def mention_tva(self) -> str | None:
        if self.tva_franchise:
            return "TVA non applicable, art. 293 B du CGI"
        if self.numero_tva:
            return f"N° de TVA intracommunautaire : {self.numero_tva}"
        return None

    @computed_field(description="Prénom et nom, ou dénomination")  # type: ignore[prop-decorator]
    @property
    def nom_complet(self) -> str:
        if self.nature == "personne_morale":
            return str(self.denomination)
        return f"{self.prenom} {self.nom}"

    @computed_field(description="Désignation complète (avec « EI » le cas échéant)")  # type: ignore[prop-decorator]
    @property
    def designation(self) -> str:
        if self.nature == "personne_morale":
            return f"{self.denomination} {self.forme_juridique}"
        name = f"{self.civilite} {self.prenom} {self.nom}"
        if self.entrepreneur_individuel:
            name += " EI"
        return name
