"""Rehearse the real-scale chains on a CPU: the *same* recipes as on GPUs, run in order, with only CPU-forced overrides.

    make rehearse                       # or: .venv/bin/python scripts/rehearse.py [--work runs/rehearse] [--chain 7b]

Two chains, each a folder `runs/<name>/{sample,dataset,sft,grpo,eval}` (README "Running on GPUs"):
  qwen1.5b: recipes/sample/anthropic.yaml → export --style compact → recipes/sft/qwen2.5-coder-1.5b.yaml
            → recipes/grpo/qwen1.5b_colocate.yaml → arc-eval --solver program
  qwen7b:   recipes/sample/openai.yaml → export --style full → recipes/sft/qwen2.5-coder-7b.yaml
            → recipes/grpo/qwen7b_server.yaml → arc-eval --solver program
Every stage runs from `--work` (default runs/rehearse), so the recipes' relative paths `runs/<name>/...` land under
it and each stage reads exactly what the previous one wrote: a path, key or hand-off that does not chain fails here.
The overrides: a tiny local model for the Hub id, float32 on CPU, one or two steps, a few tasks and prompts, the
project's loopback fake server (sampler.fake_server) as the API teacher, and transformers where vLLM, DeepSpeed or
flash-attn would run on GPUs. Each stage prints what it reads and writes and which overrides it needed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CANDIDATE_TASKS = ["67a3c6ac", "68b16354", "74dd1130", "3c9b0459", "6150a2bd", "9dfd6313", "ed36ccf7", "a416b8f3"]
CPU = ["--bf16", "false", "--dtype", "float32", "--use_cpu", "true", "--report_to", "none",
       "--activation_checkpointing", "false", "--save_steps", "1000", "--logging_steps", "1"]
SFT_SMALL = ["--max_steps", "2", "--per_device_train_batch_size", "1", "--gradient_accumulation_steps", "1",
             "--eval_max_prompts", "2", "--eval_num_samples", "1", "--eval_temperature", "0",
             "--eval_max_new_tokens", "16", "--eval_batch_size", "2"]
GRPO_SMALL = ["--use_vllm", "false", "--max_steps", "1", "--max_tasks", "2", "--starts_per_task", "1",
              "--num_augmentations", "1", "--num_generations", "2", "--per_device_train_batch_size", "2",
              "--gradient_accumulation_steps", "1", "--max_completion_length", "16", "--log_completions", "false",
              "--torch_threads", "2"]
CHAINS = {  # name: (sample recipe, export style, SFT recipe, GRPO recipe, overrides a GPU library forces)
    "qwen1.5b": ("anthropic", "compact", "qwen2.5-coder-1.5b", "qwen1.5b_colocate", []),
    "qwen7b": ("openai", "full", "qwen2.5-coder-7b", "qwen7b_server", ["--attn_implementation", "sdpa"]),
}


def teacher_handler():
    """The fake teacher: writes the identity program, and on an edit prompt the task's verified reference program
    (so edits improve and traces are kept). The task is recognised by the first grid its prompt shows."""
    from data import load_tasks
    from editing.prompts import current_program, prompt_grids
    from sampler.fake_server import DEFAULT_COMPLETION

    programs = {path.stem: path.read_text() for path in (ROOT / "arc_dsl" / "solvers" / "programs").glob("*.py")}
    by_grid = {task.train[0].input: task.id for task in load_tasks("arc-agi-1", "training")
               if task.id in CANDIDATE_TASKS}

    def handler(request) -> str:
        grids = prompt_grids(request.messages)
        task_id = by_grid.get(grids[0]) if grids else None
        if current_program(request.messages) is None or task_id not in programs:
            return DEFAULT_COMPLETION
        return f"<think>The feedback shows the rule.</think>\n```python\n{programs[task_id]}```"

    return handler


def stages(chain: str, urls: dict[str, str], model: str) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(stage, command, what the command reads, overrides with why) for one chain, in order."""
    teacher, style, sft, grpo, gpu_only = CHAINS[chain]
    run, recipes = f"runs/{chain}", ROOT / "recipes"
    few = ["--ids", ",".join(CANDIDATE_TASKS), "--samples", "2", "--rounds", "1", "--set", "parents=1",
           "--set", "edits=1", "--set", "max_tokens=1024", "--set", "task_concurrency=4"]
    model_flag = ["--model_name_or_path", model]
    gpu_note = ["attn_implementation sdpa: flash-attn needs a GPU"] if gpu_only else []
    return [
        ("sample", [str(BIN / "arc-sample"), "--config", str(recipes / "sample" / f"{teacher}.yaml"),
                    "--base-url", urls[teacher], *few],
         [f"{teacher} API (loopback fake server)"],
         [f"base_url: the loopback fake server stands in for the {teacher} API", "8 small tasks, 2 samples, 1 round"]),
        ("dataset", [str(BIN / "arc-sample"), "export", "--traces", f"{run}/sample", "--out", f"{run}/dataset",
                     "--style", style], [f"{run}/sample"], ["none"]),
        ("sft", [str(BIN / "arc-sft"), "--config", str(recipes / "sft" / f"{sft}.yaml"), *model_flag, *CPU,
                 *SFT_SMALL, *gpu_only], [f"{run}/dataset", "tiny model"],
         ["tiny local model for the Hub id", "float32 on CPU", "2 steps, 2 evaluation prompts", *gpu_note]),
        ("grpo", [str(BIN / "arc-grpo"), "--config", str(recipes / "grpo" / f"{grpo}.yaml"), *CPU, *GRPO_SMALL,
                  *gpu_only], [f"{run}/sft", f"{run}/sample/difficulty.json"],
         ["use_vllm false: rollouts with transformers (vLLM needs a GPU)", "float32 on CPU", "1 step, 2 tasks",
          *gpu_note] + (["single process: DeepSpeed ZeRO-3 needs GPUs"] if chain == "qwen7b" else [])),
        ("eval", [str(BIN / "arc-eval"), "--solver", "program", "--checkpoint", f"{run}/grpo", "--backend",
                  "transformers", "--samples", "1", "--set", "max_tokens=16", "--dataset", "arc-agi-1",
                  "--split", "training", "--ids", f"@{run}/dataset/eval_tasks.txt", "--out", f"{run}/eval"],
         [f"{run}/grpo", f"{run}/dataset/eval_tasks.txt"],
         ["backend transformers (vllm on GPUs: the same folder, merged or LoRA on its base)", "1 sample, 16 tokens"]),
    ]


