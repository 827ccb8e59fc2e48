"""Hybrid text + grid model (LLM + TRM): a causal LM reads the task's demonstrations as text, and its
hidden states condition a TRM/HRM grid decoder. `TextConditioning` is the `text` conditioning of
`solvers.grid.models`, so the decoder, halting and training are the shared grid core.

    text_pooling: last    the LM's last hidden state, projected, becomes the conditioning
                          prefix, which the decoder injects into z_H / z_L at every recursion
    text_pooling: cross   `prefix_len` learned queries cross-attend to *all* the LM's hidden
                          states (padding masked) and form the prefix
    freeze_text: false    the LM is trained with the decoder (frozen otherwise; a frozen LM's
                          states are computed once per distinct text and cached)
    halting: act          the core's Q-head decides when to stop (adaptive halting)

The text model is `text_model`: `embedded` (the locally built student, `student.embedded`) or any Hugging
Face model folder/id. The query input is not in the text: the grid decoder reads it as tokens.

    arc-grid train --config recipes/grid/hybrid_overfit.yaml
    arc-eval --solver hybrid --checkpoint runs/hybrid_overfit/grid --dataset arc-agi-1 --split evaluation
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch
from torch import nn

from data.errors import UserError
from solvers.grid.layers import linear, rms_norm, trunc_normal_

POOLINGS = ("last", "cross")


def load_text_model(name: str):
    """(tokenizer, base model) of a causal LM: `embedded`, a model folder or an SFT/GRPO output folder
    (`student.load_student`)."""
    from transformers import AutoModel

    from student import load_student

    model, tokenizer, _ = load_student(name, auto_class=AutoModel)
    tokenizer.truncation_side = "left"  # keep the demonstrations nearest the query
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer, model


class TextConditioning(nn.Module):
    """Task text → causal LM hidden states → conditioning prefix (see the module docstring)."""

    group_name = "text"

    def __init__(self, config, num_puzzles: int):
        super().__init__()
        if config.text_pooling not in POOLINGS:
            raise UserError(f"text_pooling must be one of {', '.join(POOLINGS)}, got {config.text_pooling!r}")
        self.hidden, self.prefix_len, self.pooling = config.hidden_size, config.prefix_len, config.text_pooling
        self.max_tokens, self.max_demos, self.frozen = config.text_max_tokens, config.max_demos, config.freeze_text
        self.tokenizer, self.text_model = load_text_model(config.text_model)
        self.text_model.requires_grad_(not self.frozen)
        width = self.text_model.config.hidden_size
        if self.pooling == "last":
            self.project = linear(width, self.prefix_len * self.hidden)
        else:
            self.queries = nn.Parameter(trunc_normal_(torch.empty(self.prefix_len, self.hidden), 1.0))
            self.key_value = linear(width, 2 * self.hidden)
            self.attend = nn.MultiheadAttention(self.hidden, config.num_heads, batch_first=True)
        self._cache: dict[bytes, torch.Tensor] = {}
        self._sources: dict = {}

    # -- per-example fields -------------------------------------------------------------------------
    def encode_text(self, text: str) -> dict[str, np.ndarray]:
        encoded = self.tokenizer(text or " ", truncation=True, max_length=self.max_tokens, padding="max_length")
        return {"text_ids": np.asarray(encoded["input_ids"], np.int64),
                "text_mask": np.asarray(encoded["attention_mask"], bool)}

    def task_fields(self, task, side: int) -> dict[str, np.ndarray]:
        from solvers.grid.demos import task_text

        return self.encode_text(task_text(task, max_demos=self.max_demos))

    def batch_fields(self, data, which: str):
        from solvers.grid.demos import DemoSource, task_text

        key = data.info.get("fingerprint")
        if key not in self._sources:
            self._sources[key] = (DemoSource.build(data, self.max_demos), {})
        source, encoded = self._sources[key]

        def fields(rows):
            per_row = []
            for row in np.asarray(rows):
                task, exclude = source.row_context(which, int(row))
                cache_key = (task.id, int(getattr(data, which).view_ids[row]), exclude)
                if cache_key not in encoded:
                    encoded[cache_key] = self.encode_text(task_text(task, exclude, self.max_demos))
                per_row.append(encoded[cache_key])
            return {k: np.stack([r[k] for r in per_row]) for k in ("text_ids", "text_mask")}

        return fields

    # -- forward --------------------------------------------------------------------------------------
    def text_states(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(B, T, D) hidden states of the LM; a frozen LM's are cached per distinct text."""
        if not self.frozen:
            return self.text_model(input_ids=ids, attention_mask=mask.long()).last_hidden_state
        keys = [hashlib.sha1(row.cpu().numpy().tobytes()).digest() for row in ids]
        missing = [i for i, k in enumerate(keys) if k not in self._cache]
        if missing:
            with torch.no_grad():
                states = self.text_model(input_ids=ids[missing], attention_mask=mask[missing].long()).last_hidden_state
            for i, state in zip(missing, states, strict=True):
                self._cache[keys[i]] = state.detach()
        return torch.stack([self._cache[k] for k in keys])

    def forward(self, batch: dict[str, torch.Tensor], dtype: torch.dtype) -> torch.Tensor:
        ids, mask = batch["text_ids"].long(), batch["text_mask"].bool()
        states = self.text_states(ids, mask).to(dtype)
        size = len(ids)
        if self.pooling == "last":
            last = mask.long().cumsum(1).argmax(1)  # position of the last real token (right padding)
            out = self.project(states[torch.arange(size), last]).view(size, self.prefix_len, self.hidden)
        else:
            key, value = self.key_value(states).chunk(2, dim=-1)
            queries = self.queries.expand(size, -1, -1).to(dtype)
            out, _ = self.attend(queries, key, value, key_padding_mask=~mask, need_weights=False)
        out = rms_norm(out, 1e-5)
        return out / self.hidden ** 0.5  # unit RMS once the model scales the prefix like token embeddings
