"""The Debian packages the server (``run``) or the tests (``test``) need, installed if we may.

On Debian, missing packages are installed when running as root or with passwordless sudo (as
CI does); otherwise the one ``sudo apt-get install …`` line to run is printed. Elsewhere (and
for ``libraries``, in the image), the system libraries WeasyPrint needs are looked for.
"""

# The system tools (dpkg-query, apt-get, sudo, id) are found on PATH, with fixed arguments.
# ruff: noqa: S603, S607

import ctypes.util
import os
import shutil
import subprocess
import sys

# (library name for ctypes, Debian package, what it is for)
LIBRARIES = [
    ("pango-1.0", "libpango-1.0-0", "mise en page du texte des PDF"),
    ("pangoft2-1.0", "libpangoft2-1.0-0", "polices des PDF"),
    ("harfbuzz", "libharfbuzz0b", "mise en forme des caractères"),
    ("harfbuzz-subset", "libharfbuzz-subset0", "sous-ensembles de polices (PDF rapides)"),
    ("fontconfig", "libfontconfig1", "configuration des polices"),
]
SERVER = ["python3-venv", *(pkg for _lib, pkg, _why in LIBRARIES)]
"""What ``make run`` needs: the virtual environment and WeasyPrint's libraries."""
TESTS = [
    *SERVER,
    "libreoffice-writer-nogui",  # a DOCX opens, PDF fidelity compared
    "poppler-utils",  # PDFs read and turned into images
    "chromium",  # the browser tests
    "postgresql",  # the dossiers' tests once more on a PostgreSQL server
    "fonts-liberation2",
    "fonts-crosextra-carlito",
    "fonts-crosextra-caladea",
]
"""What ``make test`` needs besides: the real components the tests drive."""
PACKAGES = {"run": SERVER, "test": TESTS}


def _missing_packages(packages: list[str]) -> list[str]:
    """The packages ``dpkg-query`` does not report as installed (one call for them all)."""
    listed = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Status}\n", *packages],
        capture_output=True,  # unknown packages: an error on stderr, and a non-zero status
        text=True,
        check=False,
    ).stdout
    installed = {
        name
        for name, _tab, status in (line.partition("\t") for line in listed.splitlines())
        if status.strip() == "install ok installed"
    }
    return [package for package in packages if package not in installed]


def _may_install() -> list[str] | None:
    """The command prefix that installs (``[]`` as root, else through sudo), or None.

    sudo resets the environment, so ``DEBIAN_FRONTEND`` is given to the command through ``env``.
    """
    uid = subprocess.run(["id", "-u"], capture_output=True, text=True, check=False).stdout
    if uid.strip() == "0":
        return []
    if shutil.which("sudo"):
        allowed = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
        if allowed.returncode == 0:
            return ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]
    return None


def _debian(target: str) -> int:
    missing = _missing_packages(PACKAGES[target])
    if not missing:
        return 0
    prefix = _may_install()
    if prefix is None:
        print(
            f"Paquets Debian manquants pour « make {target} » ; installez-les puis relancez :",
            file=sys.stderr,
        )
        print(f"sudo apt-get install -y --no-install-recommends {' '.join(missing)}")
        return 1
    print(f"Installation des paquets Debian manquants : {' '.join(missing)}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = [
        [*prefix, "apt-get", "update", "-qq"],
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ]
    for step in steps:
        if subprocess.run(step, env=env, check=False).returncode != 0:
            print(
                "L'installation des paquets a échoué : voir les messages ci-dessus.",
                file=sys.stderr,
            )
            return 1
    return 0


def _libraries() -> int:
    missing = [(pkg, why) for lib, pkg, why in LIBRARIES if not ctypes.util.find_library(lib)]
    if not missing:
        return 0
    print("Bibliothèques système manquantes pour WeasyPrint :", file=sys.stderr)
    for pkg, why in missing:
        print(f"  - {pkg} ({why})", file=sys.stderr)
    packages = " ".join(pkg for pkg, _why in missing)
    print(f"Installez-les puis relancez : sudo apt-get install {packages}", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "run"
    if target == "libraries":  # the image: its packages come from the Dockerfile
        return _libraries()
    if target not in PACKAGES:
        print("Usage : check_system.py [run|test|libraries]", file=sys.stderr)
        return 2
    if shutil.which("dpkg-query") and shutil.which("apt-get"):
        return _debian(target)
    return _libraries()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
