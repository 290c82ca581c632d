# claimbot: `make run` (the bot, or the offline console without DISCORD_TOKEN) and `make test`.
# Both create .venv on first use and install claimbot into it with the versions CI tested
# (constraints.txt); nothing else is needed but Python 3.11+. `make run` installs only what running
# needs; `make test` adds the test extra, `make bench` the bench extra, `make fuzz` the fuzz extra.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --constraint constraints.txt
export CLAIMBOT_TEST_PG ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test lint install bench eval eval-corpus fuzz constraints clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimbot needs Python 3.11 or newer")'
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip >&2

# one stamp per extra: each target installs what it needs and no more
$(VENV)/.stamp-run: pyproject.toml constraints.txt | $(BIN)/python
	@$(PIP) -e . >&2
	@touch $@

$(VENV)/.stamp-%: pyproject.toml constraints.txt | $(BIN)/python
	@$(PIP) -e '.[$*]' >&2
	@touch $@

install: $(VENV)/.stamp-run

run: $(VENV)/.stamp-run
	@$(BIN)/claimbot run

test: $(VENV)/.stamp-test
	$(BIN)/ruff check bot commands store tests benchmarks
	$(BIN)/pytest

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check bot commands store tests benchmarks

# the evaluations read ../shared beside the clone; without it they say so in one line
EVAL_FLAGS ?=
eval: $(VENV)/.stamp-run
	@$(BIN)/claimbot eval $(EVAL_FLAGS) ../shared/seeds-gold.yaml seeds

eval-corpus: $(VENV)/.stamp-run
	@$(BIN)/claimbot eval-corpus ../shared/corpus

bench: $(VENV)/.stamp-bench
	@$(BIN)/python -m benchmarks.newsquant

# Fuzz the extractor for FUZZ_SECONDS (bounded, for CI).
FUZZ_SECONDS ?= 60
fuzz: $(VENV)/.stamp-fuzz
	$(BIN)/python fuzz/fuzz_extract.py -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1

# Rewrite constraints.txt from a venv where `make test` (and bench, fuzz) passed.
constraints: $(VENV)/.stamp-test
	@{ echo "# Versions CI tested; the Makefile installs with them. Regenerate: make constraints"; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e '; } > constraints.txt.new
	@mv constraints.txt.new constraints.txt
	@echo "wrote constraints.txt"

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache claims.db claims.db-wal claims.db-shm
