# arc-edit: two commands on a fresh machine.
#   make demo   — the whole pipeline on the embedded defaults (CPU, no network), report in runs/demo/
#   make test   — the fast test suite (add TEST_ARGS="-m slow" for the tiny-model training tests)
# Both create .venv if missing and install the project into it.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build of torch (a plain `torch` requirement would pull a multi-GB CUDA build).
# On a GPU machine: make TORCH_SPEC="torch" install  (or install your CUDA torch first).
TORCH_SPEC ?= torch==2.13.0
STAMP := $(VENV)/.installed
RUN ?= runs/demo
TEST_ARGS ?=

export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export WANDB_MODE ?= offline
export TOKENIZERS_PARALLELISM := false

.PHONY: install test demo lint bench clean-demo

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q $(TEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

demo: $(STAMP)
	$(PY) -m harness.demo --run $(RUN)

lint: $(STAMP)
	$(PY) -m ruff check .

clean-demo:
	rm -rf $(RUN)
