"""An adaptive task curriculum for RL on ARC tasks, pure and framework-free.

It keeps a running tab of each task's reward (mean, variance, count, last step seen), splits tasks
into difficulty levels (external rating or 1/baseline reward), sunsets saturated tasks, samples tasks
the student fails more often (with augmentation), and opens level k+1 once level k is saturated.

    from curriculum import CurriculumConfig, assign_levels, initial_state, observe, draw, save_state
    config = CurriculumConfig(num_levels=3)
    state = initial_state(assign_levels(ids, difficulty_table, num_levels=3), config, seed=0)
    batch, state = draw(state, k=8, config=config)          # task ids for the next batch
    state = observe(state, [(task_id, rewards)], step, config)  # rewards of each group, in [0, 1]
    save_state(state, "curriculum.json")                     # atomic

GRPO wires it into TRL's trainer from `grpo/` (this package never imports TRL).
"""

from curriculum.levels import assign_levels, difficulty
from curriculum.policy import draw, needs_augmentation, sampling_weights, weight
from curriculum.state import (
    STATUSES,
    CurriculumConfig,
    CurriculumState,
    classify,
    config_json,
    initial_state,
    observe,
    summary,
)
from curriculum.stats import TaskStats, merge_group
from curriculum.store import load_state, load_table, save_state

__all__ = [
    "STATUSES", "CurriculumConfig", "CurriculumState", "TaskStats", "assign_levels", "classify", "config_json",
    "difficulty", "draw", "initial_state", "load_state", "load_table", "merge_group", "needs_augmentation",
    "observe", "sampling_weights", "save_state", "summary", "weight",
]
