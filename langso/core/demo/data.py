"""The demo's data: the communes it fills, the names it draws from, the accounts it creates.

All of it is invented for a local demo and describes no real person; the communes are real.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from langso.accounts.models import Role
from langso.people.models import OrganizationKind

PROVINCE_CODE = "22"  # Quảng Ninh
DEFAULT_RESIDENTS = 20_000
#: ages are counted at this year, not today's, so that a seed gives the same people every year
REFERENCE_YEAR = 2025
CLIENT_UUID_NAMESPACE = uuid.UUID("d37f60fa-a217-5f5d-9b62-10140ce2fdef")  # uuid5(URL, ".../demo")
PEOPLE_BATCH_SIZE = 2000
UUID_LOOKUP_CHUNK = 900  # below SQLite's default limit of 999 parameters per query
MINORITY_NAME_SHARE = 0.4  # how often a minority resident carries a given name of their own group


@dataclass(frozen=True)
class CommuneProfile:
    """What the demo knows of one real commune: its villages and who lives there."""

    code: str
    #: village names; the words before the place name give the division type ("Thôn", "Bản"…)
    villages: tuple[str, ...]
    #: (ethnic group, weight) of the residents
    ethnic_mix: tuple[tuple[str, int], ...]
    #: the commune's share of all demo residents
    share: float
    is_urban: bool = False


# Data tables read best as written, so the formatter leaves them alone.
# fmt: off
COMMUNES: tuple[CommuneProfile, ...] = (
    CommuneProfile(
        "06886",  # Xã Hải Lạng: the news report's classes in Thôn Thống Nhất's cultural house
        (
            "Thôn Thống Nhất", "Thôn Đồng Cậy", "Thôn Đồng Tâm", "Thôn Hải Thành", "Thôn Khe Tiên",
            "Thôn Nà Bắc", "Thôn Đồng Và", "Thôn Khe Lặc", "Thôn Đồng Rui", "Thôn Bình Minh",
            "Thôn Trại Mới", "Thôn Hà Thụ",
        ),
        (("Kinh", 80), ("Tày", 6), ("Dao", 5), ("Sán Dìu", 7), ("Hoa", 2)),
        share=0.18,
    ),
    CommuneProfile(
        "06841",  # Xã Hoành Mô: a border commune, more than 94% ethnic minorities
        (
            "Bản Nà Làng", "Bản Khe Tiền", "Bản Pắc Pộc", "Bản Cao Sơn", "Bản Nà Mò", "Bản Đồng Thanh",
            "Bản Sông Moóc", "Bản Khe Mò", "Bản Lòng Vài", "Bản Ngàn Chi", "Bản Khe Và", "Bản Sú Cáu",
        ),
        (("Tày", 45), ("Dao", 30), ("Sán Chay", 17), ("Kinh", 5), ("Nùng", 3)),
        share=0.12,
    ),
    CommuneProfile(
        "06838",  # Xã Bình Liêu: mostly Tày, Dao and Sán Chay
        (
            "Bản Sẳn Cáu", "Bản Nà Áng", "Bản Co Sen", "Bản Pắc Liềng", "Bản Khe Lánh", "Bản Nà Ếch",
            "Bản Phai Lầu", "Bản Nà Pạt", "Bản Khe Vằn", "Bản Bình Công", "Bản Tềnh Pò",
        ),
        (("Tày", 40), ("Dao", 30), ("Sán Chay", 22), ("Kinh", 6), ("Hoa", 1), ("Nùng", 1)),
        share=0.14,
    ),
    CommuneProfile(
        "06862",  # Xã Tiên Yên: mixed Kinh, Tày, Dao, Sán Dìu
        (
            "Khu Phố Mới", "Khu Hòa Bình", "Thôn Thác Bưởi", "Thôn Khe Ván", "Thôn Đông Tiến",
            "Thôn Bắc Cương", "Thôn Nà Bò", "Thôn Nà Thầm", "Thôn Khe Lầy", "Thôn Pạc Sủi",
            "Thôn Phong Mậu",
        ),
        (("Kinh", 45), ("Tày", 20), ("Dao", 20), ("Sán Dìu", 12), ("Hoa", 3)),
        share=0.17,
    ),
    CommuneProfile(
        "06688",  # Phường Hạ Long: an urban ward of residential groups, mostly Kinh
        (
            "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4", "Tổ dân phố 5", "Tổ dân phố 6",
            "Tổ dân phố 7", "Tổ dân phố 8", "Tổ dân phố 9", "Tổ dân phố 10", "Khu Cột Đồng Hồ", "Khu Lán Bè",
        ),
        (("Kinh", 95), ("Tày", 2), ("Hoa", 1), ("Sán Dìu", 1), ("Dao", 1)),
        share=0.24,
        is_urban=True,
    ),
    CommuneProfile(
        "06895",  # Xã Đầm Hà: Kinh, Dao, Sán Dìu
        (
            "Thôn Tân Hợp", "Thôn Tân Bình", "Thôn Tân Mai", "Thôn Bình Hồ", "Thôn Đồng Hợp", "Thôn Lý Quáng",
            "Thôn Làng Y", "Thôn Tân Đức", "Thôn Quảng Lợi", "Thôn Tầm Làng", "Thôn Đầm Buôn", "Thôn Tân Phú",
        ),
        (("Kinh", 60), ("Dao", 22), ("Sán Dìu", 14), ("Tày", 3), ("Hoa", 1)),
        share=0.15,
    ),
)

#: the words a village name starts with, and the division type they mean (longest first)
DIVISION_TYPES: tuple[tuple[str, str], ...] = (
    ("Tổ dân phố ", "tổ dân phố"),
    ("Thôn ", "thôn"),
    ("Bản ", "bản"),
    ("Khu ", "khu"),
)

#: family names of each ethnic group, with rough weights
FAMILY_NAMES: dict[str, tuple[tuple[str, int], ...]] = {
    "Kinh": (
        ("Nguyễn", 30),
        ("Trần", 10),
        ("Lê", 8),
        ("Phạm", 7),
        ("Vũ", 6),
        ("Hoàng", 5),
        ("Bùi", 4),
        ("Đỗ", 4),
        ("Đặng", 3),
        ("Ngô", 3),
        ("Phan", 3),
        ("Hồ", 2),
        ("Dương", 2),
        ("Đinh", 2),
        ("Đào", 2),
        ("Trịnh", 2),
        ("Lý", 1),
        ("Lương", 1),
        ("Mai", 1),
        ("Cao", 1),
    ),
    "Tày": (
        ("Hoàng", 20),
        ("Nông", 15),
        ("Lục", 8),
        ("Vi", 6),
        ("Lương", 6),
        ("Hà", 5),
        ("Lâm", 4),
        ("Triệu", 3),
        ("La", 3),
        ("Ma", 3),
        ("Đàm", 3),
        ("Nịnh", 2),
        ("Lăng", 2),
    ),
    "Dao": (
        ("Triệu", 20),
        ("Bàn", 20),
        ("Đặng", 15),
        ("Lý", 10),
        ("Chìu", 10),
        ("Lỷ", 6),
        ("Tằng", 6),
        ("Phùn", 4),
        ("Chíu", 4),
    ),
    "Sán Chay": (
        ("Nịnh", 12),
        ("Sằn", 12),
        ("Hoàng", 8),
        ("Lục", 8),
        ("Tằng", 8),
        ("Lỷ", 6),
        ("Voòng", 6),
        ("La", 6),
        ("Chíu", 4),
        ("Lâm", 4),
    ),
    "Sán Dìu": (
        ("Diệp", 10),
        ("Lỷ", 10),
        ("Tằng", 8),
        ("Trương", 8),
        ("Bạch", 6),
        ("Lưu", 6),
        ("Đặng", 6),
        ("Hoàng", 6),
        ("Phạm", 4),
        ("Trần", 4),
    ),
    "Hoa": (
        ("Lý", 8),
        ("Trương", 8),
        ("Lưu", 8),
        ("Hoàng", 6),
        ("Chu", 6),
        ("Dương", 6),
        ("Lâm", 6),
        ("Mạc", 4),
    ),
    "Nùng": (
        ("Hoàng", 12),
        ("Nông", 10),
        ("Vi", 8),
        ("Lăng", 6),
        ("Lương", 6),
        ("Lục", 6),
        ("Mã", 4),
        ("Chu", 4),
    ),
}

FEMALE_MIDDLE_NAMES = ("Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Phương", "Bích", "Khánh", "Mai")
MALE_MIDDLE_NAMES = ("Minh", "Đức", "Quang", "Hữu", "Xuân", "Hồng", "Công", "Tiến", "Mạnh", "Quốc", "Kiên")
FEMALE_GIVEN_NAMES = (
    "Hương", "Lan", "Mai", "Hoa", "Hằng", "Thu", "Hà", "Nga", "Liên", "Huệ", "Cúc", "Đào", "Hạnh", "Loan",
    "Nhung", "Thủy", "Tuyết", "Yến", "Xuân", "Quyền", "Trinh", "Thảo", "Linh", "Trang", "Ngọc", "Phương",
    "Vân", "Hiền", "Dung", "Oanh", "Sen", "Lụa", "Mến", "Nụ", "Thơm", "Gấm",
)
MALE_GIVEN_NAMES = (
    "Phong", "Hùng", "Dũng", "Minh", "Tuấn", "Sơn", "Hải", "Long", "Thắng", "Bình", "Cường", "Đức", "Hòa",
    "Khánh", "Lâm", "Nam", "Quang", "Tâm", "Thành", "Trung", "Tiến", "Vinh", "Hưng", "Toàn", "Kiên", "Chiến",
    "Hiếu", "Lợi", "Sáng", "Thông", "Phúc", "Quý",
)
#: given names more common among the Tày, Dao and Sán Chay of the north-east highlands
MINORITY_FEMALE_GIVEN_NAMES = ("Mùi", "Say", "Sinh", "Nhất", "Mẩy", "Dìn", "Lìu", "Pằn", "Thiêm", "Mây")
MINORITY_MALE_GIVEN_NAMES = ("Páo", "Sử", "Tòn", "Quẩy", "Sành", "Chàn", "Pẳn", "Lìn", "Vằn", "Slằn")

#: (youngest, oldest, weight): the classes are for elderly people, so the old are many
AGE_BANDS = ((16, 39, 20), (40, 59, 23), (60, 85, 50), (86, 95, 7))
#: (youngest age of the band, share who gave a phone number and agreed to keep it)
PHONE_SHARE_BY_AGE = ((16, 0.60), (40, 0.42), (60, 0.20), (75, 0.08))
MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098")
CADRE_SHARE = 0.05  # of residents aged 20 to 70: about 3% of all
OCOP_SHARE = 0.057  # of residents aged 20 to 75: about 4% of all
CONSENT_PERIOD_START = datetime(2025, 1, 1, tzinfo=UTC)
# fmt: on


@dataclass(frozen=True)
class DemoAccount:
    """One demo user: who they are and where their role applies."""

    username: str
    full_name: str
    role: Role
    unit_code: str
    #: a village of the `unit_code` commune, when the role applies to a village
    village: str = ""
    organization_kind: str = ""
    phone: str = ""
    is_superuser: bool = False
    note: str = ""


# fmt: off
ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "Đỗ Minh Tuấn", Role.NATIONAL_ADMIN, "VN", is_superuser=True,
                note="whole country; also the Django admin at /admin/"),
    DemoAccount("tinh", "Vũ Thanh Mai", Role.PROVINCE_OFFICER, PROVINCE_CODE, note="province dashboards"),
    DemoAccount("xa.hailang", "Hoàng Kiên Trung", Role.COMMUNE_OFFICER, "06886",
                note="vice-chair of the commune People's Committee"),
    DemoAccount("truongthon", "Phạm Hồng Phong", Role.VILLAGE_HEAD, "06886", village="Thôn Thống Nhất",
                note="sends the village report"),
    DemoAccount("hoiphunu", "Nguyễn Thị Quyền", Role.UNION_CADRE, "06886",
                organization_kind=OrganizationKind.WOMEN, note="Women's Union of the commune"),
    DemoAccount("giangvien", "Lý Thị Trinh", Role.TRAINER, "06886", note="runs the commune's classes"),
    DemoAccount("doanvien", "Đặng Minh Đức", Role.MENTOR, "06886", village="Thôn Thống Nhất",
                note="youth digital team"),
    DemoAccount("doanvien2", "Lục Văn Hải", Role.MENTOR, "06886", village="Thôn Thống Nhất",
                note="second member of the village's digital team"),
    DemoAccount("doanvien.nalang", "Vi Thị Hoa", Role.MENTOR, "06841", village="Bản Nà Làng",
                note="digital team of a border village"),
    DemoAccount("vanthu", "Bùi Thu Hà", Role.CLERK, PROVINCE_CODE, note="document registers"),
    DemoAccount("hoptacxa", "Chìu Thị Mùi", Role.COOPERATIVE_MANAGER, "06841", note="women's cooperative"),
    DemoAccount("hocvien", "Nguyễn Thị Hương", Role.LEARNER, "06886", village="Thôn Thống Nhất",
                phone="0987 654 321", note="can also sign in with the phone 0987 654 321"),
)
# fmt: on
