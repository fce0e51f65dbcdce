"""French formatting filters: dates, amounts, amounts in words, percentages."""

import datetime
from decimal import Decimal

import pytest

from docgen.formatting import (
    date_courte,
    date_longue,
    montant,
    montant_en_lettres,
    nombre_en_lettres,
    pourcentage,
)

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 21), "21 novembre 2026"),
        (datetime.date(2026, 11, 1), "1er novembre 2026"),
        (datetime.date(2024, 2, 29), "29 février 2024"),
        (datetime.date(2025, 8, 3), "3 août 2025"),
    ],
)
def test_date_longue(day, expected):
    assert date_longue(day) == expected


def test_date_courte():
    assert date_courte(datetime.date(2026, 3, 5)) == "05/03/2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), f"1{NNBSP}234,56{NBSP}€"),
        (Decimal("0.5"), f"0,50{NBSP}€"),
        (Decimal("1000000"), f"1{NNBSP}000{NNBSP}000,00{NBSP}€"),
        (Decimal("2.005"), f"2,01{NBSP}€"),  # half-up to the cent
        (40, f"40,00{NBSP}€"),
    ],
)
def test_montant(value, expected):
    assert montant(value) == expected


def test_montant_refuses_float():
    with pytest.raises(TypeError):
        montant(12.5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", "mille deux cent trente-quatre euros et cinquante-six centimes"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("0.50", "cinquante centimes"),
        ("0", "zéro euro"),
        ("80", "quatre-vingts euros"),
        ("71.00", "soixante et onze euros"),
        ("200.80", "deux cents euros et quatre-vingts centimes"),
        ("2000000", "deux millions d'euros"),
        ("3601.64", "trois mille six cent un euros et soixante-quatre centimes"),
    ],
)
def test_montant_en_lettres(value, expected):
    assert montant_en_lettres(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("12.15"), f"12,15{NBSP}%"), (Decimal("12.5"), f"12,50{NBSP}%"), (3, f"3,00{NBSP}%")],
)
def test_pourcentage(value, expected):
    assert pourcentage(value) == expected


def test_nombre_en_lettres():
    assert nombre_en_lettres(8) == "huit"
    assert nombre_en_lettres(15) == "quinze"
