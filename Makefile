# The whole set-up on a fresh Debian machine with Python 3.11: `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench check-system clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 ou plus récent est requis (trouvé : $(PYTHON))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { echo "Création de l'environnement impossible : sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

check-system:
	@$(PYTHON) scripts/check_system.py

run: check-system $(STAMP)
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app run --host 127.0.0.1 --port 5000

test: check-system $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: check-system $(STAMP)
	$(BIN)/python benchmarks/bench_generation.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
