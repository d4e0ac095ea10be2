"""Writes of training, one module per area."""
