# claimbot: `make run` (the bot, or the offline console without DISCORD_TOKEN) and `make test`.
# Both create .venv and install claimbot into it on first use; nothing else is needed but Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export CLAIMBOT_TEST_PG ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test lint install bench eval eval-corpus fuzz clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimbot needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet -e '.[test,bench]' >&2
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/claimbot run

test: $(STAMP)
	$(BIN)/ruff check bot commands store tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check bot commands store tests benchmarks

eval: $(STAMP)
	$(BIN)/claimbot eval ../shared/seeds-gold.yaml seeds

eval-corpus: $(STAMP)
	$(BIN)/claimbot eval-corpus ../shared/corpus

bench: $(STAMP)
	$(BIN)/python -m benchmarks.newsquant

# Fuzz the extractor for FUZZ_SECONDS (bounded, for CI); atheris comes from the `fuzz` extra.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	@$(BIN)/python -c 'import atheris' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[fuzz]' >&2
	$(BIN)/python fuzz/fuzz_extract.py -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache claims.db claims.db-wal claims.db-shm
