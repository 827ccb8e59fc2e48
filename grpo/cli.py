"""`arc-grpo`: GRPO training of the student on sandboxed ARC rewards with an adaptive curriculum
(see `grpo.train`).

    arc-grpo --config recipes/grpo/demo.yaml [--max_steps 20 --output_dir runs/x/grpo ...]
    arc-grpo --help                  # every option: the script's, the curriculum's, TRL's GRPOConfig and ModelConfig

All arguments go to TRL's parser (a recipe with `--config`, flags override it). Bad recipes and missing data exit
with code 2 and one line on stderr.
"""

from __future__ import annotations

import typer

from data.cli_runner import run_cli

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    help="Train the student with GRPO: arc-grpo --config recipes/grpo/demo.yaml [flags]. --help lists every flag.",
)
def train(ctx: typer.Context) -> None:
    # TRL's parser owns the options (hundreds of them, from the dataclasses), so Typer passes them through.
    from grpo.train import main as train_main

    train_main(ctx.args)


def main() -> None:
    run_cli(app, "arc-grpo", on_interrupt="checkpoints are saved every save_steps in --output_dir; the same command resumes from the last one")
