"""sft (see DESIGN.md §2)."""