def check_handoff(work: Path, chain: str) -> str:
    """The GRPO adapter must name the SFT run's merged weights as its base (not the Hub base without SFT)."""
    config = json.loads((work / f"runs/{chain}/grpo/adapter_config.json").read_text())
    base, want = config["base_model_name_or_path"], f"runs/{chain}/sft/merged"
    if base != want:
        raise SystemExit(f"rehearse: {chain}: the GRPO adapter's base is {base}, not {want}")
    return f"GRPO adapter base = {base}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/rehearse.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="runs/rehearse", help="folder the chains run in (emptied first)")
    parser.add_argument("--chain", action="append", choices=sorted(CHAINS), help="one chain (default: both)")
    args = parser.parse_args(argv)

    import shutil

    from sampler.fake_server import FakeLLMServer
    from student.tiny import build_tiny_model

    work = Path(args.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "WANDB_MODE": "disabled", "CUDA_VISIBLE_DEVICES": "", "TOKENIZERS_PARALLELISM": "false",
           "ANTHROPIC_API_KEY": "rehearsal", "OPENAI_API_KEY": "rehearsal", "PYTHONPATH": str(ROOT)}
    model = str(build_tiny_model(work / "tiny-model"))
    print(f"rehearse: tiny local model in {model} (stands in for the recipes' Hub models)")
    table, started = [], time.perf_counter()
    with FakeLLMServer(handler=teacher_handler()) as server:
        urls = {"anthropic": server.anthropic_base_url, "openai": server.openai_base_url}
        for chain in args.chain or list(CHAINS):
            for stage, command, reads, overrides in stages(chain, urls, model):
                writes = f"runs/{chain}/{stage}"
                print(f"\n== {chain} {stage}: reads {', '.join(reads)} -> writes {writes}\n   overrides: "
                      + "; ".join(overrides) + "\n   $ " + " ".join(command), flush=True)
                clock = time.perf_counter()
                result = subprocess.run(command, cwd=work, env=env)
                seconds = time.perf_counter() - clock
                if result.returncode != 0:
                    print(f"rehearse: {chain} {stage} failed (exit code {result.returncode})", file=sys.stderr)
                    return 1
                note = check_handoff(work, chain) if stage == "grpo" else ""
                table.append((chain, stage, ", ".join(reads), writes, seconds, note))
    print(f"\nrehearse: every stage chained ({time.perf_counter() - started:.0f} s); outputs under {work}")
    print(f"{'chain':9} {'stage':8} {'reads':60} {'writes':22} {'s':>5}")
    for chain, stage, reads, writes, seconds, note in table:
        print(f"{chain:9} {stage:8} {reads[:60]:60} {writes:22} {seconds:5.0f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
