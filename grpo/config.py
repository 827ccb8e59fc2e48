"""Command-line/YAML configuration of `arc-grpo`: TRL's GRPOConfig and ModelConfig extended with the
project's defaults, plus the script's own arguments (tasks, task mode, rewards) and the curriculum.

All four dataclasses are parsed together by TRL's `TrlParser` (see `grpo.train.parse_args`), so a
recipe YAML may set any of their fields, and any field can be overridden as `--field value`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trl import GRPOConfig, ModelConfig

from curriculum import CurriculumConfig

TASK_MODES = ("write", "edit")
# Values of enum-like fields, checked when a recipe is parsed (sft.recipe_checks): a typo fails there, in one line,
# not at the first training step. TRL's names are the ones its GRPOTrainer branches on (tests/grpo/test_trl_contract.py
# checks they still are).
GRPO_CHOICES = {
    "task_mode": TASK_MODES,
    "prompt_style": ("compact", "full"),
    "start_programs": ("mutate",),
    "difficulty_source": ("reward", "rating"),
    "scale_rewards": ("group", "batch", "none", True, False),
    "loss_type": ("grpo", "bnpo", "dr_grpo", "dapo", "cispo", "sapo", "luspo", "vespo"),
    "importance_sampling_level": ("token", "sequence"),
    "vllm_mode": ("server", "colocate"),
}


@dataclass
class ArcGRPOConfig(GRPOConfig):
    """GRPOConfig with this project's defaults (see recipes/grpo/*.yaml for the reasoning)."""

    output_dir: str | None = field(
        default="runs/demo/grpo", metadata={"help": "Where checkpoints, the adapter, curriculum and summaries go."})

    scale_rewards: str = field(
        default="batch",
        metadata={"help": "Advantage scaling: 'group', 'batch' or 'none'. 'batch' (mean per group, std over the "
                          "batch) is the default here: the smooth ARC reward often gives groups whose completions "
                          "differ only by a tiny pixel or penalty term, and per-group std scaling would blow that "
                          "noise up to unit-size advantages. Watch frac_reward_zero_std in the logs."},
    )

    def __post_init__(self):
        # TRL turns bf16 on whenever it is unset, which stops a machine without a bf16 GPU before it starts;
        # unset here means "bf16 where the GPU has it".
        if self.bf16 is None and not self.fp16:
            import torch

            self.bf16 = bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported()) and not self.use_cpu
        super().__post_init__()


@dataclass
class ArcModelConfig(ModelConfig):
    """ModelConfig whose model defaults to the embedded student, trained with LoRA."""

    model_name_or_path: str | None = field(
        default="embedded",
        metadata={"help": "Student: 'embedded' (built locally), a Hugging Face id, a model folder, or an SFT "
                          "output folder (a LoRA adapter is merged into its base before GRPO adds its own)."},
    )
    use_peft: bool = field(default=True, metadata={"help": "Train a LoRA adapter (PEFT) instead of all weights."})
    lora_target_modules: list[str] | None = field(
        default_factory=lambda: ["all-linear"], metadata={"help": "Modules LoRA adapts ('all-linear' = every linear)."}
    )


