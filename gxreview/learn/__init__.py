"""Training code for the learned parts (run offline by a developer, never at review time)."""
