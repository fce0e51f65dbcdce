"""The set-up's system check: Debian packages installed as root or with sudo, else one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.check_system import SERVER, TESTS
from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "check_system.py"


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
    installed.write_text("", encoding="utf-8")
    stub(
        bin_dir,
        "dpkg-query",
        f'grep -qx "$3" {installed} && printf "install ok installed"; exit 0',
    )
    stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}')
    stub(bin_dir, "id", 'echo "${FAKE_UID:-1000}"')
    stub(
        bin_dir,
        "sudo",
        f'[ "$FAKE_SUDO" = yes ] || exit 1; echo "sudo $*" >> {log}; '
        'shift; [ "$1" = true ] && exit 0; exec "$@"',
    )

    def run(target: str, *, uid: str = "1000", sudo: str = "no", have: list[str] = ()):
        installed.write_text("".join(f"{p}\n" for p in have), encoding="utf-8")
        log.write_text("", encoding="utf-8")
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "FAKE_UID": uid,
            "FAKE_SUDO": sudo,
            "HOME": os.environ.get("HOME", "/"),
        }
        done = subprocess.run(
            [sys.executable, str(SCRIPT), target], capture_output=True, text=True, env=env
        )
        calls = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
        return done, calls

    return run


def test_nothing_missing_nothing_run(machine):
    done, calls = machine("test", uid="0", have=TESTS)
    assert (done.returncode, done.stdout, done.stderr, calls) == (0, "", "", [])


def test_as_root_the_missing_packages_are_installed(machine):
    done, calls = machine("run", uid="0", have=SERVER[1:])
    assert done.returncode == 0
    assert "Installation des paquets Debian manquants : python3-venv" in done.stderr
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends python3-venv",
    ]


def test_with_passwordless_sudo_through_sudo(machine):
    done, calls = machine("test", sudo="yes", have=SERVER)
    assert done.returncode == 0
    missing = " ".join(TESTS[len(SERVER) :])
    assert calls == [
        "sudo -n true",
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        f"sudo -n apt-get install -y -qq --no-install-recommends {missing}",
        f"apt-get install -y -qq --no-install-recommends {missing}",
    ]


def test_otherwise_the_one_line_to_run(machine):
    done, calls = machine("test", have=[p for p in TESTS if p != "chromium"])
    assert done.returncode == 1 and calls == []
    assert "installez-les puis relancez" in done.stderr
    assert done.stdout == "sudo apt-get install -y --no-install-recommends chromium\n"
    assert "/" not in done.stderr.replace("make test", "")  # no path of the machine


def test_the_server_needs_fewer_packages_than_the_tests(machine):
    done, calls = machine("run", have=SERVER)
    assert (done.returncode, calls) == (0, [])
    assert set(SERVER) < set(TESTS) and "chromium" not in SERVER
