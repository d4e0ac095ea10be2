"""Residents and members: people, ethnic groups, organizations, memberships, imports and exports.
Imports `places` and `accounts`.
"""
