"""Reporting: the indicator catalog, targets, periodic village reports, roll-ups, dashboards and
exports. Reads facts from `people`, `learning` and `training`; nothing below imports it.
"""
