"""sft: supervised fine-tuning of the student on edit traces (the embedded default student is `student.embedded`).

    arc-sft --config recipes/sft/demo.yaml                  # = python -m sft …; accelerate launch -m sft …

- `sft.train`     the TRL SFTTrainer script (LoRA via PEFT, completion-only loss, checkpoints and resume)
- `sft.config`    its TrlParser dataclasses (extending TRL's SFTConfig / ModelConfig / ScriptArguments)
- `sft.evaluate`  sample programs for held-out prompts (`student.generation`), score them in the sandbox (reused
                  by GRPO, the demo)
- `sft.traces`    loading the exported trace dataset; `sft.run_files` run config, checkpoints, JSON files
"""
