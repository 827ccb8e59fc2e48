"""Per-token log-probabilities from full logits on CPU, where TRL's chunked LM head is slow for a small vocabulary.

TRL's trainers score tokens through a fused LM head (`trl.trainer.utils.add_fused_lm_head`): the logits are
projected in tiles and folded into running log-sum-exp statistics, so a 150 K-token vocabulary never materialises
`[tokens, vocab]` logits on a GPU. On a CPU the tiles are folded with plain torch operations, every position is
scored (the valid ones only on Triton devices), and for the embedded student's 2,050-token vocabulary the fold costs
more than the logits it avoids: a bf16 training step of the embedded model took 779 ms instead of 500 ms (16 rows ×
300 tokens, 2 threads) and 577 instead of 403 ms (4 rows × 900 tokens, a quarter of them labelled).

`plain_lm_head_on_cpu()` puts a dispatcher in front of TRL's function: on a CPU, when the logits would hold at most
`MAX_PLAIN_LOGITS` entries, the same outputs (log-probability of each target, entropy, log Σp², mean logit, whether
the target is the first arg-max) come from the full logits with autograd doing the backward; anything else (a GPU,
a large vocabulary or batch) goes to TRL's function unchanged. The logits are transformed by TRL's own function
(`logit_scale`, soft-capping, temperature), so the two paths agree to rounding (tested against TRL's on random
inputs). Installed by the embedded build, `arc-sft` and `arc-grpo`.
"""

from __future__ import annotations

from typing import Any

# Above this many logits (tokens × vocabulary; 64 M float32 entries are 256 MB) TRL's tiled function is used even on
# a CPU: a GRPO batch of the embedded student (16 × ~1,100 tokens × 2,050) is ~36 M, a 150 K vocabulary passes it
# at ~450 tokens.
MAX_PLAIN_LOGITS = 1 << 26


def plain_log_probs(hidden, weight, bias, targets, temperature: float, final_logit_softcapping: float | None = None,
                    logit_scale: float = 1.0, outputs: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """What TRL's `ChunkedLogProbFunction` returns — (log-probs, entropy, log Σp², mean logit, is top-1), the last
    four None unless named in `outputs` — from full float32 logits of `hidden @ weight.T (+ bias)`."""
    import torch
    from trl.kernels.chunked_logprob import _torch_transform

    device = hidden.device.type
    dtype = torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else hidden.dtype
    logits = torch.nn.functional.linear(hidden.to(dtype), weight.to(dtype), None if bias is None else bias.to(dtype))
    z = _torch_transform(logits.float(), logit_scale, final_logit_softcapping or 1.0, 1 / temperature,
                         final_logit_softcapping is not None)
    log_z = torch.logsumexp(z, dim=-1)
    log_probs = z.gather(-1, targets.unsqueeze(-1)).squeeze(-1) - log_z
    entropy = log_sum_sq = mean = top1 = None
    if "entropy" in outputs:
        entropy = log_z - (torch.softmax(z, dim=-1) * z).sum(-1)
    with torch.no_grad():
        if "log_sum_sq_probs" in outputs:
            log_sum_sq = torch.logsumexp(2 * (z - log_z.unsqueeze(-1)), dim=-1)
        if "mean_logits" in outputs:
            mean = z.mean(-1)
        if "is_top1" in outputs:
            top1 = z.argmax(-1) == targets  # the first maximum, as TRL counts ties
    return log_probs, entropy, log_sum_sq, mean, top1


class _Dispatch:
    """Stands in for TRL's `_ChunkedLogProbFunction` (only `.apply` is used): small CPU problems take the full
    logits, everything else TRL's function."""

    def __init__(self, original):
        self.original = original

    def apply(self, hidden, weight, bias, targets, temperature, chunk_size, final_logit_softcapping=None,
              logit_scale=1.0, outputs=()):
        if hidden.device.type == "cpu" and hidden.shape[0] * weight.shape[0] <= MAX_PLAIN_LOGITS:
            return plain_log_probs(hidden, weight, bias, targets, temperature, final_logit_softcapping, logit_scale,
                                   outputs)
        return self.original.apply(hidden, weight, bias, targets, temperature, chunk_size, final_logit_softcapping,
                                   logit_scale, outputs)


def plain_lm_head_on_cpu() -> None:
    """Route TRL's fused LM head through full logits for small CPU problems (idempotent; see the module's docstring)."""
    import trl.trainer.utils as trl_utils

    original = getattr(trl_utils, "_ChunkedLogProbFunction", None)  # a TRL without it: its own head, unchanged
    if original is not None and not isinstance(original, _Dispatch):
        trl_utils._ChunkedLogProbFunction = _Dispatch(original)
