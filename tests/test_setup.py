"""The set-up's system check: Debian packages installed as root or with sudo, else one line.

The script runs for real, with a PATH whose ``dpkg-query``, ``apt-get``, ``sudo`` and ``id`` are
stubs that log their arguments: nothing is installed on the machine.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import check_system
from scripts.check_system import LIBRARIES, SERVER, TESTS
from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "check_system.py"
PATH_LIKE = re.compile(r"(?<![\w.])/[\w.-]+/")
"""A path of the machine in a message (``/usr/bin/``, ``/tmp/…``), as opposed to ``a/b``."""


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A fake Debian: dpkg-query reads ``installed``, apt-get and sudo log their arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    installed = tmp_path / "installed"
    # dpkg-query -W -f=FORMAT PACKAGE…: a line for each installed one, an error for the others.
    stub(
        bin_dir,
        "dpkg-query",
        f"echo dpkg-query >> {log}; shift 2; status=0\n"
        'for p in "$@"; do\n'
        f'  if grep -qx "$p" {installed}; then printf "%s\\tinstall ok installed\\n" "$p";\n'
        '  else echo "dpkg-query: no packages found matching $p" >&2; status=1; fi\n'
        "done\n"
        "exit $status",
    )
    # The frontend apt-get would get: sudo resets the environment.
    stub(
        bin_dir,
        "apt-get",
        f'echo "apt-get $* [${{DEBIAN_FRONTEND:-}}]" >> {log}; exit "${{FAKE_APT_STATUS:-0}}"',
    )
    stub(bin_dir, "id", 'echo "${FAKE_UID:-1000}"')
    # sudo -n COMMAND…: refused without FAKE_SUDO=yes, else COMMAND in a reset environment.
    stub(
        bin_dir,
        "sudo",
        f'[ "$FAKE_SUDO" = yes ] || exit 1; echo "sudo $*" >> {log}; shift\n'
        'exec env -i PATH="$PATH" FAKE_APT_STATUS="$FAKE_APT_STATUS" "$@"',
    )

    def run(
        target: str,
        *,
        uid: str = "1000",
        sudo: str = "no",
        have: list[str] = (),
        apt_status: int = 0,
    ):
        installed.write_text("".join(f"{p}\n" for p in have), encoding="utf-8")
        log.write_text("", encoding="utf-8")
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "FAKE_UID": uid,
            "FAKE_SUDO": sudo,
            "FAKE_APT_STATUS": str(apt_status),
            "HOME": os.environ.get("HOME", "/"),
        }
        done = subprocess.run(
            [sys.executable, str(SCRIPT), target], capture_output=True, text=True, env=env
        )
        lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
        queries = [line for line in lines if line.startswith("dpkg-query")]
        calls = [line for line in lines if not line.startswith("dpkg-query")]
        return done, calls, queries

    return run


def test_nothing_missing_nothing_run(machine):
    done, calls, queries = machine("test", uid="0", have=TESTS)
    assert (done.returncode, done.stdout, done.stderr, calls) == (0, "", "", [])
    assert len(queries) == 1, "un seul appel à dpkg-query pour tous les paquets"


def test_as_root_the_missing_packages_are_installed(machine):
    done, calls, _queries = machine("run", uid="0", have=SERVER[1:])
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == "Installation des paquets Debian manquants : python3-venv\n"
    assert calls == [
        "apt-get update -qq [noninteractive]",
        "apt-get install -y -qq --no-install-recommends python3-venv [noninteractive]",
    ]


def test_with_passwordless_sudo_through_sudo_noninteractive(machine):
    done, calls, _queries = machine("test", sudo="yes", have=SERVER)
    assert done.returncode == 0
    missing = " ".join(TESTS[len(SERVER) :])
    through = "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get"
    assert calls == [
        "sudo -n true",
        f"{through} update -qq",
        "apt-get update -qq [noninteractive]",
        f"{through} install -y -qq --no-install-recommends {missing}",
        f"apt-get install -y -qq --no-install-recommends {missing} [noninteractive]",
    ]
    assert done.stderr == f"Installation des paquets Debian manquants : {missing}\n"


def test_otherwise_the_one_line_to_run(machine):
    done, calls, _queries = machine("test", have=[p for p in TESTS if p != "chromium"])
    assert done.returncode == 1 and calls == []
    assert done.stderr == (
        "Paquets Debian manquants pour « make test » ; installez-les puis relancez :\n"
    )
    assert done.stdout == "sudo apt-get install -y --no-install-recommends chromium\n"
    assert not PATH_LIKE.search(done.stdout + done.stderr)


def test_sudo_with_a_password_is_not_tried(machine):
    done, calls, _queries = machine("run", sudo="no", have=[])
    assert done.returncode == 1 and calls == []
    assert done.stdout == f"sudo apt-get install -y --no-install-recommends {' '.join(SERVER)}\n"


def test_a_failed_installation_stops(machine):
    done, calls, _queries = machine("run", uid="0", have=SERVER[1:], apt_status=100)
    assert done.returncode == 1
    assert calls == ["apt-get update -qq [noninteractive]"]
    assert "L'installation des paquets a échoué" in done.stderr
    assert not PATH_LIKE.search(done.stderr)


def test_the_server_needs_fewer_packages_than_the_tests(machine):
    done, calls, _queries = machine("run", have=SERVER)
    assert (done.returncode, done.stdout, done.stderr, calls) == (0, "", "", [])
    assert set(SERVER) < set(TESTS)
    assert {"chromium", "poppler-utils", "libreoffice-writer-nogui"}.isdisjoint(SERVER)
    assert {"python3-venv", *(pkg for _lib, pkg, _why in LIBRARIES)} <= set(SERVER)


def test_not_debian_the_missing_libraries_are_named(monkeypatch, capsys):
    monkeypatch.setattr(check_system.shutil, "which", lambda _name: None)  # no dpkg, no apt
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda lib: None if lib == "harfbuzz-subset" else f"lib{lib}"
    )
    monkeypatch.setattr(check_system, "_debian", pytest.fail)
    assert check_system.main(["test"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Bibliothèques système manquantes pour WeasyPrint" in err
    assert "libharfbuzz-subset0 (sous-ensembles de polices" in err
    assert "libpango-1.0-0" not in err
    assert not PATH_LIKE.search(err)


def test_an_unknown_target_is_refused(capsys):
    assert check_system.main(["deploy"]) == 2
    assert "Usage" in capsys.readouterr().err


def test_the_list_lives_in_one_place():
    """``.ci/run`` and the Makefile call the script instead of repeating its packages."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "scripts/check_system.py test" in ci
    assert ci.rstrip().splitlines()[-2:] == ["make lint", "make test"]
    assert "scripts/check_system.py run" in makefile
    assert "scripts/check_system.py test" in makefile
    for package in TESTS[len(SERVER) :] + [pkg for _lib, pkg, _why in LIBRARIES]:
        assert package not in ci and package not in makefile, package


def test_make_runs_the_checks_before_the_venv():
    """``make run``/``make test`` check (and install) first; a dry run shows the order."""
    env = {**os.environ, "MAKEFLAGS": ""}
    for target, check in (("run", "check_system.py run"), ("test", "check_system.py test")):
        dry = subprocess.run(
            ["make", "-n", "-B", target, "VENV=/nonexistent-venv"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        assert dry.index(check) < dry.index("-m venv"), dry
