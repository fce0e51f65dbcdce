"""`flask rates`: the operator's rates kept in the database, the ECB update and its task."""

from __future__ import annotations

import copy
import getpass
import json
import logging
import threading
from datetime import date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

import docgen
from app import create_app
from docgen.errors import MissingRateError
from docgen.law.ratefile import layer, load_overlay
from docgen.law.rates import ECB, OPERATOR, HalfYear, current_rates, default_rates, recording
from tests.api_support import make_app
from tests.conftest import example_case
from web.db import db
from web.ecb_update import scheduled_update, update_due
from web.jobs import queue
from web.models import RateEntry

TODAY = "2026-12-07"
DATA = Path(__file__).parent / "data"
UNCHANGED = DATA / "ecb_mrr_2026-12-04.json"
NEW_DECISION = DATA / "ecb_mrr_new_decision.json"
TRIAL = "valeur d'essai, fictive"
S2 = HalfYear(2026, 2)


@pytest.fixture
def app(tmp_path):
    with time_machine.travel(TODAY, tick=False):
        yield make_app(tmp_path)


def rates(app, *args: str):
    return app.test_cli_runner().invoke(args=["rates", *args])


def entries(app) -> list[RateEntry]:
    with app.app_context():
        return list(db.session.scalars(select(RateEntry).order_by(RateEntry.id)))


def deployment(app):
    with app.app_context():
        return current_rates()


class _Answer(BaseHTTPRequestHandler):
    body, status = b"", 200

    def do_GET(self):  # the name http.server calls
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ecb_server():
    """A local server answering like the ECB's API (a saved answer, or an HTTP status)."""
    handler = type("Answer", (_Answer,), {"body": NEW_DECISION.read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
    server.handler = handler
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


# --- status ------------------------------------------------------------------------------


def test_status_names_what_a_letter_a_month_ahead_lacks_and_exits_1(app):
    result = rates(app, "status")
    assert result.exit_code == 1
    assert "lettre datée du 7 janvier 2027" in result.output
    assert result.output.count("Manque : 2e semestre 2026, 1er semestre 2027.") == 3
    assert (
        "flask rates set interet-legal 2026-S2 PARTICULIER AUTRES --source TEXTE" in result.output
    )
    assert "flask rates update bce" in result.output
    assert "vérifiées jusqu'au 30 avril 2026" in result.output
    assert "taux.toml" not in result.output and "Traceback" not in result.output


def test_status_exits_0_once_the_operator_brought_the_rates_up_to_date(app):
    assert rates(app, "status", "--on", "2026-12-07").exit_code == 1
    legal = ["set", "interet-legal", "2026-S2", "6,50", "2,50", "--source", TRIAL]
    assert rates(app, *legal).exit_code == 0
    assert rates(app, "update", "bce", "--file", str(UNCHANGED)).exit_code == 0
    result = rates(app, "status", "--on", "07/12/2026")
    assert result.exit_code == 0, result.output
    assert result.output.count("Rien ne manque.") == 3
    assert "vérifiées jusqu'au 4 décembre 2026" in result.output
    ahead = rates(app, "status", "--json")  # a letter of 7 January 2027 still lacks 2027-S1
    assert ahead.exit_code == 1
    body = json.loads(ahead.stdout)
    assert body["lettre_du"] == "2027-01-07"
    assert {s["serie"]: s["manquants"] for s in body["series"]} == {
        "interet_legal_particulier": ["2027-S1"],
        "interet_legal_autres": ["2027-S1"],
        "bce": ["2027-S1"],
    }


def test_status_says_when_an_operator_value_differs_from_the_seed_and_that_it_wins(app):
    # As after an upgrade whose seed gives another value for a half-year the operator entered.
    with app.app_context():
        db.session.add(
            RateEntry(
                kind="interet_legal",
                half="2026-S1",
                rate="6.00",
                rate_other="2.00",
                source=TRIAL,
                author="alice",
                method="commande",
            )
        )
        db.session.commit()
    result = rates(app, "status")
    assert "celles de l'exploitant s'appliquent" in result.output
    assert "6,00 %" in result.output and "6,67 %" in result.output
    assert deployment(app).legal[HalfYear(2026, 1)].consumer_creditor == Decimal("6.00")


def test_commands_say_how_to_create_the_tables_before_the_first_migration(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    result = rates(app, "status")
    assert result.exit_code == 1
    assert "flask db upgrade" in result.output and "Traceback" not in result.output
    with app.app_context():
        assert current_rates() is default_rates()  # the seed, until the table exists


# --- set and verify ----------------------------------------------------------------------


def test_set_reads_french_decimals_and_keeps_who_when_and_source(app):
    result = rates(
        app,
        "set",
        "interet-legal",
        "2026-s2",
        "6,50",
        "2.5",
        "--source",
        "  arrêté d'essai,\n JORF fictif ",
        "--auteur",
        "alice",
    )
    assert result.exit_code == 0, result.output
    assert "Enregistré : taux de l'intérêt légal du 2e semestre 2026 : 6,50 %" in result.output
    assert rates(app, "set", "bce", "2026-06-17", "1,9", "--source", TRIAL).exit_code == 0
    legal, decision = entries(app)
    assert (legal.kind, legal.half, legal.rate, legal.rate_other) == (
        "interet_legal",
        "2026-S2",
        "6.50",
        "2.50",
    )
    assert (legal.source, legal.author, legal.method) == (
        "arrêté d'essai, JORF fictif",
        "alice",
        "commande",
    )
    assert legal.created_at == datetime(2026, 12, 7)
    assert (decision.kind, decision.day, decision.rate) == ("bce", date(2026, 6, 17), "1.90")
    assert decision.author == getpass.getuser()
    table = deployment(app)
    assert table.legal[S2].other == Decimal("2.50") and table.legal[S2].origin == OPERATOR
    assert table.label == "taux de ce serveur"


def test_identical_values_are_already_known_and_nothing_is_stored(app):
    seed = ["set", "interet-legal", "2026-S1", "6.67", "2,62", "--source", TRIAL]
    result = rates(app, *seed)
    assert result.exit_code == 0
    assert "Déjà connu" in result.output
    assert rates(app, "set", "bce", "2025-06-11", "2,15", "--source", TRIAL).exit_code == 0
    assert rates(app, "set", "bce", "2026-01-15", "2.15", "--source", TRIAL).exit_code == 0
    assert entries(app) == []


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["interet-legal", "2026-S1", "6,00", "2,00"], ["6,00 %", "2,00 %", "6,67 %", "2,62 %"]),
        (["bce", "2025-06-11", "2,00"], ["2,00 %", "fixe 2,15 %"]),
        (["bce", "2026-01-15", "2,00"], ["2,00 %", "30 avril 2026", "2,15 %"]),
    ],
)
def test_a_conflict_with_the_seed_is_refused_with_both_values(app, args, shown):
    result = rates(app, "set", *args, "--source", TRIAL)
    assert result.exit_code == 1
    assert "refusé" in result.output and all(text in result.output for text in shown)
    assert "Traceback" not in result.output and entries(app) == []


