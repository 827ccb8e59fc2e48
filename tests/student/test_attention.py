"""Right-padded training batches without their attention mask, and GRPO batches moved left: same numbers."""

import contextlib
from types import SimpleNamespace

import pytest
import torch
from transformers import Qwen2Config, Qwen2ForCausalLM
from trl import GRPOTrainer
from trl.trainer.utils import add_fused_lm_head

from grpo.hooks import CurriculumGRPOTrainer
from student.attention import flush_left, flushed_window, is_right_padded, skip_right_padding_mask


def tiny_model(seed: int = 0) -> Qwen2ForCausalLM:
    torch.manual_seed(seed)
    config = Qwen2Config(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=256,
                         tie_word_embeddings=True, attn_implementation="sdpa")
    return Qwen2ForCausalLM(config)


def masks_seen(model) -> list:
    """The attention masks the decoder receives after every pre-hook installed so far."""
    seen = []
    model.get_decoder().register_forward_pre_hook(
        lambda module, args, kwargs: seen.append(kwargs.get("attention_mask")), with_kwargs=True)
    return seen


def right_padded_batch():
    torch.manual_seed(1)
    ids = torch.randint(3, 64, (3, 12))
    mask = torch.ones(3, 12, dtype=torch.long)
    mask[1, 7:] = 0
    mask[2, 10:] = 0
    labels = ids.masked_fill(mask == 0, -100)
    return ids.masked_fill(mask == 0, 0), mask, labels


def test_is_right_padded():
    assert is_right_padded(torch.tensor([[1, 1, 0], [1, 1, 1]]))
    assert not is_right_padded(torch.tensor([[0, 1, 1], [1, 1, 1]]))  # left padding
    assert not is_right_padded(torch.tensor([[1, 0, 1]]))  # a hole
    assert not is_right_padded(torch.ones(1, 1, 3, 3))  # a 4-D mask is someone else's


def test_a_right_padded_training_batch_loses_its_mask_and_keeps_its_loss_and_gradients():
    ids, mask, labels = right_padded_batch()
    plain, hooked = tiny_model(), tiny_model()
    skip_right_padding_mask(hooked)
    seen = masks_seen(hooked)
    plain.train(), hooked.train()
    loss_plain = plain(input_ids=ids, attention_mask=mask, labels=labels).loss
    loss_hooked = hooked(input_ids=ids, attention_mask=mask, labels=labels).loss
    assert seen == [None]
    torch.testing.assert_close(loss_hooked, loss_plain, atol=1e-5, rtol=1e-5)
    loss_plain.backward(), loss_hooked.backward()
    for (name, a), (_, b) in zip(plain.named_parameters(), hooked.named_parameters(), strict=True):
        torch.testing.assert_close(b.grad, a.grad, atol=1e-5, rtol=1e-4, msg=name)


@pytest.mark.parametrize("case", ["left padding", "eval mode", "position ids"])
def test_other_masks_pass_unchanged(case):
    ids, mask, labels = right_padded_batch()
    model = tiny_model()
    skip_right_padding_mask(model)
    seen = masks_seen(model)
    model.train(case != "eval mode")
    kwargs = {}
    if case == "left padding":
        mask = mask.flip(1)
    if case == "position ids":
        kwargs["position_ids"] = torch.arange(12).repeat(3, 1)
    model(input_ids=ids, attention_mask=mask, **kwargs)
    assert seen[0] is mask


def test_the_hook_reaches_the_decoder_through_peft():
    from peft import LoraConfig, get_peft_model

    ids, mask, labels = right_padded_batch()
    model = get_peft_model(tiny_model(), LoraConfig(r=4, target_modules="all-linear"))
    skip_right_padding_mask(model)
    seen = masks_seen(model)
    model.train()
    model(input_ids=ids, attention_mask=mask, labels=labels)
    assert seen == [None]


def test_flush_left_moves_rows_and_cuts_empty_columns():
    ids = torch.tensor([[0, 0, 5, 6, 7, 0], [0, 4, 5, 6, 0, 0], [1, 2, 3, 4, 5, 0]])
    mask = (ids != 0).long()
    flushed, flushed_mask, lead = flush_left(ids, mask)
    assert flushed.tolist() == [[5, 6, 7, 0, 0], [4, 5, 6, 0, 0], [1, 2, 3, 4, 5]]
    assert flushed_mask.tolist() == [[1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]
    assert lead.tolist() == [2, 1, 0]
    # The last 3 columns are a completion (6 7 _, 6 _ _, 4 5 _): gathered back from the flushed window wherever
    # they hold a token (a pad may point anywhere).
    kept, index = flushed_window(6, 5, lead, 3)
    window = flushed[:, 5 - kept:]
    back = window.gather(1, index)
    tail = mask[:, 3:].bool()
    assert back[tail].tolist() == ids[:, 3:][tail].tolist() == [6, 7, 6, 4, 5]


def grpo_batch():
    """A GRPO-shaped batch: left-padded prompts (lengths 9, 5, 7) then right-padded completions (4, 2, 0 tokens)."""
    torch.manual_seed(2)
    prompt_lengths, completion_lengths, prompt_width, completion_width = (9, 5, 7), (4, 2, 0), 9, 4
    ids = torch.randint(3, 64, (3, prompt_width + completion_width))
    mask = torch.zeros_like(ids)
    for row, (p, c) in enumerate(zip(prompt_lengths, completion_lengths, strict=True)):
        mask[row, prompt_width - p: prompt_width + c] = 1
    completion_mask = mask[:, prompt_width:]
    return ids.masked_fill(mask == 0, 0), mask, completion_width, completion_mask


def bare_trainer():
    trainer = CurriculumGRPOTrainer.__new__(CurriculumGRPOTrainer)
    trainer.accelerator = SimpleNamespace(autocast=contextlib.nullcontext, is_main_process=True)
    return trainer


def test_grpo_log_probs_of_the_flushed_batch_match_trls_own():
    ids, mask, keep, completion_mask = grpo_batch()
    model = tiny_model()
    add_fused_lm_head(model, outputs=("log_probs", "entropy"))  # as GRPOTrainer does
    skip_right_padding_mask(model)
    seen = masks_seen(model)
    model.train()
    trainer = bare_trainer()
    theirs, their_entropy, _ = GRPOTrainer._get_per_token_logps_and_entropies(
        trainer, model, ids, mask, keep, compute_entropy=True)
    seen.clear()
    ours, our_entropy, _ = trainer._get_per_token_logps_and_entropies(model, ids, mask, keep, compute_entropy=True)
    assert seen == [None]  # flushed, the batch is right-padded and the hook dropped its mask
    assert ours.shape == theirs.shape == completion_mask.shape
    on = completion_mask.bool()
    torch.testing.assert_close(ours[on], theirs[on], atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(our_entropy[on], their_entropy[on], atol=1e-5, rtol=1e-5)
    ours.sum().backward()  # gradients flow through the gather
    assert model.get_decoder().embed_tokens.weight.grad is not None
