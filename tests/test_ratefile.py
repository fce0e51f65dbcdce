"""Rates layered over the seed, their contradictions, the TOML written back, and the horizon."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from docgen import build_context
from docgen.errors import MissingRateError
from docgen.law.horizon import lacking, lookahead, status
from docgen.law.ratefile import RateOverlay, conflicts, dump_rates, layer, load_overlay, load_rates
from docgen.law.rates import (
    ECB,
    LEGAL_OTHER,
    OPERATOR,
    EcbRate,
    HalfYear,
    LegalRates,
    RatesFileError,
    default_rates,
    recording,
    using_rates,
)
from tests.conftest import example_case

S2 = HalfYear(2026, 2)
LEGAL_S2 = LegalRates(S2, Decimal("6.50"), Decimal("2.50"), "valeur d'essai", OPERATOR)


def test_an_overlay_adds_its_own_periods_and_moves_the_horizon():
    overlay = RateOverlay(
        {S2: LEGAL_S2},
        (EcbRate(date(2026, 9, 16), Decimal("2.00"), "valeur d'essai", OPERATOR),),
        date(2026, 12, 1),
        "valeur d'essai : vérifié",
    )
    table = layer(default_rates(), overlay)
    assert table.legal[S2].other == Decimal("2.50")
    assert table.legal[HalfYear(2026, 1)].other == Decimal("2.62")  # the seed's, untouched
    assert table.ecb_verified_until == date(2026, 12, 1)
    assert table.known(ECB, S2) == Decimal("2.15")  # in force on 1 July 2026
    assert table.known(ECB, HalfYear(2027, 1)) is None  # 1 January 2027 is past the horizon


def test_a_value_contradicting_the_seed_is_refused_with_both_values():
    s1 = HalfYear(2026, 1)
    wrong = LegalRates(s1, Decimal("6.00"), Decimal("2.00"), "erreur", OPERATOR)
    ecb = EcbRate(date(2026, 3, 1), Decimal("2.40"), "erreur", OPERATOR)  # seed: 2,15 %
    found = conflicts(default_rates(), RateOverlay({s1: wrong}, (ecb,)))
    assert len(found) == 2
    assert "6,00 % et 2,00 %" in found[0] and "6,67 % et 2,62 %" in found[0]
    assert "2,40 %" in found[1] and "2,15 %" in found[1]
    with pytest.raises(RatesFileError):
        layer(default_rates(), RateOverlay({s1: wrong}))
    same = EcbRate(date(2026, 3, 1), Decimal("2.15"), "redite", OPERATOR)
    assert conflicts(default_rates(), RateOverlay({}, (same,))) == []
    # Not strict: the operator's value wins for its own period (a seed upgraded since).
    assert layer(default_rates(), RateOverlay({s1: wrong}), strict=False).legal[s1] == wrong


def test_the_table_written_back_reads_the_same(tmp_path):
    table = layer(default_rates(), RateOverlay({S2: LEGAL_S2}))
    path = tmp_path / "export.toml"
    path.write_text(dump_rates(table, note=lambda e: f"origine : {e.origin}"), encoding="utf-8")
    again = load_rates(path)
    assert again.legal.keys() == table.legal.keys()
    assert [(e.effective, e.rate) for e in again.ecb] == [(e.effective, e.rate) for e in table.ecb]
    assert again.ecb_verified_until == table.ecb_verified_until
    assert "# origine : exploitant" in path.read_text(encoding="utf-8")
    over = layer(default_rates(), load_overlay(path))  # no contradiction with the seed
    assert over.legal[S2].other == Decimal("2.50")


def test_the_horizon_of_the_seed_on_7_december_2026():
    on = lookahead(date(2026, 12, 7))
    assert on == date(2027, 1, 7)
    by_series = {entry.series: entry for entry in status(default_rates(), on)}
    legal = by_series[LEGAL_OTHER]
    assert legal.last_half == HalfYear(2026, 1) and legal.covered_until == date(2026, 6, 30)
    assert [h.key for h in legal.missing] == ["2026-S2", "2027-S1"]
    ecb = by_series[ECB]
    assert ecb.verified_until == date(2026, 4, 30)
    assert [h.key for h in ecb.missing] == ["2026-S2", "2027-S1"]
    assert lacking(default_rates(), date(2026, 4, 1)) == []


def _december(**extra):
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case.update(date_lettre="2026-12-07", **extra)
    return case


def test_stopping_at_the_last_rate_known_computes_to_30_june_to_the_cent():
    with pytest.raises(MissingRateError) as caught:
        build_context("mise_en_demeure", _december())
    assert (caught.value.series, caught.value.half) == (ECB, "2026-S2")
    _facts, context = build_context(
        "mise_en_demeure", _december(arreter_au_dernier_taux_connu=True)
    )
    claim = context["creance"]
    assert claim["arretees_au"] == date(2026, 6, 30) and claim["a_parfaire"] is True
    # 2 400 € from 15 Feb to 30 June 2026: 136 days at 12,15 % (ECB 2,15 % + 10 points);
    # 1 000 € from 2 April to 30 June: 90 days.
    first = (Decimal("2400") * Decimal("0.1215") * 136 / 365).quantize(Decimal("0.01"))
    second = (Decimal("1000") * Decimal("0.1215") * 90 / 365).quantize(Decimal("0.01"))
    assert (first, second) == (Decimal("108.65"), Decimal("29.96"))
    assert claim["penalites"] == first + second == Decimal("138.61")
    assert claim["total"] == Decimal("3400.00") + Decimal("138.61") + Decimal("80.00")


def test_a_rate_given_by_the_case_is_used_for_its_half_year_and_recorded():
    given = {"serie": "bce", "semestre": "2026-S2", "taux": "2.15", "source": "essai"}
    with recording() as uses:
        _facts, context = build_context("mise_en_demeure", _december(taux_fournis=[given]))
    claim = context["creance"]
    assert claim["a_parfaire"] is False and claim["arretees_au"] == date(2026, 12, 7)
    # The second half-year: 160 days (1 July to 7 December) at 12,15 % on each balance.
    assert claim["penalites"] == Decimal("108.65") + Decimal("127.82") + Decimal("29.96") + Decimal(
        "53.26"
    )
    assert context["taux_fournis_utilises"] == [
        {
            "serie": "bce",
            "libelle": "taux de refinancement de la BCE",
            "semestre": "2e semestre 2026",
            "taux": Decimal("2.15"),
            "source": "essai",
        }
    ]
    assert {(u.series, u.half.key, u.origin) for u in uses} >= {
        ("bce", "2026-S1", "référence"),
        ("bce", "2026-S2", "faits du dossier"),
    }


def test_the_operator_s_table_is_the_one_in_use():
    table = layer(
        default_rates(),
        RateOverlay({}, (), date(2026, 12, 1), "valeur d'essai : aucune décision"),
    )
    with using_rates(table), recording() as uses:
        build_context("mise_en_demeure", _december())
    assert ("bce", "2026-S2") in {(u.series, u.half.key) for u in uses}