def test_a_conflict_with_a_stored_value_is_refused_with_both_values(app):
    rates(app, "set", "interet-legal", "2026-S2", "6,50", "2,50", "--source", TRIAL)
    result = rates(app, "set", "interet-legal", "2026-S2", "6,40", "2,50", "--source", "autre")
    assert result.exit_code == 1
    assert "6,40 %" in result.output and "6,50 %" in result.output and TRIAL in result.output
    assert len(entries(app)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["interet-legal", "2026-S2", "31", "2,5"], "entre 0 et 30"),
        (["interet-legal", "2026-S2", "6,555", "2,5"], "deux décimales"),
        (["interet-legal", "2026-S2", "six", "2,5"], "pourcentage"),
        (["interet-legal", "2026-S3", "6", "2,5"], "semestre illisible"),
        (["interet-legal", "2027-S2", "6", "2,5"], "pas encore publié"),
        (["interet-legal", "2026-S2"], "usage : flask rates set interet-legal"),
        (["bce", "17 juin", "2,00"], "date illisible"),
        (["bce", "2062-06-17", "2,00"], "prend effet dans la semaine"),
    ],
)
def test_invalid_values_are_refused_in_french(app, args, message):
    result = rates(app, "set", *args, "--source", TRIAL)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_a_value_without_its_source_is_refused(app):
    result = rates(app, "set", "interet-legal", "2026-S2", "6,50", "2,50", "--source", "  ")
    assert result.exit_code == 1 and "source manquante" in result.output
    assert entries(app) == []


