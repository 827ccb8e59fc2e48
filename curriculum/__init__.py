"""curriculum (see DESIGN.md §2)."""
