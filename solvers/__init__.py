"""solvers (see DESIGN.md §2)."""
