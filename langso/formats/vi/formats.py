"""Vietnamese numbers are grouped by thousands with a dot: 1.234.567 ₫ (Django's vi formats lack it)."""

NUMBER_GROUPING = 3
