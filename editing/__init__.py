"""editing: the edit task's vocabulary, shared by the teacher (`sampler`), the embedded student's build, GRPO's
prompts and the program solver (pure or nearly pure functions; programs run only through `sandbox`).

Modules: `prompts` (versioned write and edit prompt templates), `feedback` (execution feedback as data and
text), `mutate` (realistic program mistakes), `edit_prompts` (edit-prompt rows and mutated start programs, run in
the sandbox), `execution` (sandbox runs + rewards of candidate programs; hindsight relabelling), `reasoning`
(reasoning written from feedback; hunks between programs; the completion text).

It sits below `student` (whose embedded model is pre-trained on these prompts and mutations) and the `sampler`,
`grpo` and `solvers` that use them, and imports only `data`, `arc_dsl`, `sandbox` and `rewards`.
"""
