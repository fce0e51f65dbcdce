"""The production image and server: the Dockerfile installs what the project does, the lock
pins every dependency, gunicorn.conf.py reads its settings, and gunicorn really serves and stops.

No container engine runs here, so the Dockerfile is read, not built.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import re
import runpy
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from docgen.law.horizon import lacking, lookahead
from docgen.law.rates import default_rates
from scripts.check_system import LIBRARIES, TESTS
from tests.conftest import EXAMPLES, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: The safe minimum versions of shared/security.md.
SAFE_MINIMUMS = {"jinja2": "3.1.6", "weasyprint": "70", "lxml": "6.1.3", "werkzeug": "3.1.6"}


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined: (INSTRUCTION, arguments)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, arguments = line.strip().partition(" ")
            found.append((instruction.upper(), arguments.strip()))
    return found


def arguments(instruction: str) -> list[str]:
    return [args for name, args in dockerfile() if name == instruction]


def ci_packages() -> list[str]:
    """The Debian packages .ci/run installs: those the tests need (scripts/check_system.py)."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/check_system.py test" in script, ".ci/run n'installe plus les paquets"
    return list(TESTS)


def apt_packages() -> set[str]:
    """The Debian packages the Dockerfile installs."""
    packages: set[str] = set()
    for run in arguments("RUN"):
        for command in re.split(r"&&|;", run):
            words = command.split()
            if words[:2] == ["apt-get", "install"]:
                packages |= {word for word in words[2:] if not word.startswith("-")}
    return packages


def lock() -> dict[str, str]:
    """The pins of constraints.txt: normalised name -> version."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"ligne non épinglée dans constraints.txt : {line}"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def project_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = [req for group in project["optional-dependencies"].values() for req in group]
    return [Requirement(req) for req in project["dependencies"] + extras]


def env_setting(name: str) -> str:
    """The value the Dockerfile's ENV instructions give a variable."""
    for args in arguments("ENV"):
        for word in shlex.split(args):
            key, sep, value = word.partition("=")
            if sep and key == name:
                return value
    raise AssertionError(f"{name} n'est pas fixé par ENV dans le Dockerfile")


# The image


def test_image_is_a_slim_python_3_11():
    assert re.fullmatch(r"python:3\.11-slim-(bookworm|trixie)", arguments("FROM")[0])


def test_image_installs_weasyprint_libraries_and_the_fonts_of_ci():
    fonts = {pkg for pkg in ci_packages() if pkg.startswith("fonts-")}
    assert fonts, ".ci/run n'installe plus de polices"
    needed = {pkg for _lib, pkg, _why in LIBRARIES} | fonts
    assert sorted(needed - apt_packages()) == []


def test_image_installs_the_main_dependencies_with_the_lock():
    installs = [run for run in arguments("RUN") if "pip install" in run]
    assert installs and all("-c constraints.txt" in run for run in installs)
    assert any("['project']['dependencies']" in run for run in installs)
    assert not any("[dev]" in run or "optional-dependencies" in run for run in installs)
    copied = " ".join(arguments("COPY"))
    assert "constraints.txt" in copied and "pyproject.toml" in copied


def test_image_runs_as_a_user_other_than_root():
    users = arguments("USER")
    assert users and users[-1] not in ("root", "0") and not users[-1].startswith("0:")
    names = [name for name, _args in dockerfile()]
    assert names.index("USER") > max(i for i, (n, a) in enumerate(dockerfile()) if n == "RUN")


def test_image_keeps_its_data_in_a_volume():
    volumes = " ".join(arguments("VOLUME"))
    assert "/data" in volumes
    assert env_setting("LITIGE_DATABASE_URL") == "sqlite:////data/litige.sqlite3"
    for name in ("LITIGE_TEMPLATES_FOLDER", "LITIGE_JOBS_FOLDER", "LITIGE_DOSSIERS_FOLDER"):
        assert env_setting(name).startswith("/data/")
    assert env_setting("LITIGE_QUEUE_URL").startswith("sqlite:////data/")
    assert env_setting("LITIGE_ENV") == "production"


