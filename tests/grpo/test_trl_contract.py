"""What grpo/ assumes of TRL's GRPOTrainer internals. These are private (a TRL release may change them without
notice, and `trl>=1.16,<2` in pyproject.toml only narrows the risk): when one of these tests fails, read
grpo/hooks.py and grpo/scoring.py against the new TRL before raising the pin."""

import inspect
from types import SimpleNamespace

from trl import GRPOConfig, GRPOTrainer
from trl.trainer.grpo_trainer import RepeatSampler

import curriculum as cur
from grpo.config import GRPO_CHOICES
from grpo.hooks import CurriculumGRPOTrainer, CurriculumSampler, LiveCurriculum

LOUD = "TRL changed an internal that grpo/hooks.py relies on: "


def fake_trainer(live=None):
    """The attributes TRL's _get_train_sampler reads (and ours)."""
    return SimpleNamespace(train_dataset={"task_id": ["a", "a", "b", "c"], "augmentation": ["id", "r1", "id", "id"]},
                           num_generations=2, num_iterations=2, shuffle_dataset=False, live=live,
                           args=SimpleNamespace(generation_batch_size=4, steps_per_generation=3, seed=0))


class Rows(dict):
    column_names = ["task_id", "augmentation"]


def test_the_sampler_hook_keeps_its_signature():
    parameters = list(inspect.signature(GRPOTrainer._get_train_sampler).parameters)
    assert parameters == ["self", "dataset"], LOUD + f"_get_train_sampler{parameters}"


def test_the_generation_hook_keeps_its_signature():
    """CurriculumGRPOTrainer times generation by wrapping `_generate(prompts)`."""
    parameters = list(inspect.signature(GRPOTrainer._generate).parameters)
    assert parameters == ["self", "prompts"], LOUD + f"_generate{parameters}"


def test_trls_sampler_has_the_layout_the_curriculum_sampler_copies():
    trainer = fake_trainer()
    trainer.train_dataset = list(range(8))
    theirs = GRPOTrainer._get_train_sampler(trainer)
    assert isinstance(theirs, RepeatSampler), LOUD + f"_get_train_sampler returns {type(theirs).__name__}"
    # 2 prompts per generation batch, each repeated num_generations times, the chunk num_iterations x
    # steps_per_generation times (TRL's figure in _get_train_sampler's comments).
    assert (theirs.mini_repeat_count, theirs.batch_size, theirs.repeat_count) == (2, 2, 6), LOUD + "RepeatSampler"
    chunk = list(theirs)[:4]
    assert chunk[0] == chunk[1] and chunk[2] == chunk[3] and list(theirs)[4:8] == chunk, LOUD + "repeat layout"

    state = cur.initial_state(cur.assign_levels(["a", "b", "c"], None, num_levels=1), cur.CurriculumConfig(), seed=0)
    trainer = fake_trainer(LiveCurriculum(state, cur.CurriculumConfig()))
    trainer.train_dataset = Rows(trainer.train_dataset)
    ours = CurriculumGRPOTrainer._get_train_sampler(trainer)
    assert isinstance(ours, CurriculumSampler)
    assert (ours.mini_repeat_count, ours.batch_size, ours.repeat_count) == (2, 2, 6)


def test_config_fields_the_hooks_read_exist():
    fields = set(GRPOConfig.__dataclass_fields__)
    for name in ("generation_batch_size", "steps_per_generation", "num_iterations", "num_generations",
                 "vllm_mode", "scale_rewards", "loss_type", "importance_sampling_level", "model_init_kwargs"):
        assert name in fields, LOUD + f"GRPOConfig.{name} is gone"


def test_reward_functions_still_get_the_dataset_columns_trainer_state_and_log_metric():
    source = inspect.getsource(GRPOTrainer._calculate_rewards)
    for needle in ('reward_kwargs = {key: [example[key] for example in inputs] for key in keys}',
                   'reward_kwargs["trainer_state"] = self.state', 'reward_kwargs["log_metric"] = self._log_metric'):
        assert needle in source, LOUD + f"_calculate_rewards no longer has `{needle}` (grpo/scoring.py reads it)"


def test_every_loss_type_we_accept_is_one_trl_implements():
    source = inspect.getsource(GRPOTrainer)
    for name in GRPO_CHOICES["loss_type"]:
        assert f'"{name}"' in source, LOUD + f"loss_type {name!r} is not in GRPOTrainer any more"


def test_the_log_prob_hook_keeps_its_signature():
    """CurriculumGRPOTrainer moves batches left in `_get_per_token_logps_and_entropies` and passes the text
    arguments on by position; every other argument must be an optional extra (images and the like)."""
    signature = inspect.signature(GRPOTrainer._get_per_token_logps_and_entropies)
    names = list(signature.parameters)
    assert names[:8] == ["self", "model", "input_ids", "attention_mask", "logits_to_keep", "batch_size",
                         "compute_entropy", "compute_aux_loss"], LOUD + f"_get_per_token_logps_and_entropies{names}"
    extras = [signature.parameters[name].default for name in names[8:]]
    assert all(default is None for default in extras), LOUD + "a new required argument"
