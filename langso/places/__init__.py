"""The administrative hierarchy (country > province > commune > village); imports no other app."""