def test_verify_moves_the_horizon_but_never_past_today(app):
    later = rates(app, "verify", "bce", "2026-12-08", "--source", TRIAL)
    assert later.exit_code == 1 and "postérieur à aujourd'hui" in later.output
    earlier = rates(app, "verify", "bce", "2026-03-31", "--source", TRIAL)
    assert earlier.exit_code == 0 and "Rien à faire" in earlier.output
    assert entries(app) == []
    done = rates(app, "verify", "bce", "2026-12-07", "--source", TRIAL)
    assert done.exit_code == 0 and "jusqu'au 7 décembre 2026" in done.output
    assert deployment(app).ecb_verified_until == date(2026, 12, 7)


# --- update bce --------------------------------------------------------------------------


def test_update_from_a_saved_answer_adds_the_decision_and_moves_the_horizon(app):
    result = rates(app, "update", "bce", "--file", str(NEW_DECISION), "--auteur", "alice")
    assert result.exit_code == 0, result.output
    assert "Décision ajoutée : 1,23 % à compter du 16 septembre 2026." in result.output
    assert "Décisions vérifiées jusqu'au 4 décembre 2026 (auparavant : 30 avril 2026)." in (
        result.output
    )
    decision, verified = entries(app)
    assert (decision.kind, decision.day, decision.rate) == ("bce", date(2026, 9, 16), "1.23")
    assert (verified.kind, verified.day) == ("bce_verification", date(2026, 12, 4))
    assert {decision.method, verified.method} == {"mise à jour BCE"}
    assert "FM.B.U2.EUR.4F.KR.MRR_FR.LEV" in decision.source
    table = deployment(app)
    assert table.known(ECB, HalfYear(2027, 1)) is None  # verified to 4 December only
    assert table.ecb[-1].rate == Decimal("1.23") and table.ecb[-1].origin == OPERATOR
    again = rates(app, "update", "bce", "--file", str(NEW_DECISION))
    assert again.exit_code == 0 and "Aucune décision nouvelle." in again.output
    assert len(entries(app)) == 2


def test_update_reads_the_api(tmp_path, ecb_server):
    with time_machine.travel(TODAY, tick=False):
        app = make_app(tmp_path, RATES_ECB_URL=ecb_server.url)
        result = rates(app, "update", "bce")
    assert result.exit_code == 0, result.output
    assert "1,23 % à compter du 16 septembre 2026" in result.output
    assert "(API, données du 4 décembre 2026)" in entries(app)[0].source


def test_update_from_csv_moves_the_horizon_to_the_last_change_only(app):
    result = rates(app, "update", "bce", "--file", str(DATA / "ecb_mrr_new_decision.csv"))
    assert result.exit_code == 0, result.output
    assert "SDMX-CSV" in result.output
    assert deployment(app).ecb_verified_until == date(2026, 9, 16)


def test_the_horizon_never_moves_past_today(app, tmp_path):
    answer = json.loads(UNCHANGED.read_text(encoding="utf-8"))
    answer["header"]["prepared"] = "2027-03-01T10:00:00+01:00"
    saved = tmp_path / "later.json"
    saved.write_text(json.dumps(answer), encoding="utf-8")
    assert rates(app, "update", "bce", "--file", str(saved)).exit_code == 0
    assert deployment(app).ecb_verified_until == date(2026, 12, 7)


def _truncated(tmp_path):
    path = tmp_path / "truncated.json"
    path.write_bytes(NEW_DECISION.read_bytes()[:3000])
    return path


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda tmp: DATA / "ecb_mrr_malformed.json", "taux illisible"),
        (_truncated, "JSON invalide"),
        (lambda tmp: tmp / "absent.json", "fichier illisible"),
    ],
)
def test_a_malformed_answer_changes_nothing(app, tmp_path, answer, message):
    result = rates(app, "update", "bce", "--file", str(answer(tmp_path)))
    assert result.exit_code == 1
    assert message in result.output and "rien n'a été modifié" in result.output
    assert str(tmp_path) not in result.output and "Traceback" not in result.output
    assert entries(app) == []


