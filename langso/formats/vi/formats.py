"""Vietnamese numbers are grouped by thousands with a dot: 1.234.567 ₫ (Django's vi formats lack it);
short dates are written with slashes, 23/11/2026, as on Vietnamese forms (Django's vi has 23-11-2026)."""

NUMBER_GROUPING = 3
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
