"""Files the program reads and writes: the read-only casebook (and later user data and the index)."""