def test_image_serves_with_gunicorn_and_checks_its_health():
    port = env_setting("LITIGE_BIND").rsplit(":", 1)[1]
    assert env_setting("LITIGE_BIND") == f"0.0.0.0:{port}"
    assert arguments("EXPOSE") == [port]
    assert json.loads(arguments("CMD")[0]) == ["gunicorn", "-c", "gunicorn.conf.py"]
    assert json.loads(arguments("ENTRYPOINT")[0]) == ["sh", "/app/scripts/entrypoint.sh"]
    entrypoint = (ROOT / "scripts" / "entrypoint.sh").read_text(encoding="utf-8")
    assert "flask --app app db upgrade" in entrypoint and 'exec "$@"' in entrypoint
    (healthcheck,) = arguments("HEALTHCHECK")
    assert "/health" in healthcheck and "urllib.request.urlopen" in healthcheck


@pytest.mark.parametrize(
    "path",
    [
        "app.py",
        "gunicorn.conf.py",
        "constraints.txt",
        "pyproject.toml",
        "scripts/entrypoint.sh",
        "scripts/check_system.py",
        "docgen/pdf/assets/fonts/Carlito-Regular.ttf",
        "templates_docx/mise_en_demeure.docx",
        "examples/mise_en_demeure/b2b_penalites_bce.json",
        "web/migrations/env.py",
        "web/templates/base.html",
        "forms/__init__.py",
    ],
)
def test_dockerignore_keeps_what_the_server_reads(path):
    assert (ROOT / path).exists()
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = [p for p in patterns for prefix in prefixes if fnmatch.fnmatch(prefix, p)]
    assert excluded == []


# The lock


def test_lock_pins_every_dependency_within_pyproject():
    pins = lock()
    for req in project_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} n'est pas dans constraints.txt : make lock"
        assert req.specifier.contains(pins[name], prereleases=True), (req, pins[name])


@pytest.mark.parametrize(("name", "minimum"), sorted(SAFE_MINIMUMS.items()))
def test_lock_and_pyproject_keep_the_safe_minimums(name, minimum):
    assert Version(lock()[name]) >= Version(minimum)
    (declared,) = [req for req in project_requirements() if canonicalize_name(req.name) == name]
    floors = [Version(spec.version) for spec in declared.specifier if spec.operator == ">="]
    assert floors and max(floors) >= Version(minimum)


def test_environment_is_the_locked_one():
    from importlib.metadata import PackageNotFoundError, version

    stale = {}
    for name, pinned in lock().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            stale[name] = (installed, pinned)
    assert stale == {}, "environnement différent du verrou : lancez make"


