"""Reads of reporting, one module per area."""
