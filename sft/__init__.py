"""sft: supervised fine-tuning of the student on edit traces, and the embedded default student model.

    arc-sft --config recipes/sft/demo.yaml                  # = python -m sft …; accelerate launch -m sft …

- `sft.train`     the TRL SFTTrainer script (LoRA via PEFT, completion-only loss, checkpoints and resume)
- `sft.config`    its TrlParser dataclasses (extending TRL's SFTConfig / ModelConfig / ScriptArguments)
- `sft.embedded`  `ensure_embedded_model`, `resolve_model`: the small local Qwen2 student ("embedded")
- `sft.corpus`    the embedded model's pre-training corpus (pure)
- `sft.evaluate`  sample programs for held-out prompts, score them in the sandbox (reused by GRPO, the demo)
- `sft.traces`    loading the exported trace dataset; `sft.run_files` run config, checkpoints, JSON files
"""
