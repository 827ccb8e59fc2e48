"""rewards: pure scoring of program outputs, code extraction from completions, TRL reward functions.

    from rewards import extract_program, reward_programs, score_execution, get_reward_funcs

The reward's definition and range are in `rewards.reward` (one docstring). No torch here: the
sandbox runs the programs (through its public API), these functions score what comes back.
"""

from rewards.extract import answer_text, completion_text, extract_program, extract_reasoning
from rewards.reward import (
    RewardBreakdown,
    RewardConfig,
    delta,
    execute_and_score,
    length_penalty,
    pixel_accuracy,
    reward_programs,
    score_execution,
)
from rewards.trl import REWARD_FUNCS, BatchScorer, get_reward_funcs, parse_examples

__all__ = [
    "REWARD_FUNCS", "BatchScorer", "RewardBreakdown", "RewardConfig", "answer_text", "completion_text", "delta",
    "execute_and_score", "extract_program", "extract_reasoning", "get_reward_funcs", "length_penalty",
    "parse_examples", "pixel_accuracy", "reward_programs", "score_execution",
]
