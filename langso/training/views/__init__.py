"""Thin HTML views of training, one module per area."""
