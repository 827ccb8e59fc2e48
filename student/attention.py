"""Padded training batches through the fused causal attention kernel.

A causal LM trained on right-padded rows (TRL's SFT collator pads on the right) never lets a real token see a pad:
the pads come after it. The padding mask therefore changes nothing the loss sees, yet handing it to PyTorch's
scaled-dot-product attention switches the fused causal (flash) kernel off for a masked one that materialises the
scores. For the embedded student (16 rows × 1,536 tokens, bf16 autocast, 2 CPU threads) a training step took 5.4 s
with the mask and 3.4 s without it.

- `skip_right_padding_mask(model)` installs a forward pre-hook on the model's decoder that drops the attention mask
  of a right-padded batch in training mode (no cache given). Pad positions then attend to the tokens before them
  instead of to nothing; their outputs carry no label (-100), so the loss and its gradients are the same up to
  rounding. Any other mask (left padding, packed rows with position ids, a decoding step) passes unchanged.
- `flush_left(input_ids, attention_mask)` moves each row's tokens to the left (a GRPO batch is a left-padded prompt
  followed by a right-padded completion), so such a batch becomes right-padded; `flushed_window` says where
  each row's completion tokens landed. Each row then starts at position 0, as it did when it was generated (the
  generation derives positions from the mask; a forward pass without position ids counts the pads); with rotary
  position embeddings (Qwen2, Llama) only relative positions matter, so the move changes nothing but rounding.
"""

from __future__ import annotations

from typing import Any


def is_right_padded(attention_mask: Any) -> bool:
    """Whether every row of a 2-D 0/1 mask is ones followed by zeros (no row has a zero before a one)."""
    return attention_mask.dim() == 2 and bool((attention_mask[:, 1:] <= attention_mask[:, :-1]).all())


def _drop_right_padding_mask(module: Any, args: tuple, kwargs: dict) -> tuple[tuple, dict] | None:
    mask = kwargs.get("attention_mask")
    cache = kwargs.get("cache", kwargs.get("past_key_values"))  # the name since transformers 5.2x, and before
    if (not module.training or mask is None or cache is not None or kwargs.get("position_ids") is not None
            or not is_right_padded(mask)):
        return None
    return args, {**kwargs, "attention_mask": None}


def skip_right_padding_mask(model: Any) -> Any:
    """Install the pre-hook on `model`'s decoder (through PEFT and DDP wrappers); returns the hook's handle."""
    decoder = model.get_decoder()
    return decoder.register_forward_pre_hook(_drop_right_padding_mask, with_kwargs=True)


def flush_left(input_ids: Any, attention_mask: Any) -> tuple[Any, Any, Any]:
    """Each row's tokens moved left past its leading pads, trailing all-pad columns cut: (ids, mask, lead), where
    `lead[i]` is how many pads led row i (column t of row i is column t - lead[i] after the move)."""
    import torch

    length = input_ids.size(1)
    lead = (attention_mask.cumsum(1) == 0).sum(1)
    index = (torch.arange(length, device=input_ids.device) + lead[:, None]) % length
    ids, mask = input_ids.gather(1, index), attention_mask.gather(1, index)
    width = max(int(mask.sum(1).max()), 1)
    return ids[:, :width], mask[:, :width], lead


def flushed_window(length: int, width: int, lead: Any, tail: int) -> tuple[int, Any]:
    """For a batch `length` wide whose last `tail` columns matter (a completion), flushed to `width` columns with
    `lead` as returned by `flush_left`: how many last flushed columns hold every row's tail (`kept`), and an index
    (rows × tail) that gathers each row's tail back from those `kept` columns. The tail's columns past the
    flushed width (a short row's trailing pads) point at the last column: their values are the caller's to mask."""
    import torch

    most = int(lead.max())
    kept = max(1, width - (length - tail - most))  # from the shortest row's first tail column to the end
    index = (most - lead)[:, None] + torch.arange(tail, device=lead.device)
    return kept, index.clamp(max=kept - 1)
