"""The roll-up store: counts per (metric, unit, period) that the apps owning the facts keep current
in the same transaction as the facts. Imports only `places` and `common`, so that every app above
may write to it."""
