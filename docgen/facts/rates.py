"""The two ways on when the server lacks a rate: a rate given with its source, or a stop."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from docgen.errors import FieldError
from docgen.facts.base import FactsModel, Ligne, rule_error
from docgen.law.rates import ECB, LEGAL_CONSUMER, LEGAL_OTHER, HalfYear, RateTable, SuppliedRate

Serie = Literal["interet_legal_particulier", "interet_legal_autres", "bce"]

SOURCES = {
    LEGAL_CONSUMER: "arrêté du ministre de l'économie fixant le taux de l'intérêt légal, publié "
    "au Journal officiel en juin et en décembre (legifrance.gouv.fr)",
    LEGAL_OTHER: "arrêté du ministre de l'économie fixant le taux de l'intérêt légal, publié "
    "au Journal officiel en juin et en décembre (legifrance.gouv.fr)",
    ECB: "communiqué de presse de la Banque centrale européenne sur ses taux directeurs "
    "(ecb.europa.eu), ou la série « Main refinancing operations » de son portail de données",
}
"""Where a person reads each rate officially."""


class TauxFourni(FactsModel):
    """Taux indiqué par le demandeur, avec sa source, pour une période que le serveur ne
    connaît pas encore."""

    serie: Serie = Field(
        description="Taux concerné : intérêt légal des créanciers particuliers "
        "(interet_legal_particulier), intérêt légal des autres cas (interet_legal_autres), ou "
        "taux de refinancement de la BCE en vigueur au premier jour du semestre (bce)"
    )
    semestre: Annotated[str, Field(pattern=r"^\d{4}-S[12]$")] = Field(
        description="Semestre auquel le taux s'applique, AAAA-S1 (janvier à juin) ou AAAA-S2 "
        "(juillet à décembre)",
        examples=["2026-S2"],
    )
    taux: Decimal = Field(
        ge=0,
        le=30,
        decimal_places=2,
        allow_inf_nan=False,
        description="Taux annuel en pourcentage, entre 0 et 30",
        examples=["2.15"],
    )
    source: Ligne = Field(
        description="Où le taux a été lu : arrêté et date du Journal officiel pour l'intérêt "
        "légal, communiqué de la BCE pour son taux",
        examples=["arrêté du 15 juin 2026, JORF du 24 juin 2026"],
    )

    @property
    def half(self) -> HalfYear:
        return HalfYear.parse(self.semestre)


def supplied_rates_field() -> Any:
    """The ``taux_fournis`` field of a type whose computation needs rates."""
    return Field(
        default_factory=list,
        max_length=20,
        description="Taux que le serveur n'a pas encore enregistrés, indiqués avec leur source ; "
        "un taux que le serveur connaît déjà ne peut pas être remplacé",
    )


def stop_field() -> Any:
    """The ``arreter_au_dernier_taux_connu`` field of a type that accrues interest."""
    return Field(
        False,
        description="Arrêter le calcul des intérêts et pénalités au dernier jour couvert par "
        "les taux connus ; le document précise alors que les sommes sont « à parfaire »",
    )


class RatesChoice(FactsModel):
    """Checks of ``taux_fournis``, shared by the facts models that have it."""

    @model_validator(mode="after")
    def _distinct_supplied_rates(self) -> Any:
        seen: set[tuple[str, str]] = set()
        for index, given in enumerate(getattr(self, "taux_fournis", ())):
            key = (given.serie, given.semestre)
            if key in seen:
                raise rule_error(f"taux_fournis[{index}]", "taux déjà indiqué pour ce semestre")
            seen.add(key)
        return self


def supplied_rates(facts: Any) -> list[SuppliedRate]:
    """The rates a case gives, as the rates table takes them."""
    return [
        SuppliedRate(given.serie, given.half, given.taux, given.source)
        for given in getattr(facts, "taux_fournis", ())
    ]


def conflicting(table: RateTable, given: Sequence[TauxFourni]) -> list[FieldError]:
    """A rate the case gives for a period the server already knows, with both values."""
    errors = []
    for index, rate in enumerate(given):
        known = table.known(rate.serie, rate.half)
        if known is not None and known != rate.taux:
            errors.append(
                FieldError(
                    f"taux_fournis[{index}].taux",
                    f"le serveur connaît déjà ce taux pour le {rate.half.label} : "
                    f"{str(known).replace('.', ',')} % (et non "
                    f"{str(rate.taux).replace('.', ',')} %) ; retirez cette ligne",
                )
            )
    return errors