def test_makefile_installs_with_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\):.*\bconstraints\.txt\b", makefile, flags=re.MULTILINE)
    assert "pip install --quiet -c constraints.txt -e '.[dev]'" in makefile
    assert re.search(r"^lock:", makefile, flags=re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# gunicorn.conf.py


def gunicorn_settings(monkeypatch, **variables: str) -> dict:
    for key in list(os.environ):
        if key.startswith("LITIGE_"):
            monkeypatch.delenv(key)
    for key, value in variables.items():
        monkeypatch.setenv(f"LITIGE_{key}", value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (2, 4, 120)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["wsgi_app"] == "app:create_app()"
    assert conf["accesslog"] == "-"


def test_gunicorn_reads_the_litige_variables(monkeypatch):
    conf = gunicorn_settings(
        monkeypatch, WORKERS="5", THREADS="8", TIMEOUT="300", BIND="0.0.0.0:9000"
    )
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (5, 8, 300)
    assert conf["bind"] == ["0.0.0.0:9000"]


def test_gunicorn_access_log_leaves_out_personal_data(monkeypatch):
    line = gunicorn_settings(monkeypatch)["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(h)s", "%(f)s", "%(a)s", "%(u)s", "%(U)s"):
        assert (atom in line) is (atom == "%(U)s")  # the path, without its query string


def test_gunicorn_refuses_a_number_that_is_not_one(monkeypatch):
    with pytest.raises(SystemExit, match="LITIGE_WORKERS doit être un nombre entier"):
        gunicorn_settings(monkeypatch, WORKERS="deux")


# The real thing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp_path: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LITIGE_")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        LITIGE_ENV="production",
        LITIGE_SECRET_KEY="clé-de-test-" + "x" * 20,
        LITIGE_DATABASE_URL=f"sqlite:///{tmp_path / 'litige.sqlite3'}",
        LITIGE_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        LITIGE_TEMPLATES_FOLDER=str(tmp_path / "modeles"),
        LITIGE_JOBS_FOLDER=str(tmp_path / "jobs"),
        LITIGE_BIND=f"127.0.0.1:{port}",
        LITIGE_WORKERS="2",
        LITIGE_THREADS="2",
        LITIGE_GENERATION_WORKERS="1",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
    )
    return env


def flask(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    ).stdout


def group_alive(pgid: int) -> list[str]:
    """The processes of a process group that still run (zombies waiting to be reaped aside)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


def get(url: str, token: str | None = None, body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, response.read()


def test_entrypoint_refuses_production_without_a_secret_key(tmp_path):
    env = server_env(tmp_path, free_port())
    del env["LITIGE_SECRET_KEY"]
    done = subprocess.run(
        ["sh", "scripts/entrypoint.sh", "true"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("LITIGE_SECRET_KEY manquant : en production")


def test_entrypoint_migrates_then_runs_the_command(tmp_path):
    env = server_env(tmp_path, free_port())
    command = ["sh", "scripts/entrypoint.sh", sys.executable, "-c", "print('prêt')"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "prêt\n"), done.stderr
    with sqlite3.connect(tmp_path / "litige.sqlite3") as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
    assert {"alembic_version", "job", "api_token"} <= tables
    assert (tmp_path / "modeles").is_dir() and (tmp_path / "jobs").is_dir()


def test_gunicorn_serves_then_stops_on_sigterm(tmp_path):
    port = free_port()
    env = server_env(tmp_path, port)
    (tmp_path / "metrics").mkdir()  # as the entrypoint does
    (tmp_path / "metrics" / "counter_999999.db").write_bytes(b"de la veille")  # emptied at start
    flask(env, "db", "upgrade")
    token = flask(env, "tokens", "create", "essai").strip().splitlines()[-1]
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group: its workers and their pools are found by it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = get(f"{base}/health")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn ne répond pas au bout de 60 s"
                time.sleep(0.2)
        # the server reads the clock: « dégradé » when the seed misses a rate a month ahead
        soon = lacking(default_rates(), lookahead(datetime.date.today()))
        assert (status, json.loads(body)["statut"]) == (200, "dégradé" if soon else "ok")
        status, body = get(f"{base}/")
        assert status == 200 and "Mise en demeure de payer" in body.decode()
        case = (EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json").read_bytes()
        url = f"{base}/api/v1/documents/mise_en_demeure?format=pdf"
        status, pdf = get(url, token, case)  # through the pool of generation processes
        assert status == 200 and pdf.startswith(b"%PDF-")
        counts = get(f"{base}/metrics")[1].decode()  # the workers' counts, added up
        assert 'litige_generations_total{format="pdf",outcome="ok"' in counts

        stopping = time.monotonic()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert time.monotonic() - stopping < 30
        deadline = time.monotonic() + 5
        while group_alive(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_alive(server.pid) == []  # no worker nor generation process left behind
    finally:
        if server.poll() is None or group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    access = (tmp_path / "gunicorn.log").read_text(encoding="utf-8")
    assert '"GET /health" 200' in access  # gunicorn's access log, on stdout
    assert '"POST /api/v1/documents/mise_en_demeure" 200' in access  # no query string
