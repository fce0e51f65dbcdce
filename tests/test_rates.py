"""Tests of the rates data file and of the rate lookups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.errors import MissingRateError
from docgen.law.ratefile import load_rates
from docgen.law.rates import (
    Category,
    HalfYear,
    RatesFileError,
    default_penalty_rate,
    default_rates,
    ecb_reference_rate,
    legal_rate,
    penalty_rate_floor,
)

# A minimal valid file; tests replace one line to break it.
VALID = """\
[[interet_legal]]
semestre = "2023-S1"
debut = 2023-01-01
fin = 2023-06-30
taux_particulier = "4.47"
taux_autres = "2.06"
source = "notaires2normandie.com"

[bce]
verifie_jusqu_au = 2023-07-01
source = "test"

[[bce.taux_refi]]
date_effet = 2022-12-21
taux = "2.50"
source = "banque-france.fr"

[[bce.taux_refi]]
date_effet = 2023-07-01
taux = "4.00"
source = "test: a decision taking effect on the reference day itself"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taux.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- HalfYear -------------------------------------------------------------------------


def test_half_year_bounds_label_and_key() -> None:
    first, second = HalfYear(2026, 1), HalfYear(2026, 2)
    assert (first.start, first.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert (second.start, second.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert first.label == "1er semestre 2026"
    assert second.label == "2e semestre 2026"
    assert first.key == "2026-S1"
    assert HalfYear.parse("2026-S2") == second
    assert first < second < HalfYear(2027, 1)


def test_half_year_of_date_at_the_boundary() -> None:
    assert HalfYear.of(date(2026, 6, 30)) == HalfYear(2026, 1)
    assert HalfYear.of(date(2026, 7, 1)) == HalfYear(2026, 2)
    assert HalfYear.of(date(2024, 12, 31)) == HalfYear(2024, 2)


def test_half_year_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="semestre invalide"):
        HalfYear(2026, 3)
    with pytest.raises(ValueError, match="AAAA-S1"):
        HalfYear.parse("2026-H1")


# --- legal interest rate --------------------------------------------------------------


def test_legal_rate_both_categories() -> None:
    assert legal_rate(HalfYear(2026, 1), Category.CONSUMER_CREDITOR) == Decimal("6.67")
    assert legal_rate(HalfYear(2026, 1), Category.OTHER) == Decimal("2.62")
    assert legal_rate(HalfYear(2020, 1), Category.CONSUMER_CREDITOR) == Decimal("3.15")
    assert legal_rate(HalfYear(2020, 1), Category.OTHER) == Decimal("0.87")
    assert legal_rate(HalfYear(2024, 2), Category.OTHER) == Decimal("4.92")


def test_shipped_file_covers_2020_s1_to_2026_s1_with_sources() -> None:
    table = default_rates()
    expected = [HalfYear(y, h) for y in range(2020, 2027) for h in (1, 2)][:-1]
    assert sorted(table.legal) == expected
    assert all(entry.source for entry in table.legal.values())
    assert len(table.ecb) == 18
    assert table.ecb[0].effective == date(2022, 7, 27)
    assert (table.ecb[-1].effective, table.ecb[-1].rate) == (date(2025, 6, 11), Decimal("2.15"))
    assert table.ecb_verified_until == date(2026, 4, 30)
    assert all(entry.source for entry in table.ecb)
    assert default_rates() is table  # read once


def test_missing_semester_names_it_in_french() -> None:
    with pytest.raises(MissingRateError) as caught:
        legal_rate(HalfYear(2026, 2), Category.CONSUMER_CREDITOR)
    assert str(caught.value) == (
        "Taux manquant : taux de l'intérêt légal (créancier personne physique n'agissant pas "
        "pour des besoins professionnels) pour la période 2e semestre 2026, pas encore "
        "enregistré. Indiquez-le avec sa source (« taux_fournis »), ou arrêtez le calcul au "
        "30/06/2026 (« arreter_au_dernier_taux_connu »)."
    )
    assert caught.value.period == "2e semestre 2026"
    assert (caught.value.series, caught.value.half) == ("interet_legal_particulier", "2026-S2")
    assert caught.value.last_day == date(2026, 6, 30)
    with pytest.raises(MissingRateError, match=r"autres cas\) pour la période 1er semestre 2019"):
        legal_rate(HalfYear(2019, 1), Category.OTHER)


# --- ECB and L.441-10 -----------------------------------------------------------------

# Reference §6 table: (half-year, MRO on 1 Jan / 1 Jul, default rate, floor 3 × B)
REFERENCE_TABLE = [
    (HalfYear(2023, 1), "2.50", "12.50", "6.18"),  # MRO 2,50 since 21-12-2022; 3 × 2,06
    (HalfYear(2023, 2), "4.00", "14.00", "12.66"),  # 4,00 since 21-06-2023; 3 × 4,22
    (HalfYear(2024, 1), "4.50", "14.50", "15.21"),  # 4,50 since 20-09-2023; 3 × 5,07
    (HalfYear(2024, 2), "4.25", "14.25", "14.76"),  # 4,25 since 12-06-2024; 3 × 4,92
    (HalfYear(2025, 1), "3.15", "13.15", "11.13"),  # 3,15 since 18-12-2024; 3 × 3,71
    (HalfYear(2025, 2), "2.15", "12.15", "8.28"),  # 2,15 since 11-06-2025; 3 × 2,76
    (HalfYear(2026, 1), "2.15", "12.15", "7.86"),  # unchanged; 3 × 2,62
]


@pytest.mark.parametrize(("half", "ecb", "default", "floor"), REFERENCE_TABLE)
def test_reference_penalty_table(half: HalfYear, ecb: str, default: str, floor: str) -> None:
    assert ecb_reference_rate(half) == Decimal(ecb)
    assert default_penalty_rate(half) == Decimal(default)
    assert penalty_rate_floor(half) == Decimal(floor)


def test_ecb_beyond_verified_date_raises() -> None:
    with pytest.raises(MissingRateError) as caught:
        default_penalty_rate(HalfYear(2026, 2))
    message = str(caught.value)
    assert "1er juillet 2026" in message
    assert "2e semestre 2026" in message
    assert "30 avril 2026" in message


def test_ecb_before_first_entry_raises() -> None:
    # 1 July 2022 precedes the first recorded decision (27-07-2022): 2023-S1 is the first
    # computable default rate.
    with pytest.raises(MissingRateError, match="2e semestre 2022"):
        ecb_reference_rate(HalfYear(2022, 2))


def test_ecb_decision_effective_on_reference_day_and_verified_boundary(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    table = load_rates(path)
    # Decision taking effect on 1 July itself is in force that day; verifie_jusqu_au =
    # 1 July is inclusive.
    assert ecb_reference_rate(HalfYear(2023, 2), rates=table) == Decimal("4.00")
    assert default_penalty_rate(HalfYear(2023, 1), rates=table) == Decimal("12.50")
    with pytest.raises(MissingRateError) as caught:
        legal_rate(HalfYear(2023, 2), Category.OTHER, rates=table)
    assert "taux.toml" not in str(caught.value)  # no file of the machine in the message
    assert caught.value.last_day == date(2023, 6, 30)


# --- malformed files ------------------------------------------------------------------


BAD_RATE = "« taux_autres » doit être un pourcentage"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('taux_autres = "2.06"', "taux_autres = 2.06", BAD_RATE),
        ('taux_autres = "2.06"', 'taux_autres = "2,06"', BAD_RATE),
        ('taux_autres = "2.06"\n', "", BAD_RATE),
        ('source = "notaires2normandie.com"', 'source = " "', "« source » manquante"),
        ('source = "banque-france.fr"', "", "bce.taux_refi n° 1 : « source » manquante"),
        ("fin = 2023-06-30", "fin = 2023-06-29", "« fin » vaut 2023-06-29, 2023-06-30 attendu"),
        ('semestre = "2023-S1"', 'semestre = "2023-S3"', "semestre illisible"),
        ('taux_autres = "2.06"', 'taux_autre = "2.06"', "champ inconnu « taux_autre »"),
        ("date_effet = 2023-07-01", "date_effet = 2022-12-01", "triez les décisions"),
        (
            "verifie_jusqu_au = 2023-07-01",
            "verifie_jusqu_au = 2023-06-01",
            "précède la dernière décision",
        ),
        ("[bce]", "[bcee]", "section inconnue « bcee »"),
    ],
)
def test_malformed_file_gives_clear_error(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(RatesFileError) as caught:
        load_rates(path)
    assert str(caught.value).startswith("Taux invalides (taux.toml) :")
    assert expected in str(caught.value)


def test_duplicate_semester(tmp_path: Path) -> None:
    block = VALID.split("[bce]")[0]
    with pytest.raises(RatesFileError, match="semestre 2023-S1 : présent deux fois"):
        load_rates(write(tmp_path, block + VALID))


def test_all_problems_are_listed(tmp_path: Path) -> None:
    text = VALID.replace('taux_autres = "2.06"', "taux_autres = 2.06").replace(
        'source = "banque-france.fr"', ""
    )
    with pytest.raises(RatesFileError) as caught:
        load_rates(write(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_toml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RatesFileError, match="syntaxe TOML invalide"):
        load_rates(write(tmp_path, VALID + "taux = \n"))
    with pytest.raises(RatesFileError, match="lecture impossible"):
        load_rates(tmp_path / "absent.toml")
