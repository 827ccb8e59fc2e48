"""harness (see DESIGN.md §2)."""
