"""Rates seen from the web: /health horizons, the editors' banner, the API's records, metrics."""

from __future__ import annotations

import copy
import json

import pytest
import time_machine

from tests.api_support import docx_text, open_zip
from tests.conftest import example_case
from tests.library_support import library_app, logged_in
from tests.test_metrics import scrape, value

pytest_plugins = ["tests.api_fixtures"]

TODAY = "2026-12-07"
BEFORE = "2026-03-01"  # the seed covers a letter of 1 April 2026 (ECB verified to 30 April)


def _december(case: dict, **extra) -> dict:
    case = copy.deepcopy(case)
    case["date_lettre"] = TODAY
    case.update(extra)
    return case


SUPPLIED = {
    "serie": "bce",
    "semestre": "2026-S2",
    "taux": "2.15",
    "source": "valeur d'essai : communiqué de la BCE",
}


@time_machine.travel(BEFORE, tick=False)
def test_health_is_ok_while_the_rates_reach_a_month_ahead(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["statut"] == "ok"
    assert body["avertissements"] == []
    assert body["taux"]["lettre_du"] == "2026-04-01"
    ecb = next(s for s in body["taux"]["series"] if s["serie"] == "bce")
    assert ecb["verifie_jusqu_au"] == "2026-04-30"
    assert ecb["couvert_jusqu_au"] == "2026-06-30"
    assert ecb["manquants"] == []


@time_machine.travel(TODAY, tick=False)
def test_health_is_degraded_but_200_when_a_letter_a_month_ahead_would_lack_a_rate(client):
    response = client.get("/health")
    assert response.status_code == 200  # load balancers keep the server
    body = response.get_json()
    assert body["statut"] == "dégradé"
    assert body["problemes"] == []
    assert body["taux"]["lettre_du"] == "2027-01-07"
    by_series = {s["serie"]: s for s in body["taux"]["series"]}
    assert by_series["interet_legal_autres"]["dernier_semestre"] == "2026-S1"
    assert by_series["interet_legal_autres"]["manquants"] == ["2026-S2", "2027-S1"]
    assert by_series["bce"]["verifie_jusqu_au"] == "2026-04-30"
    warnings = " ".join(body["avertissements"])
    assert "flask rates set interet-legal 2026-S2" in warnings
    assert "flask rates update bce" in warnings
    assert "taux.toml" not in json.dumps(body) and "/work" not in json.dumps(body)


@pytest.mark.parametrize(("day", "shown"), [(BEFORE, False), (TODAY, True)])
def test_the_editors_pages_show_a_banner_a_month_before_a_rate_runs_out(tmp_path, day, shown):
    app = library_app(tmp_path)
    with time_machine.travel(day, tick=False):
        page = logged_in(app).get("/modeles/").get_data(as_text=True)
    assert ("Taux bientôt manquants sur ce serveur" in page) is shown
    if shown:
        assert "flask rates set interet-legal 2026-S2 PARTICULIER AUTRES" in page
        assert "07/01/2027" in page


def _missing_count(client) -> float:
    return value(scrape(client), "litige_generations_missing_rate_total", serie="bce")


def test_a_missing_rate_is_a_422_that_says_what_lacks_and_the_ways_on(client, md_case):
    before = _missing_count(client)
    response = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=_december(md_case))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert "taux de refinancement de la BCE en vigueur le 1er juillet 2026" in body["detail"]
    assert "taux.toml" not in body["detail"]
    missing = body["taux_manquant"]
    assert missing["serie"] == "bce"
    assert missing["semestre"] == "2026-S2"
    assert missing["dernier_jour_couvert"] == "2026-06-30"
    assert _missing_count(client) == before + 1


def test_a_rate_given_in_the_facts_is_used_and_named_in_the_response(client, md_case):
    case = _december(md_case, taux_fournis=[SUPPLIED])
    response = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=case)
    assert response.status_code == 200, response.get_data(as_text=True)
    used = json.loads(response.headers["Litige-Taux-Utilises"])
    assert {
        "serie": "bce",
        "semestre": "2026-S2",
        "taux": "2.15",
        "source": "valeur d'essai : communiqué de la BCE",
        "origine": "faits du dossier",
    } in used
    seed = next(u for u in used if u["semestre"] == "2026-S1" and u["serie"] == "bce")
    assert seed["origine"] == "référence" and seed["taux"] == "2.15"
    assert "12,15" in docx_text(response.data)  # ECB + 10 points, for both half-years


