"""Reads of training, one module per area; every read of people or their records starts from the
jurisdiction."""
