"""The judge competent for a requête en injonction de payer (art. 1406 CPC), and why."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from docgen.facts.parties import Partie

Kind = Literal["tc", "tae", "tj", "jcp"]
Matter = Literal["vente_ou_prestation", "bail_habitation", "credit_consommation"]

TAE_CITIES = frozenset(
    {
        "Avignon",
        "Auxerre",
        "Le Havre",
        "Le Mans",
        "Limoges",
        "Lyon",
        "Marseille",
        "Nancy",
        "Nanterre",
        "Paris",
        "Saint-Brieuc",
        "Versailles",
    }
)
"""Tribunaux de commerce renamed tribunaux des activités économiques (reference, trap 7)."""

TAE_START = datetime.date(2025, 1, 1)
"""First day of the tribunaux des activités économiques."""

CERFA = {"tc": "12946*02", "tae": "12946*02", "tj": "12948*06", "jcp": "16040*01"}
"""The Cerfa form matching each judge (reference section 5)."""

CERFA_TITLE = {
    "tc": "requête en injonction de payer devant le tribunal de commerce",
    "tae": "requête en injonction de payer devant le tribunal de commerce",
    "tj": "requête en injonction de payer devant le tribunal judiciaire",
    "jcp": "requête en injonction de payer devant le juge des contentieux de la protection",
}

# Commercial by their form whatever their object (art. L.210-1 C. com.); « SEL… » excepted.
_COMMERCIAL_FORMS = {"SARL", "EURL", "SA", "SAS", "SASU", "SNC", "SCS", "SCA"}
_COMMERCIAL_WORDS = (
    "RESPONSABILITE LIMITEE",
    "PAR ACTIONS",
    "ANONYME",
    "EN NOM COLLECTIF",
    "EN COMMANDITE",
)
_CIVIL_PREFIXES = ("SEL", "SCI", "SCP", "SCM", "SCEA", "GAEC", "EARL", "GFA", "ASSOCIATION")
_CIVIL_WORDS = ("CIVILE", "EXERCICE LIBERAL", "ASSOCIATION")

_MATTERS = {
    "bail_habitation": "des loyers et charges dus en vertu d'un bail d'habitation",
    "credit_consommation": "le remboursement d'un crédit à la consommation",
}


def _normalised(form: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", form).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z ]+", " ", ascii_text.upper().replace(".", "")).strip()


def commercial_form(form: str) -> bool | None:
    """True for a commercial company form, False for a civil one, None if unrecognised."""
    text = _normalised(form)
    words = text.split()
    if not words:
        return None
    if words[0].startswith(_CIVIL_PREFIXES) or any(w in text for w in _CIVIL_WORDS):
        return False
    if words[0] in _COMMERCIAL_FORMS or any(w in text for w in _COMMERCIAL_WORDS):
        return True
    return None


def merchant(partie: Partie) -> bool | None:
    """Commerçant, artisan or commercial company; None when the facts do not tell."""
    if partie.consommateur:
        return False
    if partie.nature == "personne_morale":
        by_form = commercial_form(partie.forme_juridique or "")
        if by_form is not None:
            return by_form
    if partie.activite is None:
        return None
    return partie.activite in ("commerciale", "artisanale")


@dataclass(frozen=True)
class Court:
    """The competent judge, the court's name, the matching Cerfa form and the reason."""

    kind: Kind
    city: str
    court: str
    judge: str
    cerfa: str
    cerfa_title: str
    reason: str

    @property
    def addressee(self) -> str:
        """« Monsieur ou Madame le Président du tribunal judiciaire de Paris »."""
        return f"Monsieur ou Madame le {self.judge[0].upper()}{self.judge[1:]}"


def of_city(city: str) -> str:
    """« de Paris », « d'Avignon », « du Havre », « des Sables-d'Olonne »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if city.startswith(article):
            return contracted + city[len(article) :]
    return f"d'{city}" if _normalised(city)[:1] in tuple("AEIOUY") else f"de {city}"


def _motive(creditor: Partie, debtor: Partie, matter: Matter) -> tuple[Kind, str]:
    if matter in _MATTERS:
        return "jcp", f"La créance portant sur {_MATTERS[matter]}"
    if debtor.consommateur and not creditor.consommateur:
        return "tj", (
            "Le débiteur ayant agi en qualité de consommateur, à des fins étrangères à toute "
            "activité professionnelle"
        )
    if creditor.activite == "liberale":
        return "tj", "Le créancier exerçant une profession libérale, activité de nature civile"
    if merchant(creditor) and merchant(debtor):
        return "tc", (
            "Le créancier et le débiteur étant tous deux commerçants, artisans ou sociétés "
            "commerciales"
        )
    who = "débiteur" if merchant(creditor) else "créancier"
    return "tj", f"Le {who} n'étant ni commerçant, ni artisan, ni société commerciale"


def is_tae_city(city: str) -> bool:
    """Whether the commercial court sitting in ``city`` is a tribunal des activités économiques."""
    return _normalised(city) in {_normalised(c) for c in TAE_CITIES}


def competent_court(
    creditor: Partie, debtor: Partie, matter: Matter, city: str, on: datetime.date
) -> Court:
    """The judge before whom the requête is filed on ``on``, the court sitting in ``city``."""
    kind, motive = _motive(creditor, debtor, matter)
    if kind == "tc" and is_tae_city(city) and on >= TAE_START:
        kind = "tae"
    court = {
        "tc": "tribunal de commerce",
        "tae": "tribunal des activités économiques",
        "tj": "tribunal judiciaire",
        "jcp": "tribunal judiciaire",
    }[kind] + f" {of_city(city)}"
    judge = (
        f"juge des contentieux de la protection du {court}"
        if kind == "jcp"
        else f"président du {court}"
    )
    basis = {
        "tc": " (art. L. 721-3 du code de commerce)",
        "tae": ", qui exerce les attributions du tribunal de commerce (art. L. 721-3 du code "
        "de commerce)",
    }.get(kind, "")
    lives = "a son siège" if debtor.nature == "personne_morale" else "demeure"
    reason = (
        f"{motive}, la demande relève du {judge}{basis}. Le débiteur {lives} à "
        f"{debtor.adresse.ville}, dans le ressort de cette juridiction, qui est donc "
        "territorialement compétente (art. 1406 du code de procédure civile)."
    )
    return Court(kind, city, court, judge, CERFA[kind], CERFA_TITLE[kind], reason)
