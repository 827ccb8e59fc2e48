"""grpo (see DESIGN.md §2)."""
