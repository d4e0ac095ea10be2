"""Làng Số: the platform of the grassroots digital-transformation movement."""
