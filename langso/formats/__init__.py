"""Locale formats that amend Django's own (FORMAT_MODULE_PATH); each file holds only the differences."""
