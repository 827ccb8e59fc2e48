"""arc_dsl (see DESIGN.md §2)."""
