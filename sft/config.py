"""The SFT stage's configuration: TRL's `SFTConfig` and `ModelConfig`, extended, plus the script's own arguments.

`TrlParser` reads all three from `--config recipe.yaml` and flags (flags win); see `recipes/sft/*.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trl import ModelConfig, ScriptArguments, SFTConfig


@dataclass
class SFTScriptArguments(ScriptArguments):
    """Where the traces are, how to evaluate before/after training, and what to save."""

    dataset_name: str | None = field(
        default="runs/demo/dataset",
        metadata={"help": "The exported trace dataset: a folder written by `save_to_disk` (the sampler's export), "
                          "a .json/.jsonl file, or a Hugging Face dataset id."},
    )
    dataset_test_split: str = field(
        default="eval", metadata={"help": "Split of held-out tasks, used for the before/after evaluation."})
    eval_max_prompts: int = field(
        default=16, metadata={"help": "Held-out prompts sampled before and after training (0 disables)."})
    eval_num_samples: int = field(
        default=1, metadata={"help": "Samples per held-out prompt (1 with temperature 0 is greedy)."})
    eval_temperature: float = field(default=0.0, metadata={"help": "Sampling temperature of the evaluation."})
    eval_max_new_tokens: int = field(default=512, metadata={"help": "Token budget of each evaluation sample."})
    eval_batch_size: int = field(default=8, metadata={"help": "Prompts per generation batch in the evaluation."})
    eval_timeout_s: float = field(default=1.0, metadata={"help": "Sandbox time limit per program in evaluation."})
    auto_resume: bool = field(
        default=True,
        metadata={"help": "Resume from the last complete checkpoint in output_dir when one exists "
                          "(`--resume_from_checkpoint PATH` picks one explicitly)."},
    )
    allow_held_out: bool = field(
        default=False,
        metadata={"help": "Train on rows of held-out tasks too (data.splits); off: such rows are dropped, so "
                          "evaluations on held-out tasks stay clean."},
    )
    merge_adapter: bool = field(
        default=False,
        metadata={"help": "With --use_peft: also save the base model with the adapter merged in, to "
                          "<output_dir>/merged (what vLLM or a plain from_pretrained loads)."},
    )


@dataclass
class StudentModelConfig(ModelConfig):
    """TRL's model arguments; the default student is the embedded model (see `student.embedded`)."""

    model_name_or_path: str | None = field(
        default="embedded",
        metadata={"help": "Hugging Face model id or local folder; 'embedded' builds/uses the local student model."},
    )


@dataclass
class SFTTrainingConfig(SFTConfig):
    """TRL's SFTConfig with the stage's output folder (`report_to` stays 'none' unless a recipe asks for wandb)."""

    output_dir: str | None = field(
        default="runs/demo/sft", metadata={"help": "Where checkpoints, the adapter and the evaluation go."})

    def __post_init__(self):
        # TRL turns bf16 on whenever it is unset, which stops a machine without a bf16 GPU before it starts;
        # unset here means "bf16 where the GPU has it".
        if self.bf16 is None and not self.fp16:
            import torch

            self.bf16 = bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported()) and not self.use_cpu
        super().__post_init__()


# Values of enum-like fields TRL leaves unchecked in a recipe, checked at parse time (sft.recipe_checks).
SFT_CHOICES = {
    "loss_type": ("nll", "dft", "chunked_nll"),
}