def test_a_rate_given_for_a_period_the_server_knows_otherwise_is_refused(client, md_case):
    case = _december(md_case, taux_fournis=[{**SUPPLIED, "semestre": "2026-S1", "taux": "3.00"}])
    response = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=case)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["path"] == "taux_fournis[0].taux"
    assert "2,15 %" in error["message"] and "3,00 %" in error["message"]


def test_a_rate_out_of_range_is_refused(client, md_case):
    case = _december(md_case, taux_fournis=[{**SUPPLIED, "taux": "31"}])
    response = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=case)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["path"] == "taux_fournis[0].taux"


def test_stopping_at_the_last_rate_known_generates_and_uses_no_later_rate(client, md_case):
    case = _december(md_case, arreter_au_dernier_taux_connu=True)
    response = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=case)
    assert response.status_code == 200, response.get_data(as_text=True)
    used = json.loads(response.headers["Litige-Taux-Utilises"])
    assert {u["semestre"] for u in used if u["serie"] == "bce"} == {"2026-S1"}


def test_the_batch_manifest_names_each_item_s_rates_or_the_rate_it_lacked(client, md_case):
    items = [
        {"type": "mise_en_demeure", "reference": "manque", "case": _december(md_case)},
        {
            "type": "mise_en_demeure",
            "reference": "fourni",
            "case": _december(md_case, taux_fournis=[SUPPLIED]),
        },
    ]
    before = _missing_count(client)
    response = client.post("/api/v1/batch", json={"items": items, "formats": ["docx"]})
    assert response.status_code == 200
    manifest = json.loads(open_zip(response.data).read("manifest.json"))
    missing, supplied = manifest["items"]
    assert missing["status"] == "error"
    assert missing["taux_manquant"] == {"serie": "bce", "semestre": "2026-S2"}
    assert missing["taux"] == []
    assert supplied["status"] == "ok"
    assert any(
        u["origine"] == "faits du dossier" and u["semestre"] == "2026-S2" for u in supplied["taux"]
    )
    assert all(u["source"] for u in supplied["taux"])
    assert _missing_count(client) == before + 1


def test_the_injonction_example_generates_with_its_own_rates_recorded(client):
    case = example_case("injonction_de_payer", "artisan_consommateur_tj")
    response = client.post("/api/v1/documents/injonction_de_payer?format=docx", json=case)
    assert response.status_code == 200
    used = json.loads(response.headers["Litige-Taux-Utilises"])
    assert {u["serie"] for u in used} == {"interet_legal_particulier"} or {
        u["serie"] for u in used
    } == {"interet_legal_autres"}


def test_the_facts_schema_and_openapi_describe_the_two_ways_on(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    text = json.dumps(spec, ensure_ascii=False)
    assert "taux_manquant" in text and "Litige-Taux-Utilises" in text
    for doc_type in ("mise_en_demeure", "injonction_de_payer"):
        schema = client.get(f"/api/v1/document-types/{doc_type}/schema").get_json()
        properties = schema["properties"]
        assert "arreter_au_dernier_taux_connu" in properties
        assert "taux_fournis" in properties
        given = schema["$defs"]["TauxFourni"]["properties"]
        number = next(kind for kind in given["taux"]["anyOf"] if kind["type"] == "number")
        assert (number["minimum"], number["maximum"]) == (0, 30)
        assert set(given) == {"serie", "semestre", "taux", "source"}


def test_a_job_reports_the_rate_an_item_lacked_and_the_rates_the_others_used(client, md_case):
    items = [
        {"type": "mise_en_demeure", "reference": "manque", "case": _december(md_case)},
        {
            "type": "mise_en_demeure",
            "reference": "arret",
            "case": _december(md_case, arreter_au_dernier_taux_connu=True),
        },
    ]
    created = client.post("/api/v1/jobs", json={"items": items, "formats": ["docx"]})
    assert created.status_code == 202
    job = client.get(created.headers["Location"]).get_json()
    assert (job["status"], job["done"], job["failed"]) == ("done", 2, 1)
    (error,) = job["errors"]
    assert error["reference"] == "manque"
    assert error["taux_manquant"] == {"serie": "bce", "semestre": "2026-S2"}
    with client.get(job["archive"]) as download:
        stopped = json.loads(open_zip(download.data).read("manifest.json"))["items"][1]
    assert stopped["status"] == "ok"
    assert {(u["serie"], u["semestre"]) for u in stopped["taux"]} == {("bce", "2026-S1")}
