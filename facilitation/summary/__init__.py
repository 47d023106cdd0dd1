"""The plan on one page and its quality check."""
