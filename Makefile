# Loan Journey Workbook — the two commands: `make run` and `make test`.
# Both build the environment (.venv, from pyproject.toml) when it is missing or stale.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PARAMS ?= params/default.yaml
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint format generate integrate bench bench-journey bench-profiling bench-segmentation bench-risk bench-credit bench-scale bench-run lab clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,lab]"
	@# git filter that strips notebook outputs on commit; not "required", so git still works without .venv
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && git config filter.nbstripout.required false; fi
	@touch $(STAMP)

run: setup            ## generate the default portfolio, run every notebook, publish HTML
	$(BIN)/journey run --params $(PARAMS)

test: setup           ## lint, layer contracts, unit tests, then every notebook on smoke data (nbval)
	$(BIN)/ruff check src tests benchmarks checks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env -p no:cacheprovider \
	  --ignore=notebooks/05b_loan_book_risk.ipynb --ignore=notebooks/05c_loan_book_scorecard.ipynb
# (the loan-book reports read real data and need a key: tests/test_workbook_run.py runs them)

lint: setup
	$(BIN)/ruff check src tests benchmarks checks
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests benchmarks checks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

generate: setup
	$(BIN)/journey generate --params $(PARAMS)

integrate: setup
	$(BIN)/journey integrate --params $(PARAMS)

bench: setup          ## wall time and peak memory of generation and integration
	$(BIN)/python benchmarks/bench_foundation.py

bench-journey: setup  ## journey analytics vs pm4py (own venv benchmarks/.venv-pm4py, AGPL, never a dependency)
	$(BIN)/python benchmarks/bench_journey.py --repeat 5

bench-profiling: setup  ## profiling + column profile vs ydata-profiling (own venv benchmarks/.venv-ydata, never a dependency)
	$(BIN)/python benchmarks/bench_profiling.py --repeat 5 --ydata-repeat 3

bench-segmentation: setup  ## segmentation fit, diagnostics, stability and predict at 500,000 clients
	$(BIN)/python benchmarks/bench_segmentation.py

bench-credit: setup   ## scorecard and challenger vs scorecardpy, optbinning and a plain logit (own venv benchmarks/.venv-scorecardpy)
	$(BIN)/python benchmarks/bench_credit.py --repeat 3

bench-scale: setup    ## the workbook at 500,000 clients: wall, peak memory, per notebook and per cell (data generated first, untimed)
	$(BIN)/journey generate --params params/bank_scale.yaml
	$(BIN)/python benchmarks/bench_scale.py --params params/bank_scale.yaml

bench-run: setup      ## the default run: one worker, two workers, and a rerun with nothing changed
	$(BIN)/python benchmarks/bench_run.py --params params/default.yaml --repeat 3

bench-risk: setup     ## PD population, fit + out-of-time validation, scoring and elasticity at 500,000 clients
	$(BIN)/python benchmarks/bench_risk.py --repeat 3

lab: setup
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf data reports/[0-9]* reports/.tmp-* reports/latest reports/index.html
