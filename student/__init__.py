"""One way to load "a student": the embedded model, a model folder or Hub id, or an SFT/GRPO output folder.

Every consumer goes through here: the sampler's `transformers` and `vllm` backends, SFT's before/after
evaluation and `sft.evaluate_model`, GRPO, the program solver (`arc-eval --solver program`), and the grid
models' text encoder.

    from student import load_student, resolve_student
    model, tokenizer, found = load_student("runs/qwen1.5b/sft")   # found.describe() says what was loaded

The rule for adapter vs merged weights (the one place it is written down):

1. `embedded` is the locally built student (`student.embedded`): plain weights.
2. A folder with `adapter_config.json` is a LoRA adapter (what `arc-sft` and `arc-grpo` save with `use_peft`).
   a. When it holds `merged/` (written by `merge_adapter: true`), `merged/` *is* the student: the base with
      the adapter folded in, plain weights. Every consumer loads it; vLLM serves it directly.
   b. Otherwise the student is the adapter's base (`base_model_name_or_path`, resolved by this same rule,
      so a GRPO adapter on an SFT run's `merged/` chains) with the adapter on top. Inference consumers
      (transformers backend, evaluation, program solver, grid text models) merge it in memory; vLLM serves
      the base with the adapter as a `LoRARequest`; a *training* consumer (GRPO, `for_training=True`) first
      writes the merge to `<folder>/merged` (`ensure_merged`, once, under a file lock) and loads that, so
      the new adapter it saves names weights that exist on disk, not the Hub base without the SFT weights.
3. Anything else (a model folder, a Hub id) loads as it is.

Relative paths (in recipes, and as an adapter's recorded base) are relative to the working directory the
stages run in: the repository root, for the recipes in `recipes/`.

The package also holds the embedded student itself (`student.embedded`, its build and cache; `student.corpus`, its
pre-training corpus), `student.generation` (sampling completions from a loaded student; parse and policy checks)
and `student.tiny` (the tiny rehearsal model).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.errors import UserError

EMBEDDED = "embedded"
ADAPTER_CONFIG = "adapter_config.json"
MERGED = "merged"


@dataclass(frozen=True)
class Student:
    """What a student name resolves to: plain weights at `weights`, plus a LoRA `adapter` folder on top, or None."""

    source: str  # what the user gave
    weights: str  # a folder or Hub id that `from_pretrained` loads as a plain model
    adapter: str | None = None  # a LoRA adapter folder to apply on `weights` (rule 2b)
    tokenizer: str = ""  # where the tokenizer comes from (the adapter folder when it saved one)

    @property
    def is_plain(self) -> bool:
        return self.adapter is None

    def describe(self) -> str:
        if self.adapter is None:
            return self.weights if self.weights == self.source else f"{self.source} -> {self.weights}"
        return f"{self.source}: LoRA adapter on {self.weights}"


def is_adapter(path: str | os.PathLike) -> bool:
    return (Path(path) / ADAPTER_CONFIG).is_file()


def merged_folder(path: str | os.PathLike) -> Path | None:
    """`<path>/merged` when an adapter folder holds its merged copy."""
    merged = Path(path) / MERGED
    return merged if (merged / "config.json").is_file() else None


def adapter_base(adapter: str | os.PathLike) -> str:
    """The base model an adapter folder names (`base_model_name_or_path` in adapter_config.json)."""
    config = Path(adapter) / ADAPTER_CONFIG
    try:
        base = json.loads(config.read_text()).get("base_model_name_or_path")
    except (OSError, json.JSONDecodeError) as error:
        raise UserError(f"{config}: unreadable ({error})") from None
    if not base:
        raise UserError(f"{config} names no base model (base_model_name_or_path)")
    return base


def _has_tokenizer(path: str | os.PathLike) -> bool:
    return any((Path(path) / name).is_file() for name in ("tokenizer.json", "tokenizer_config.json"))


def resolve_student(name_or_path: str) -> Student:
    """Apply the module's rule to a name: which plain weights, and which adapter (if any) on top."""
    if name_or_path == EMBEDDED:
        from student.embedded import ensure_embedded_model  # builds it once, on first use

        path = str(ensure_embedded_model())
        return Student(name_or_path, path, None, path)
    path = Path(name_or_path)
    looks_local = path.exists() or name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") > 1
    if looks_local and not path.is_dir():
        raise UserError(f"cannot load model {name_or_path}: no such folder")
    if not is_adapter(path):
        return Student(name_or_path, name_or_path, None, name_or_path)
    if (merged := merged_folder(path)) is not None:
        return Student(name_or_path, str(merged), None, str(merged))
    base = resolve_student(adapter_base(path))
    if not base.is_plain:  # an adapter on an adapter without merged/: the base must be merged first
        base = Student(base.source, str(ensure_merged(base.source)), None, base.tokenizer)
    return Student(name_or_path, base.weights, str(path), str(path) if _has_tokenizer(path) else base.tokenizer)


