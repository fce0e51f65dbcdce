"""Check the system libraries WeasyPrint needs, naming the Debian packages that provide them."""

import ctypes.util
import sys

# (library name for ctypes, Debian package, what it is for)
LIBRARIES = [
    ("pango-1.0", "libpango-1.0-0", "mise en page du texte des PDF"),
    ("pangoft2-1.0", "libpangoft2-1.0-0", "polices des PDF"),
    ("harfbuzz", "libharfbuzz0b", "mise en forme des caractères"),
    ("harfbuzz-subset", "libharfbuzz-subset0", "sous-ensembles de polices (PDF rapides)"),
    ("fontconfig", "libfontconfig1", "configuration des polices"),
]


def main() -> int:
    missing = [(pkg, why) for lib, pkg, why in LIBRARIES if not ctypes.util.find_library(lib)]
    if not missing:
        return 0
    print("Bibliothèques système manquantes pour WeasyPrint :", file=sys.stderr)
    for pkg, why in missing:
        print(f"  - {pkg} ({why})", file=sys.stderr)
    packages = " ".join(pkg for pkg, _why in missing)
    print(f"Installez-les puis relancez : sudo apt-get install {packages}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
