# arc-edit: two commands on a fresh machine.
#   make demo   — the whole pipeline on the embedded defaults (CPU, no network), report in runs/demo/
#   make test   — the fast test suite (add TEST_ARGS="-m slow" for the tiny-model training tests)
# Both create .venv if missing and install the project into it.

SHELL := bash
.SHELLFLAGS := -eo pipefail -c

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build of torch (a plain `torch` requirement would pull a multi-GB CUDA build).
# On a GPU machine: make TORCH_SPEC="torch" install  (or install your CUDA torch first).
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
STAMP := $(VENV)/.installed
RUN ?= runs/demo
TEST_ARGS ?=
# Held-out tasks (data.splits: never trained on by any stage) whose edit prompts and test pairs score the demo.
DEMO_HELD_OUT ?= 24
# The demo's knobs. Each stage's flags go after its recipe and override it, e.g. a quicker run:
#   make demo SFT_FLAGS="--num_train_epochs 3" GRPO_FLAGS="--max_steps 10"
# (tests/test_demo_chain.py runs the whole chain in miniature this way, on a tiny student).
STUDENT ?= embedded
SAMPLE_FLAGS ?=
SFT_FLAGS ?=
GRPO_FLAGS ?=
# The student at each stage (base, SFT, GRPO) is scored the same way on the same prompts of the demo's training
# tasks and of its held-out tasks: 4 samples per prompt at T=0.7 (the temperature GRPO samples at); one edit
# prompt per held-out task.
STUDENT_FLAGS ?= --num-samples 4 --temperature 0.7 --max-prompts $(DEMO_HELD_OUT)
# The search's CPU seconds per held-out task. Measured on the demo's 24 held-out tasks (2 workers): 17 solved at 5 s
# and at 10 s, 70 vs 128 CPU-s in all (a solved task's search goes on to rank its answers until the budget ends).
SEARCH_BUDGET ?= 5
# bf16 mixed precision for the demo's SFT and GRPO where the CPU computes it natively (AVX512-BF16 or AMX:
# `student.precision.fast_bf16`), float32 elsewhere (an emulated bf16 is slower). Measured on a 2-core AVX512-BF16
# CPU: an SFT step (4 rows x 1,200 tokens, LoRA r=64, 2 threads) 0.68 s vs 0.92 s, a GRPO forward and backward
# (16 x 1,100 tokens, LoRA r=16, 1 thread) 3.7 s vs 6.6 s. Evaluated when a stage starts (the venv exists by then).
DEMO_BF16 ?= $(shell $(PY) -c 'from student.precision import fast_bf16; print(str(fast_bf16(use_cpu=True)).lower())' \
  2>/dev/null || echo false)
PROGRAM_FLAGS ?= --samples 2 --set max_tokens=384 --set temperature=0.7
GRID_FLAGS ?=
# Stages run side by side (see "The demo" below), DEMO_JOBS at once, each with DEMO_THREADS torch threads.
CORES := $(shell nproc 2>/dev/null || echo 2)
DEMO_JOBS ?= 2
DEMO_THREADS ?= $(shell n=$$(( $(CORES) / $(DEMO_JOBS) )); echo $$(( n > 0 ? n : 1 )))

export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export WANDB_MODE ?= offline
export TOKENIZERS_PARALLELISM := false