def load_student(name_or_path: str, *, for_training: bool = False, auto_class: Any = None,
                 tokenizer: bool = True, **load_options: Any) -> tuple[Any, Any, Student]:
    """(model, tokenizer, Student) for `name_or_path` by the module's rule; the model is always a plain
    transformers model (an adapter is merged). `load_options` go to `from_pretrained` (dtype, revision,
    attn_implementation, trust_remote_code, quantization_config, device_map, ...); `auto_class` defaults to
    AutoModelForCausalLM. `for_training=True` writes `<adapter>/merged` when missing (rule 2b)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    found = resolve_student(name_or_path)
    if for_training and not found.is_plain:
        merged = ensure_merged(name_or_path)
        found = Student(name_or_path, str(merged), None, str(merged))
    auto_class = auto_class or AutoModelForCausalLM
    options = {key: value for key, value in load_options.items() if value is not None}
    try:
        if found.adapter is None:
            model = auto_class.from_pretrained(found.weights, **options)
        else:
            from peft import PeftModel

            # The adapter was trained on the causal LM (its module names say so): merge there, then take the
            # part `auto_class` asks for (AutoModel: the transformer without its head).
            model = AutoModelForCausalLM.from_pretrained(found.weights, **options)
            model = PeftModel.from_pretrained(model, found.adapter).merge_and_unload()
            if auto_class is not AutoModelForCausalLM:
                model = model.base_model
        processor = None
        if tokenizer:
            processor = AutoTokenizer.from_pretrained(
                found.tokenizer or found.weights, revision=options.get("revision"),
                trust_remote_code=options.get("trust_remote_code", False))
    except OSError as error:
        raise UserError(f"cannot load model {name_or_path!r} ({found.describe()}): "
                        f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
    return model, processor, found


def training_weights(name_or_path: str) -> str:
    """The plain weights a training stage starts from (rule 2b: an unmerged adapter is merged to disk first)."""
    found = resolve_student(name_or_path)
    return found.weights if found.is_plain else str(ensure_merged(name_or_path))


def ensure_merged(adapter: str | os.PathLike, **load_options: Any) -> Path:
    """`<adapter>/merged`: the adapter folded into its base, saved with the tokenizer (written once; concurrent
    callers, e.g. the ranks of one launch, wait on a file lock; a kill mid-write leaves no partial folder)."""
    adapter = Path(adapter)
    if (merged := merged_folder(adapter)) is not None:
        return merged
    target = adapter / MERGED
    with _file_lock(adapter / ".merged.lock"):
        if merged_folder(adapter) is not None:
            return target
        model, tokenizer, _ = load_student(str(adapter), **load_options)
        partial = Path(tempfile.mkdtemp(prefix=".merged-", dir=adapter))
        try:
            model.save_pretrained(partial)
            tokenizer.save_pretrained(partial)
            partial.replace(target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return target


def vllm_model(name_or_path: str) -> tuple[str, str | None, int | None]:
    """(weights vLLM loads, LoRA adapter folder for a `LoRARequest` or None, the adapter's rank) by the rule:
    merged weights when there are any, else the base with the adapter served as LoRA (`enable_lora`)."""
    found = resolve_student(name_or_path)
    if found.adapter is None:
        return found.weights, None, None
    rank = json.loads((Path(found.adapter) / ADAPTER_CONFIG).read_text()).get("r")
    return found.weights, found.adapter, rank


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


__all__ = ["EMBEDDED", "Student", "adapter_base", "ensure_merged", "is_adapter", "load_student", "merged_folder",
           "resolve_student", "training_weights", "vllm_model"]
