"""`advisor check` as a library: the check itself and its report formats."""