.PHONY: install test demo lint clean-demo

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q $(TEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

# ---------------------------------------------------------------------------------------------------
# The demo: every stage is a CLI with its demo recipe; each leaves its outputs and a log in $(RUN)/ and a
# stamp in $(RUN)/.done/, so an interrupted `make demo` resumes at the first unfinished stage.
# Redo one stage and everything after it (their outputs are deleted first): make demo REDO=sft
# Start over: make clean-demo demo
#
# Stages that do not need each other's outputs run side by side, DEMO_JOBS at a time (make -j). The training
# stages of the critical path (model, sft) run alone with every core: beside any other busy process their torch
# threads wait on each other (measured on 2 cores: the demo SFT took 264 s alone with 2 threads, 478 s with 1
# thread beside another stage, 496 s with 2 beside a niced one). After them GRPO (1 thread) and then the GRPO
# student's scores run beside the solvers and the base and SFT students' scores, each with DEMO_THREADS threads.
# Lines on the terminal carry their stage's name; each stage's whole log is in $(RUN)/logs/<stage>.log.
# Recipes chain commands with `;` (the shell runs with -e: a failing command ends the stage before its stamp), never
# `a && b; touch`: -e ignores a failure on the left of `&&`, which would stamp a failed stage.
# DEMO_JOBS=1 runs the stages one after another.
FEW_THREAD_STAGES := grpo student-base student-sft student-grpo eval-reference eval-search eval-trm \
  eval-program-base eval-program-sft eval-program-grpo
BIN := $(VENV)/bin
DONE := $(RUN)/.done
LOG = mkdir -p $(RUN)/logs $(DONE) && exec > >(tee $(RUN)/logs/$(1).log | sed -u 's/^/[$(1)] /') 2>&1 && \
  echo "== $(1): $$(date -u +%T)" && export OMP_NUM_THREADS=$(if $(filter $(1),$(FEW_THREAD_STAGES)),$(DEMO_THREADS),$(CORES))
DEMO_STAGES := data dsl sample dataset model sft grpo student eval report
ifdef REDO
_redo := $(shell found=; for s in $(DEMO_STAGES); do [ "$$s" = "$(REDO)" ] && found=1; \
  [ -n "$$found" ] && rm -rf $(DONE)/$$s $(DONE)/$$s-* $(RUN)/$$s $$([ $$s = eval ] && echo $(RUN)/trm); done; echo done)
endif

demo: $(STAMP)
	@$(MAKE) --no-print-directory -j$(DEMO_JOBS) -o $(STAMP) REDO= $(DONE)/report
	@echo "demo finished: $(RUN)/report.html and $(RUN)/report.md"

$(DONE)/data: | $(STAMP)
	@$(call LOG,data); mkdir -p $(RUN)/data; \
	$(BIN)/arc-data stats --dataset arc-agi-1 | tee $(RUN)/data/stats.txt; \
	$(BIN)/arc-data show 007bbfb7 --dataset arc-agi-1 --out $(RUN)/data/007bbfb7.png; touch $@

$(DONE)/dsl: $(DONE)/data
	@$(call LOG,dsl); mkdir -p $(RUN)/dsl; \
	$(BIN)/arc-dsl coverage --json > $(RUN)/dsl/coverage.json; $(BIN)/arc-dsl coverage; touch $@

$(DONE)/sample: $(DONE)/dsl
	@$(call LOG,sample); $(BIN)/arc-sample --config recipes/sample/demo.yaml --out $(RUN)/sample $(SAMPLE_FLAGS); touch $@

$(DONE)/dataset: $(DONE)/sample
	@$(call LOG,dataset); $(BIN)/arc-sample export --traces $(RUN)/sample --out $(RUN)/dataset \
	  --style compact --held-out-tasks $(DEMO_HELD_OUT); touch $@

# The student before any fine-tuning: for `embedded`, built (pre-trained) into the model cache on first use.
$(DONE)/model: $(DONE)/dataset
	@$(call LOG,model); mkdir -p $(RUN)/model; \
	$(PY) -c 'import sys; from student.embedded import resolve_model; print(resolve_model(sys.argv[1]))' \
	  $(STUDENT) | tee $(RUN)/model/path.txt; touch $@

# --eval_max_prompts 0: the student stage scores the base and SFT models on the same held-out prompts (more
# samples per prompt), so SFT's own before/after hook would only repeat that evaluation (~45 s).
$(DONE)/sft: $(DONE)/model
	@$(call LOG,sft); $(BIN)/arc-sft --config recipes/sft/demo.yaml --model_name_or_path $(STUDENT) \
	  --dataset_name $(RUN)/dataset --output_dir $(RUN)/sft --merge_adapter true --eval_max_prompts 0 --bf16 $(DEMO_BF16) $(SFT_FLAGS); touch $@

$(DONE)/grpo: $(DONE)/sft
	@$(call LOG,grpo); $(BIN)/arc-grpo --config recipes/grpo/demo.yaml --model_name_or_path $(RUN)/sft/merged \
	  --output_dir $(RUN)/grpo --task_ids $$(cat $(RUN)/dataset/train_tasks.txt) --bf16 $(DEMO_BF16) $(GRPO_FLAGS); \
	$(PY) -c 'import sys; from student import ensure_merged; print(ensure_merged(sys.argv[1]))' $(RUN)/grpo; touch $@

# The student at each stage, scored the same way: student-<stage>, for base (the model stage's student), sft, grpo
# (the grpo stage leaves its adapter merged into $(RUN)/grpo/merged).
STUDENT_MODEL_base = $(STUDENT)
STUDENT_MODEL_sft = $(RUN)/sft/merged
STUDENT_MODEL_grpo = $(RUN)/grpo/merged
$(DONE)/student-base: $(DONE)/sft
$(DONE)/student-sft: $(DONE)/sft
$(DONE)/student-grpo: $(DONE)/grpo
$(DONE)/student-%:
	@$(call LOG,student-$*); $(PY) -m sft.evaluate_model --model $(STUDENT_MODEL_$*) --dataset $(RUN)/dataset \
	  --split train,eval $(STUDENT_FLAGS) --label $* --out "$(RUN)/student/{split}/$*.json"; touch $@

$(DONE)/student: $(DONE)/student-grpo $(DONE)/student-sft $(DONE)/student-base
	@touch $@

# The solvers on the held-out tasks; the program solver with the student at each stage.
EVAL_IDS = @$(RUN)/dataset/eval_tasks.txt
$(DONE)/eval-reference: $(DONE)/sft
	@$(call LOG,eval-reference); $(BIN)/arc-eval --solver reference --allow-oracle --dataset arc-agi-1 \
	  --split training --ids $(EVAL_IDS) --out $(RUN)/eval/reference; touch $@

$(DONE)/eval-search: $(DONE)/sft
	@$(call LOG,eval-search); $(BIN)/arc-eval --solver search --time-budget $(SEARCH_BUDGET) \
	  --workers $(DEMO_THREADS) --dataset arc-agi-1 --split training --ids $(EVAL_IDS) --out $(RUN)/eval/search; touch $@

$(DONE)/eval-trm: $(DONE)/sft
	@$(call LOG,eval-trm); $(BIN)/arc-grid train --config recipes/grid/demo_trm.yaml --output_dir $(RUN)/trm \
	  --eval_tasks $$(cat $(RUN)/dataset/eval_tasks.txt) $(GRID_FLAGS); \
	$(BIN)/arc-eval --solver trm --checkpoint $(RUN)/trm --augment-vote 4 --dataset arc-agi-1 --split training \
	  --ids $(EVAL_IDS) --out $(RUN)/eval/trm; touch $@

$(DONE)/eval-program-base: $(DONE)/sft
$(DONE)/eval-program-sft: $(DONE)/sft
$(DONE)/eval-program-grpo: $(DONE)/grpo
$(DONE)/eval-program-%:
	@$(call LOG,eval-program-$*); $(BIN)/arc-eval --solver program --model $(STUDENT_MODEL_$*) $(PROGRAM_FLAGS) --dataset arc-agi-1 \
	  --split training --ids $(EVAL_IDS) --out $(RUN)/eval/program-$*; touch $@

$(DONE)/eval: $(DONE)/eval-program-grpo $(DONE)/eval-program-sft $(DONE)/eval-program-base $(DONE)/eval-trm \
  $(DONE)/eval-search $(DONE)/eval-reference
	@touch $@

$(DONE)/report: $(DONE)/student $(DONE)/eval
	@$(call LOG,report); $(BIN)/arc-eval demo-report --run $(RUN); touch $@

# The real-scale chains (README "Running on GPUs") rehearsed on CPU: the same recipes in order, with CPU-forced
# overrides only (tiny local model, float32, 1-2 steps, fake API teacher, no vLLM); see scripts/rehearse.py.
.PHONY: rehearse
rehearse: $(STAMP)
	$(PY) scripts/rehearse.py --work runs/rehearse

lint: $(STAMP)
	$(PY) -m ruff check .

clean-demo:
	rm -rf $(RUN)
