"""Reference solver programs, one file per ARC-AGI-1 training task (`<task_id>.py`).

These files are program text read by `arc_dsl.solvers`, never imported as modules.
"""
