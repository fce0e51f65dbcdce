"""The ECB's rate series as its Data Portal serves it (SDMX-JSON, SDMX-CSV), and its calendar."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.law import ecb
from docgen.law.ecb import EcbDataError, parse
from docgen.law.rates import default_rates

DATA = Path(__file__).parent / "data"
SERIES = "0:0:0:0:0:0:0"


def _answer() -> dict:
    return json.loads((DATA / "ecb_mrr_2026-12-04.json").read_text(encoding="utf-8"))


def _bytes(answer: dict) -> bytes:
    return json.dumps(answer).encode()


def test_a_saved_answer_gives_every_change_and_the_day_it_was_prepared():
    data = parse((DATA / "ecb_mrr_new_decision.json").read_bytes())
    assert data.format == "SDMX-JSON"
    assert data.prepared == date(2026, 12, 4) and data.as_of == date(2026, 12, 4)
    assert data.decisions[0] == (date(2014, 9, 10), Decimal("0.05"))
    assert data.decisions[-2:] == (
        (date(2025, 6, 11), Decimal("2.15")),
        (date(2026, 9, 16), Decimal("1.23")),
    )


def test_the_saved_answers_agree_with_the_seed():
    seed = {(e.effective, e.rate) for e in default_rates().ecb}
    for name in ("ecb_mrr_2026-12-04.json", "ecb_mrr_new_decision.json"):
        observed = set(parse((DATA / name).read_bytes()).decisions)
        assert seed <= observed
        assert {d for d, _ in observed - seed} <= {
            date(2014, 9, 10),
            date(2016, 3, 16),
            date(2026, 9, 16),
        }


def test_csv_has_no_preparation_date_and_vouches_up_to_its_last_change():
    data = parse((DATA / "ecb_mrr_new_decision.csv").read_bytes())
    assert data.format == "SDMX-CSV" and data.prepared is None
    assert data.as_of == date(2026, 9, 16)
    assert data.decisions == parse((DATA / "ecb_mrr_new_decision.json").read_bytes()).decisions


def test_sdmx_json_2_gives_its_date_in_meta():
    answer = _answer()
    answer["meta"] = answer.pop("header")
    assert parse(_bytes(answer)).prepared == date(2026, 12, 4)


def _other_series(answer):
    answer["structure"]["dimensions"]["series"][5]["values"][0]["id"] = "DFR"


def _outside(answer):
    answer["dataSets"][0]["series"][SERIES]["observations"]["99"] = [1.0]


def _negative(answer):
    answer["dataSets"][0]["series"][SERIES]["observations"]["0"] = [-0.5]


def _duplicate(answer):
    values = answer["structure"]["dimensions"]["observation"][0]["values"]
    values[1]["id"] = values[0]["id"]


def _empty(answer):
    answer["dataSets"][0]["series"][SERIES]["observations"] = {}


def _no_structure(answer):
    del answer["structure"]


def _bad_date(answer):
    answer["structure"]["dimensions"]["observation"][0]["values"][0]["id"] = "2014-W37"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_other_series, "n'est pas celle de la série FM.B.U2.EUR.4F.KR.MRR_FR.LEV"),
        (_outside, "hors des périodes"),
        (_negative, "hors de 0 à 30"),
        (_duplicate, "deux observations le 2014-09-10"),
        (_empty, "aucune observation"),
        (_no_structure, "structure SDMX-JSON absente"),
        (_bad_date, "date AAAA-MM-JJ attendue"),
    ],
)
def test_a_malformed_answer_is_refused_with_what_is_wrong(change, message):
    answer = _answer()
    change(answer)
    with pytest.raises(EcbDataError, match="Données de la BCE illisibles") as caught:
        parse(_bytes(answer))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00", "UTF-8"),
        (b"<html><body>Service unavailable</body></html>", "ni SDMX-JSON ni SDMX-CSV"),
        (b"", "ni SDMX-JSON ni SDMX-CSV"),
        (b'{"header": {}', "JSON invalide"),
        (b"TIME_PERIOD;OBS_VALUE\n2025-06-11;2.15\n", "colonnes TIME_PERIOD et OBS_VALUE"),
        (b"TIME_PERIOD,OBS_VALUE\n2025-06-11,n/a\n", "ligne 2 : taux illisible"),
    ],
)
def test_what_is_not_the_series_is_refused(data, message):
    with pytest.raises(EcbDataError) as caught:
        parse(data)
    assert message in str(caught.value)


def test_the_meeting_calendar_is_sorted_and_on_thursdays():
    days = ecb.meetings()
    assert list(days) == sorted(days) and {day.weekday() for day in days} == {3}
    assert {date(2026, 2, 5), date(2026, 3, 19), date(2026, 4, 30)} <= set(days)
    for year in (2026, 2027, 2028):
        assert sum(day.year == year for day in days) == 8
