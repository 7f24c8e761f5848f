"""Import of an existing permit register (being written)."""
