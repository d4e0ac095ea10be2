"""Users, role assignments scoped to a unit, sign-in, the audit log, and `jurisdiction`: the one
place that answers what a user may see and do. Imports only `places`.
"""