@pytest.mark.parametrize(("status", "message"), [(None, "injoignable"), (503, "HTTP 503")])
def test_an_unreachable_api_changes_nothing(tmp_path, ecb_server, status, message):
    ecb_server.handler.status = status or 200
    url = "http://127.0.0.1:9/" if status is None else ecb_server.url
    with time_machine.travel(TODAY, tick=False):
        app = make_app(tmp_path, RATES_ECB_URL=url)
        result = rates(app, "update", "bce")
    assert result.exit_code == 1
    assert message in result.output and "rien n'a été modifié" in result.output
    assert entries(app) == []


def test_a_contradiction_is_reported_not_stored_and_keeps_the_horizon(app, tmp_path):
    rates(app, "set", "bce", "2026-06-17", "1,90", "--source", TRIAL)
    result = rates(app, "update", "bce", "--file", str(UNCHANGED))
    assert result.exit_code == 1
    assert "17 juin 2026 : la décision enregistrée (1,90 %" in result.output
    assert "absente de la série" in result.output and "Horizon non avancé" in result.output
    answer = json.loads(UNCHANGED.read_text(encoding="utf-8"))
    observations = answer["dataSets"][0]["series"]["0:0:0:0:0:0:0"]["observations"]
    observations["19"][0] = 2.0  # 11 June 2025, which the seed knows at 2.15 %
    saved = tmp_path / "contradiction.json"
    saved.write_text(json.dumps(answer), encoding="utf-8")
    result = rates(app, "update", "bce", "--file", str(saved))
    assert "2,00 % contredit ce qui est connu" in result.output and "2,15 %" in result.output
    assert [(e.kind, e.day) for e in entries(app)] == [("bce", date(2026, 6, 17))]
    assert deployment(app).ecb_verified_until == date(2026, 4, 30)


# --- export, and the table every request sees --------------------------------------------


def test_export_writes_the_seed_format_that_loads_over_the_seed_without_conflict(app, tmp_path):
    legal = ["set", "interet-legal", "2026-S2", "6,50", "2,50", "--auteur", "alice"]
    rates(app, *legal, "--source", TRIAL)
    rates(app, "update", "bce", "--file", str(NEW_DECISION))
    result = rates(app, "export")
    assert result.exit_code == 0
    assert "# ajouté par alice le 2026-12-07 à 00:00 UTC (commande)" in result.stdout
    assert "(mise à jour BCE)" in result.stdout
    exported = tmp_path / "taux_serveur.toml"
    exported.write_text(result.stdout, encoding="utf-8")
    read = layer(default_rates(), load_overlay(exported), strict=True)  # no conflict raised
    table = deployment(app)

    def values(t):
        legal = {h: (e.consumer_creditor, e.other, e.source) for h, e in t.legal.items()}
        ecb = [(e.effective, e.rate, e.source) for e in t.ecb]
        return legal, ecb, t.ecb_verified_until, t.ecb_source

    assert values(read) == values(table)
    assert read.legal[S2].other == Decimal("2.50")


def test_documents_use_the_operator_rates_in_an_app_context(app):
    rates(app, "set", "bce", "2026-06-17", "1,90", "--source", TRIAL)
    rates(app, "verify", "bce", "2026-12-01", "--source", TRIAL)
    case = copy.deepcopy(example_case("mise_en_demeure", "b2b_penalites_bce"))
    case["date_lettre"] = TODAY
    with pytest.raises(MissingRateError):  # outside an app context: the seed, which lacks it
        docgen.build_context("mise_en_demeure", case)
    with app.app_context(), recording() as used:
        _, context = docgen.build_context("mise_en_demeure", case)
    first = context["creance"]["lignes"][0]["penalites"]["periodes"]
    assert (first[1]["semestre"], first[1]["taux"], first[1]["montant"]) == (
        "2e semestre 2026",
        Decimal("11.90"),
        Decimal("125.19"),  # 2400 × 11,90 % × 160 / 365
    )
    use = next(u for u in used if u.half == S2)
    assert (use.rate, use.source, use.origin) == (Decimal("1.90"), TRIAL, OPERATOR)


def test_servers_sharing_a_database_see_a_value_added_on_another(app, tmp_path):
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"]})
    with other.app_context():
        first = current_rates()
        assert current_rates() is first  # read once per app context
        assert first.ecb_verified_until == date(2026, 4, 30)
    rates(app, "verify", "bce", "2026-12-01", "--source", TRIAL)
    with other.app_context():
        assert current_rates().ecb_verified_until == date(2026, 12, 1)