@dataclass
class GRPOScriptArguments:
    """Which tasks, in which mode, scored by which reward functions."""

    dataset: str = field(
        default="arc-agi-1",
        metadata={"help": "Tasks: 'arc-agi-1', 'arc-agi-2', a folder of ARC JSON files, a task file, a Kaggle "
                          "challenges file, or a saved GRPO/sampler-export dataset folder (has a 'prompt' column)."},
    )
    split: str = field(default="training", metadata={"help": "Split of a built-in dataset."})
    task_ids: list[str] | None = field(default=None, metadata={"help": "Train on these task ids only."})
    max_tasks: int | None = field(
        default=None, metadata={"help": "Keep the first N tasks (in edit mode: the first N with a reference program)."})
    allow_held_out: bool = field(
        default=False,
        metadata={"help": "Train on held-out tasks too (data.splits); off: they are left out of the prompts and the "
                          "curriculum, so evaluations on them stay clean."},
    )
    task_mode: str = field(
        default="write",
        metadata={"help": "'write': the prompt is the task, reward = r(program). 'edit': the prompt is the task + "
                          "a start program + its execution feedback, reward = r(child) - r(start program)."},
    )
    prompt_style: str = field(default="compact", metadata={"help": "'compact' (no DSL reference) or 'full'."})
    start_programs: str = field(
        default="mutate",
        metadata={"help": "Edit mode: 'mutate' = broken variants of the verified reference programs (the "
                          "sampler's offline-teacher mutations). For other start programs (e.g. the SFT model's "
                          "own samples) pass a saved dataset with start_program/start_reward columns as `dataset`."},
    )
    starts_per_task: int = field(default=2, metadata={"help": "Edit mode: start programs per task."})
    num_augmentations: int = field(
        default=2,
        metadata={"help": "Augmented variants (dihedral x colour permutation) per task; the curriculum trains hard "
                          "tasks on them. 0 disables augmentation."},
    )
    max_prompt_tokens: int | None = field(
        default=None, metadata={"help": "Drop tasks whose prompt is longer than this many tokens."}
    )
    reward_names: list[str] = field(
        default_factory=lambda: ["delta"],
        metadata={"help": "Reward functions from rewards.REWARD_FUNCS ('delta' = r in write mode, r(child) - "
                          "r(start) in edit mode); weights go in reward_weights. The first one is the one timed "
                          "end to end and feeds the curriculum."},
    )
    reward_timeout_s: float = field(default=1.0, metadata={"help": "Sandbox time limit per program."})
    length_penalty: float = field(
        default=0.0, metadata={"help": "Reward penalty per 1,000 completion characters (capped; rewards.RewardConfig)."}
    )
    torch_threads: int | None = field(
        default=None,
        metadata={"help": "CPU threads for torch (None = torch's default). On a busy CPU machine, 1 avoids "
                          "oversubscription: many small generation ops stall when threads wait on each other."},
    )
    auto_resume: bool = field(
        default=True,
        metadata={"help": "Resume from the newest complete checkpoint in output_dir (with its curriculum state)."},
    )


@dataclass
class CurriculumArguments:
    """The adaptive curriculum (curriculum/): levels, saturation and hard-task thresholds."""

    curriculum: bool = field(default=True, metadata={"help": "Sample tasks through the curriculum (else uniform)."})
    difficulty_table: str | None = field(
        default=None,
        metadata={"help": "JSON {task_id: number}: the sampler's difficulty.json (baseline mean reward) or ratings."},
    )
    difficulty_source: str = field(
        default="reward", metadata={"help": "'reward' (difficulty = 1/baseline reward) or 'rating' (higher = harder)."}
    )
    num_levels: int = field(default=1, metadata={"help": "Difficulty levels; level k+1 opens when k saturates."})
    open_fraction: float = field(default=1.0, metadata={"help": "Share of a level saturated to open the next."})
    saturate_mean: float = field(default=0.8, metadata={"help": "Saturated above this mean (reward / max reward)."})
    saturate_max_std: float = field(default=0.15, metadata={"help": "... and at most this standard deviation ..."})
    saturate_min_groups: int = field(default=3, metadata={"help": "... after at least this many scored groups."})
    hard_mean: float = field(default=0.05, metadata={"help": "Hard below this mean (sampled more, augmented)."})
    hard_min_groups: int = field(default=2, metadata={"help": "Groups scored before a task can be called hard."})
    hard_weight: float = field(default=3.0, metadata={"help": "Sampling weight of hard tasks (active = 1)."})
    new_weight: float = field(default=1.0, metadata={"help": "Sampling weight of never-seen tasks."})
    saturated_weight: float = field(default=0.0, metadata={"help": "Sampling weight of saturated tasks (0 = sunset)."})
    ema_alpha: float = field(
        default=0.3, metadata={"help": "Weight of the newest group in the running stats (0 = exact all-time stats)."}
    )

    def to_config(self) -> CurriculumConfig:
        return CurriculumConfig(
            num_levels=self.num_levels, open_fraction=self.open_fraction, saturate_mean=self.saturate_mean,
            saturate_max_std=self.saturate_max_std, saturate_min_groups=self.saturate_min_groups,
            hard_mean=self.hard_mean, hard_min_groups=self.hard_min_groups, hard_weight=self.hard_weight,
            new_weight=self.new_weight, saturated_weight=self.saturated_weight, ema_alpha=self.ema_alpha,
        )


DATACLASSES = (GRPOScriptArguments, CurriculumArguments, ArcGRPOConfig, ArcModelConfig)
