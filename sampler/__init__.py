"""sampler: gather edit chain-of-thought traces from a teacher, filtered by reward delta.

    arc-sample --config recipes/sample/demo.yaml          # offline teacher, no LLM, ~a minute on 2 cores
    arc-sample --config recipes/sample/anthropic.yaml     # ANTHROPIC_API_KEY; --max-cost-usd caps spending
    arc-sample export --traces runs/demo/sample --out runs/demo/dataset --style compact

Modules: `backends` (teachers behind one async `complete`), `loop` (sample → execute → edit rounds),
`select` (which traces to keep), `store` (append-only, resumable JSONL), `export` (HF dataset for SFT),
`config` / `tasks` / `cli` (the `arc-sample` command), `fake_server` (a loopback OpenAI/Anthropic server for
tests). The prompts, execution feedback, mutations and reasoning text it uses are the `editing` package's.
"""
