"""Writes of reporting, one module per area."""
