"""Where the official administrative units come from: one adapter per country's data set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import vietnam_provinces


@dataclass(frozen=True)
class DivisionRecord:
    """One unit as a data set gives it, with the code of the unit above it."""

    code: str
    name: str
    division_type: str
    parent_code: str


def vietnam_country() -> DivisionRecord:
    return DivisionRecord(code="VN", name="Việt Nam", division_type="quốc gia", parent_code="")


def vietnam_provinces_and_communes() -> Iterator[tuple[DivisionRecord, list[DivisionRecord]]]:
    """Vietnam's 34 provinces, each with its communes, wards and special zones (post 1 July 2025).

    Codes are the General Statistics Office's: two digits for a province, five for a commune.
    """
    provinces = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    for province in provinces:
        province_code = f"{province['code']:02d}"
        record = DivisionRecord(province_code, province["name"], province["division_type"], "VN")
        communes = [
            DivisionRecord(f"{ward['code']:05d}", ward["name"], ward["division_type"], province_code)
            for ward in province["wards"]
        ]
        yield record, communes


def vietnam_data_version() -> str:
    """The date the packaged data was taken from the statistics office."""
    return str(vietnam_provinces.__data_version__)
