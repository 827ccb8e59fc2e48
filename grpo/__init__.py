"""GRPO training of the student on sandboxed ARC rewards, with the adaptive curriculum.

    arc-grpo --config recipes/grpo/demo.yaml

`grpo.train` is the script (TRL GRPOTrainer + PEFT LoRA); `grpo.data` builds the write/edit-mode
dataset; `grpo.scoring` wraps the `rewards` functions (timing, curriculum feed, metrics);
`grpo.hooks` holds the sampler seam, callbacks and resume logic; `grpo.config` the dataclasses.
"""
