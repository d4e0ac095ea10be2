"""Thin views of learning, one module per area: learner, certificates, narration, staff."""
