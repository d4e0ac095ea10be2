"""Writes to learning: loading the curriculum, recording attempts and mastery, issuing certificates."""
