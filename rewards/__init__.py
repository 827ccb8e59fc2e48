"""rewards (see DESIGN.md §2)."""
