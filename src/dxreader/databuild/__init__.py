"""The data build: source documents in data/sources → data/casebook.sqlite (developers only)."""