# --- the periodic task -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "due"),
    [
        ("2027-01-02", True),
        ("2026-07-02", True),
        ("2026-12-18", True),  # the day after the meeting of 17 December 2026
        ("2026-12-24", True),  # the day after its decisions take effect (23 December)
        ("2026-12-19", False),
        ("2026-12-07", False),
        ("2028-12-15", True),  # a Friday, once the calendar has run out
        ("2029-01-04", False),
    ],
)
def test_the_task_reads_the_series_after_each_meeting_and_at_each_half_year(day, due):
    from docgen.law.ecb import meetings

    assert update_due(date.fromisoformat(day), meetings()) is due


def _task_app(tmp_path, url, **config):
    return make_app(tmp_path, RATES_ECB_URL=url, **config)


def test_the_task_does_nothing_when_the_setting_is_off(tmp_path, ecb_server):
    with time_machine.travel("2026-12-18", tick=False):
        app = _task_app(tmp_path, ecb_server.url)
        with app.app_context():
            assert scheduled_update() is None
    assert entries(app) == []


def test_the_task_updates_on_its_days_when_the_setting_is_on(tmp_path, ecb_server, caplog):
    caplog.set_level(logging.INFO, logger="web.ecb_update")
    with time_machine.travel(TODAY, tick=False):
        app = _task_app(tmp_path, ecb_server.url, RATES_AUTO_UPDATE=1)
        with app.app_context():
            assert scheduled_update() is None  # not one of its days
    assert entries(app) == []
    with time_machine.travel("2026-12-18", tick=False), app.app_context():
        report = scheduled_update()
    assert report is not None and report.horizon == date(2026, 12, 4)
    assert "Décision ajoutée : 1,23 % à compter du 16 septembre 2026." in caplog.text
    assert [e.author for e in entries(app)] == ["tâche périodique"] * 2
    names = [task.name for task in queue(app).read_periodic(datetime(2026, 12, 18, 6, 30))]
    assert "update_ecb_rates" in names


def test_the_task_logs_an_unreachable_api_and_changes_nothing(tmp_path, caplog):
    with time_machine.travel("2026-12-18", tick=False):
        app = _task_app(tmp_path, "http://127.0.0.1:9/", RATES_AUTO_UPDATE=1)
        with app.app_context():
            assert scheduled_update() is None
    assert "mise à jour des taux de la BCE impossible : API de la BCE injoignable" in caplog.text
    assert entries(app) == []


def test_a_value_entered_by_mistake_is_withdrawn_and_kept_in_the_history(app):
    legal = ["set", "interet-legal", "2026-S2", "6,05", "2,50", "--source", TRIAL]
    assert rates(app, *legal).exit_code == 0
    listed = rates(app, "list")
    assert listed.exit_code == 0
    assert (
        "n° 1 — intérêt légal 2026-S2 : 6,05 % (particulier), 2,50 % (autres cas)" in listed.output
    )
    assert rates(app, "status", "--on", "2026-12-07").output.count("2026-S2") < 3
    refused = rates(app, "withdraw", "1")
    assert refused.exit_code != 0 and "raison manquante" in refused.output
    done = rates(app, "withdraw", "1", "--source", "faute de frappe : 6,50 et non 6,05")
    assert done.exit_code == 0, done.output
    assert "Retirée : n° 1" in done.output
    again = rates(app, "withdraw", "1", "--source", "encore")
    assert again.exit_code != 0 and "déjà retirée" in again.output
    unknown = rates(app, "withdraw", "9", "--source", "essai")
    assert unknown.exit_code != 0 and "aucune valeur de l'exploitant n'a le n° 9" in unknown.output
    status = rates(app, "status", "--on", "2026-12-07")
    assert status.exit_code == 1 and "2026-S2" in status.output  # missing again
    history = rates(app, "list").output
    assert "[retirée]" in history and "retrait de l'entrée n° 1" in history
    # The right value can now be entered: the withdrawn one no longer contradicts it.
    right = ["set", "interet-legal", "2026-S2", "6,50", "2,50", "--source", TRIAL]
    assert rates(app, *right).exit_code == 0
    assert "6.05" not in rates(app, "export").output
