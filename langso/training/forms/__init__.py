"""Forms of training, one module per area."""
