"""What the province looks like: its size at a scale, its dates, and the figures its people are drawn
from (ethnic mixes, ages, how they learn, ask for help and report). Tuned so that the full province has
~6 M attempts, ~3 M masteries and ~200 k attendance records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PROVINCE_CODE, PROVINCE_NAME = "99", "Lâm Sơn"
#: the skills the province learns; a smaller curriculum is completed with synthetic ones
SKILLS = 12
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2026, 11, 20)
#: ages count in this year, and so does "adult" (15 and over) in the village reports' basis
REFERENCE_YEAR = LAST_DAY.year
#: residents were registered in the last months of 2024, before the period starts
REGISTERED_FROM, REGISTERED_DAYS = date(2024, 9, 1), 120


@dataclass(frozen=True)
class Size:
    """How many of each thing the province has at a scale."""

    communes: int
    villages: int
    residents: int
    classes: int
    help_requests: int
    conferences: int

    @classmethod
    def at(cls, scale: float) -> Size:
        """The full province (1.0) or a share of it, with at least two communes of two villages."""
        if not 0 < scale <= 20:
            raise ValueError("scale must lie in (0, 20]")
        communes = max(2, round(100 * scale))
        villages = max(2 * communes, round(1_500 * scale))
        return cls(
            communes=communes,
            villages=villages,
            residents=max(20 * villages, round(1_500_000 * scale)),
            classes=max(communes, round(3_000 * scale)),
            help_requests=max(communes, round(4_000 * scale)),
            conferences=max(1, round(6 * scale)),
        )


# Data tables read best as written, so the formatter leaves them alone.
# fmt: off

# --- places and people

MOUNTAIN, LOWLAND, URBAN = "mountain", "lowland", "urban"
#: the share of mountain and of urban communes (the rest are lowland)
MOUNTAIN_SHARE, URBAN_SHARE = 0.35, 0.15
#: (ethnic group, weight) in each kind of commune: ~40 % minorities in the mountains
ETHNIC_MIX = {
    MOUNTAIN: (("Kinh", 60), ("Tày", 14), ("Dao", 11), ("Sán Chay", 6), ("Nùng", 5), ("Sán Dìu", 2),
               ("Hoa", 2)),
    LOWLAND: (("Kinh", 95), ("Tày", 1.5), ("Sán Dìu", 1.5), ("Dao", 1), ("Hoa", 1)),
    URBAN: (("Kinh", 97), ("Hoa", 1.5), ("Tày", 1), ("Nùng", 0.5)),
}
#: the first and second words of invented place names ("Đồng Tâm", "Khe Lặc"…)
PLACE_WORDS = (
    ("Đồng", "Tân", "Khe", "Nà", "Bình", "Hải", "Thống", "Trại", "Hà", "Bắc", "Nam", "Hợp", "Phú", "Yên",
     "Tiên", "Làng", "Pắc", "Cao", "Thác", "Phong", "An", "Quảng", "Lũng", "Vĩnh"),
    ("Tâm", "Lập", "Tiến", "Thành", "Nhất", "Mới", "Sơn", "Hòa", "Lợi", "Phúc", "Cậy", "Và", "Lặc", "Rui",
     "Minh", "Thụ", "Mò", "Vài", "Sen", "Bưởi", "Xuân", "Trung", "Đông", "Khánh"),
)
#: (first birth year, last, weight): ~20 % under 15 (born 2012–2024), fewer of each older year
AGE_BANDS = ((2012, 2024, 20), (1997, 2011, 20), (1982, 1996, 21), (1967, 1981, 19), (1952, 1966, 14),
             (1935, 1951, 6))
CADRE_SHARE, OCOP_SHARE = 0.025, 0.03

# --- learning

#: (youngest age, share who practise at all)
LEARNER_SHARE_BY_AGE = ((0, 0.0), (8, 0.15), (15, 0.64), (30, 0.62), (45, 0.58), (60, 0.52), (75, 0.34))
#: how many skills a learner takes up: 1, 2, 3… 12
SKILLS_TAKEN_WEIGHTS = (12, 10, 9, 8, 12, 14, 11, 8, 5, 3, 3, 2)
#: learners mostly follow the course's order: a skill may come before one up to this many places earlier
COURSE_JITTER = 3.0
#: OCOP subjects take up the selling skills this many places earlier
SELLING_SKILLS, SELLING_HEAD_START = ("selling-online", "livestream-selling", "shop-page", "safe-delivery"), 7
#: the chance that the 1st, 2nd, 3rd… practice set of a skill passes
PASS_CHANCES = (0.45, 0.55, 0.65, 0.75, 0.85)
#: the chance of giving a skill up after a failed set (casual learners, committed ones); the committed share
QUIT_AFTER_FAIL, COMMITTED_SHARE = (0.3, 0.03), 0.6
#: a small share of skills is mastered at a mentor's hands-on check instead (more of the oldest)
MENTOR_SHARE, MENTOR_SHARE_ELDERLY = 0.04, 0.12
#: a passed skill practised once more later
REFRESHER_SHARE = 0.08
CHECK_NOTES = {
    "not_yet": "Chưa nhớ các bước, cần ôn lại.",
    "with_help": "Làm được khi có người nhắc từng bước.",
    "alone": "Tự làm được từ đầu đến cuối.",
}

# --- classes, help requests, conferences

CLASS_TITLES = {"women": "Công dân số cho phụ nữ {place}", "youth": "Bình dân học vụ số — {place}"}
#: a class teaches 2 or 3 of the first 6 skills of the course
CLASS_SKILLS, CLASS_SKILL_CHOICES = (2, 3), 6
SESSION_TOPICS = (
    "Làm quen với điện thoại", "Cài đặt và kích hoạt VNeID", "Thanh toán bằng mã QR",
    "Nhắn tin, gọi video Zalo", "Nhận biết cuộc gọi lừa đảo", "Dịch vụ công trực tuyến",
    "Ôn tập, làm lại từng bước",
)
#: local start times of sessions, in minutes of the day (08:00, 14:00, 19:30)
SESSION_STARTS = (480, 840, 1170)
PRESENT_SHARE = 0.78
CHECK_IN_METHODS = (("tap", 60), ("card", 25), ("code", 5), ("paper", 10))
HELP_TOPICS = (("vneid", 30), ("payment", 22), ("zalo", 15), ("public_services", 13), ("scams", 12),
               ("other", 8))
HELP_PROBLEMS = {
    "vneid": "Quên mật khẩu VNeID, không đăng nhập được.",
    "payment": "Muốn liên kết tài khoản ngân hàng để quét mã QR.",
    "zalo": "Không gửi được ảnh cho con qua Zalo.",
    "public_services": "Cần nộp hồ sơ cấp lại giấy khai sinh trên mạng.",
    "scams": "Có người gọi tự xưng công an, bảo chuyển tiền.",
    "other": "Chữ trên điện thoại nhỏ quá, muốn phóng to.",
}
HELP_RESOLUTION = "Đã đến nhà hướng dẫn, người dân tự làm lại được."
#: (channel, weight): a mentor for a resident, the resident on a shared device, the public form
HELP_CHANNELS = (("mentor", 45), ("resident", 30), ("public", 25))
#: (fate, weight): resolved within 3 days, resolved later, being helped, waiting
HELP_FATES = (("quick", 60), ("late", 20), ("claimed", 5), ("open", 15))
#: (organizer kind, title) of the province's conferences, in turn
CONFERENCES = (
    ("women", "Tập huấn chuyển đổi số cho cán bộ Hội LHPN cơ sở"),
    ("front", 'Hội nghị tập huấn "Mặt trận số" cho cán bộ Mặt trận cơ sở'),
    ("youth", "Tập huấn tổ công nghệ số cộng đồng"),
    ("farmers", "Tập huấn bán hàng trên mạng cho cán bộ Hội Nông dân"),
)
#: (low, high, cap) of the share each reported indicator reaches, before the months' progress
REPORTED_SHARES = {
    "households-with-smartphone": (0.6, 0.8, 0.95),
    "vneid-level-2": (0.35, 0.6, 0.9),
    "cashless-payers": (0.15, 0.35, 0.8),
}
OTHER_REPORTED_SHARE = (0.3, 0.6, 0.9)
MONTHLY_REPORTS, QUARTERLY_REPORTS, ON_TIME_SHARE = 6, 2, 0.85
# fmt: on
