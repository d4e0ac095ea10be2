"""Invented residents of Xã Hải Lạng (commune 06886, Quảng Ninh) for the benchmarks.

Seeded, so every run builds the same people; names, villages and phones describe no real person.
Each row is keyed like langso/people/services/columns.py COLUMNS and written as a villager's file
would be: Nam/Nữ, "x" for yes, organizations as "Hội LHPN, Hội Nông dân".
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

COMMUNE_CODE = "06886"
VILLAGE_NAMES = (
    "Thôn Thống Nhất", "Thôn Đồng Cậy", "Thôn Đồng Tâm", "Thôn Hải Thành", "Thôn Khe Tiên", "Thôn Nà Bắc",
    "Thôn Đồng Và", "Thôn Khe Lặc", "Thôn Đồng Rui", "Thôn Bình Minh", "Thôn Trại Mới", "Thôn Hà Thụ",
    "Thôn Tân Lập", "Thôn Đồng Mạ", "Thôn Khe Cát", "Thôn Bắc Sơn", "Thôn Nam Sơn", "Thôn Hợp Thành",
    "Thôn Tân Tiến", "Thôn Đồng Lá",
)  # fmt: skip
ETHNIC_MIX = {"Kinh": 80, "Tày": 6, "Dao": 5, "Sán Dìu": 7, "Hoa": 2}
FAMILY_NAMES = {
    "Kinh": ("Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Hoàng", "Bùi", "Đỗ", "Đặng", "Ngô"),
    "Tày": ("Hoàng", "Nông", "Lục", "Vi", "Lương", "Hà", "Lâm", "Triệu"),
    "Dao": ("Triệu", "Bàn", "Đặng", "Lý", "Chìu", "Tằng"),
    "Sán Dìu": ("Diệp", "Lỷ", "Tằng", "Trương", "Bạch", "Lưu"),
    "Hoa": ("Lý", "Trương", "Lưu", "Chu", "Dương"),
}
MIDDLE_NAMES = {
    "Nữ": ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Hồng"),
    "Nam": ("Văn", "Văn", "Đức", "Minh", "Quang"),
}
GIVEN_NAMES = {
    "Nữ": ("Hương", "Lan", "Mai", "Hoa", "Hằng", "Nga", "Liên", "Huệ", "Cúc", "Hạnh", "Loan", "Nhung",
           "Thủy", "Tuyết", "Yến", "Xuân", "Thảo", "Linh", "Vân", "Hiền", "Dung", "Sen", "Mùi", "Say"),
    "Nam": ("Phong", "Hùng", "Dũng", "Tuấn", "Sơn", "Hải", "Long", "Thắng", "Bình", "Cường", "Khánh", "Lâm",
            "Nam", "Tâm", "Thành", "Trung", "Vinh", "Hưng", "Kiên", "Chiến", "Páo", "Tòn"),
}  # fmt: skip
#: (youngest, oldest, weight): the classes are for elderly people, so the old are many
AGE_BANDS = ((16, 39, 20), (40, 59, 23), (60, 85, 50), (86, 95, 7))


def _organizations(rng: random.Random, gender: str, age: int) -> str:
    chosen = []
    if gender == "Nữ" and rng.random() < 0.55:
        chosen.append("Hội LHPN")
    if gender == "Nam" and age >= 25 and rng.random() < 0.4:
        chosen.append("Hội Nông dân")
    if age < 30 and rng.random() < 0.5:
        chosen.append("Đoàn Thanh niên")
    if age >= 60 and rng.random() < 0.3:
        chosen.append("Hội NCT")
    if gender == "Nam" and age >= 45 and rng.random() < 0.1:
        chosen.append("Hội CCB")
    return ", ".join(chosen)


def residents(count: int, villages: list[str], *, seed: int = 2025) -> Iterator[dict[str, object]]:
    """`count` residents, no two with the same (folded name, birth year, village)."""
    from langso.common.text import normalize_text  # the import's own folding decides what repeats

    rng = random.Random(seed)
    this_year = date.today().year
    seen: set[tuple[str, int, str]] = set()
    bands = [band[:2] for band in AGE_BANDS]
    band_weights = [band[2] for band in AGE_BANDS]
    while len(seen) < count:
        ethnicity = rng.choices(list(ETHNIC_MIX), weights=list(ETHNIC_MIX.values()))[0]
        gender = "Nữ" if rng.random() < 0.53 else "Nam"
        family, middle = rng.choice(FAMILY_NAMES[ethnicity]), rng.choice(MIDDLE_NAMES[gender])
        name = f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"
        youngest, oldest = rng.choices(bands, weights=band_weights)[0]
        age = rng.randint(youngest, oldest)
        village = rng.choice(villages)
        identity = (normalize_text(name), this_year - age, village)
        if identity in seen:
            continue
        seen.add(identity)
        phone = ""
        if rng.random() < (0.4 if age < 60 else 0.1):  # mostly empty: the old rarely give a number
            phone = f"{rng.choice(('091', '094', '097', '098'))}{rng.randint(0, 9_999_999):07d}"
        yield {
            "full_name": name,
            "gender": gender,
            "birth_year": this_year - age,
            "ethnicity": ethnicity,
            "village_code": village,
            "phone": phone,
            "phone_consent": "x" if phone else "",
            "is_cadre": "x" if 20 <= age <= 70 and rng.random() < 0.05 else "",
            "is_ocop_subject": "x" if 20 <= age <= 75 and rng.random() < 0.057 else "",
            "organizations": _organizations(rng, gender, age),
        }
