"""The 11 content areas of section II of the 2024 CCHC propaganda plan."""

from __future__ import annotations

from dataclasses import dataclass

from radio.core.errors import RadioError


@dataclass(frozen=True)
class Topic:
    id: int      # item number in plan section II
    title: str   # heading for tables, script.md and the database
    spoken: str  # short phrase the greeting reads out ("… mời quý vị cùng tìm hiểu: …")


TOPICS: tuple[Topic, ...] = (
    Topic(1, "Chủ trương, chính sách về CCHC; trách nhiệm người đứng đầu",
          "chủ trương của Đảng, chính sách của Nhà nước về cải cách hành chính"),
    Topic(2, "Tầm quan trọng, ý nghĩa, mục tiêu của CCHC; căn cứ thực hiện",
          "vì sao cải cách hành chính quan trọng với mỗi người dân"),
    Topic(3, "Kết quả, thành tựu CCHC; các chỉ số PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI",
          "các chỉ số đo lường cải cách hành chính và ý kiến của người dân"),
    Topic(4, "Kế hoạch CCHC và chuyển đổi số của thị xã",
          "kế hoạch cải cách hành chính và chuyển đổi số của thị xã"),
    Topic(5, "Cải cách thủ tục hành chính; một cửa, dịch vụ công trực tuyến",
          "bộ phận một cửa và dịch vụ công trực tuyến"),
    Topic(6, "Chính phủ điện tử, chính phủ số; 02 nhóm TTHC liên thông; "
             "thanh toán không dùng tiền mặt",
          "thủ tục liên thông, định danh điện tử và thanh toán không dùng tiền mặt"),
    Topic(7, "Phân cấp, phân quyền trong quản lý nhà nước (Nghị quyết 04/NQ-CP)",
          "phân cấp, phân quyền trong quản lý nhà nước"),
    Topic(8, "Cải cách tổ chức bộ máy, chế độ công vụ",
          "cải cách tổ chức bộ máy và văn hóa công vụ"),
    Topic(9, "Phân cấp quản lý tài chính, tài sản công; tự chủ đơn vị sự nghiệp công lập",
          "quản lý tài chính công và tự chủ của đơn vị sự nghiệp công lập"),
    Topic(10, "Mô hình thí điểm, điển hình trong thực hiện CCHC",
          "những mô hình hay, cách làm tốt trong cải cách hành chính"),
    Topic(11, "Công khai đường dây nóng tiếp nhận phản ánh, kiến nghị",
          "đường dây nóng tiếp nhận phản ánh, kiến nghị"),
)

TOPIC_IDS: tuple[int, ...] = tuple(topic.id for topic in TOPICS)

# Item II.11 (the hotline) is in every programme's fixed hotline segment, so it is covered every
# month; the year plan spreads items 1–10 over the programmes.
HOTLINE_TOPIC = 11


def topic(topic_id: int) -> Topic:
    return TOPICS[topic_id - 1]


def check_topic_id(value: object, where: str) -> int:
    """A topic id from user input, or a RadioError naming where it came from."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in TOPIC_IDS:
        raise RadioError(
            f"{where}: {value!r} is not a content area; use a number from 1 to 11 "
            "(the items of section II of the plan, see `radio plan`)")
    return value
