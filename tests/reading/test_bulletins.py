"""Issue 19: bulletins, commune notices, abbreviations in context and codes that keep a sentence's
meaning — each rule through the public `Normalizer.read`, and `explain` naming it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from radio.reading import Normalizer
from radio.reading.check import Case, problems
from radio.reading.lexicon import load_lexicon
from radio.reading.settings import ReadingSettings

Read = Callable[[str], str]


@pytest.mark.parametrize(("text", "said"), [
    ("mực nước dưới BĐ2 0,25m", "dưới báo động hai không phẩy hai mươi lăm mét"),
    ("vượt báo động (BĐ) 3 - cấp độ", "vượt báo động ba"),
    ("ở mức Báo động (BĐ)1;", "ở mức Báo động một;"),
    ("lên mức BĐ1-BĐ2;", "lên mức báo động một đến báo động hai;"),
])
def test_alarm_levels(read: Read, text: str, said: str) -> None:
    assert said in read(text)


@pytest.mark.parametrize(("text", "said"), [
    ("tại trạm Chuối là 3.25m", "ba phẩy hai mươi lăm mét"),
    ("động đất có độ lớn 4.7", "độ lớn bốn phẩy bảy"),
    ("có độ lớn 3.0 và 3.7 độ richter", "ba phẩy không và ba phẩy bảy độ richter"),
    ("Cách mạng công nghiệp lần thứ tư, công nghệ 2.0", "hai chấm không"),  # a version, not a measure
])
def test_a_dot_is_a_decimal_mark_in_measurements(read: Read, text: str, said: str) -> None:
    assert said in read(text)


@pytest.mark.parametrize(("text", "said"), [
    ("lưu lượng 1.327m3/s", "một nghìn ba trăm hai mươi bảy mét khối trên giây"),
    ("phổ biến 50-100mm/đợt", "năm mươi đến một trăm mi li mét mỗi đợt"),
    ("hỗ trợ 500.000 đồng/người/tháng", "năm trăm nghìn đồng mỗi người mỗi tháng"),
    ("tốc độ khoảng 2,5 hải lý/giờ", "hai phẩy năm hải lý một giờ"),
    ("tốc độ 75 - 100km/giờ", "bảy mươi lăm đến một trăm ki lô mét một giờ"),
    ("lượng mưa 100 mm/3 giờ", "một trăm mi li mét trong ba giờ"),
])
def test_per_unit_slashes(read: Read, text: str, said: str) -> None:
    assert said in read(text)


def test_every_lexicon_unit_takes_a_per_slash() -> None:
    """"5 <unit>/người" and "5 <unit>/ngày" leave no digit, slash or capital for the engine."""
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    bare = Case(text="", expect=())
    for unit in load_lexicon().units:
        for per in ("người", "ngày", "đợt"):
            reading = normalizer.read(f"mức 5 {unit}/{per}")
            assert not problems(reading, bare), (unit, per, reading)
            assert per in reading


@pytest.mark.parametrize(("text", "said", "not_said"), [
    ("tại 15.210 Vĩ Bắc-109.480 Kinh Đông", "mười lăm phẩy hai một không Vĩ Bắc", "đến"),
    ("tọa độ 14.847 độ vĩ Bắc, 108.251 độ kinh Đông", "mười bốn phẩy tám bốn bảy độ vĩ Bắc", "nghìn"),
    ("ở tọa độ 12°00'N – 109°43'E", "một trăm lẻ chín độ bốn mươi ba phút kinh đông", "đến"),
    ("khoảng 21,5-22,5 độ Vĩ Bắc; 106,4- 107,4 độ Kinh Đông",
     "hai mươi mốt phẩy năm đến hai mươi hai phẩy năm độ Vĩ Bắc", "nghìn"),
])
def test_coordinates(read: Read, text: str, said: str, not_said: str) -> None:
    reading = read(text)
    assert said in reading and not_said not in reading


def test_lists_are_not_ranges(read: Read) -> None:
    assert "đến" not in read("các trận động đất 4,1 - 3,8 - 3,6 độ richter")
    assert read("chờ 10 - 15 phút") == "chờ mười đến mười lăm phút"
    assert read("từ 14 - 16/11") == "từ ngày mười bốn đến ngày mười sáu tháng mười một"
    assert read("Từ 2-3/10, Hà Nội có mưa") == "Từ ngày hai đến ngày ba tháng mười, Hà Nội có mưa"
    assert read("Từ 18 đến 20-9 có mưa") == "Từ ngày mười tám đến ngày hai mươi tháng chín có mưa"
    assert "hai mươi ba tháng một năm hai nghìn không trăm hai mươi sáu" in read("(19 - 23/01/2026)")
    assert read("kỳ triều cường 11 - 15.3 và 27 - 31.3.") == (
        "kỳ triều cường ngày mười một đến ngày mười lăm tháng ba và ngày hai mươi bảy đến ngày ba mươi"
        " mốt tháng ba.")
    assert read("mực nước 1 - 2.5 m") == "mực nước một đến hai phẩy năm mét"  # metres, not a date


@pytest.mark.parametrize(("text", "said"), [
    ("lúc 9h0 sáng", "lúc chín giờ sáng"),
    ("lúc 14h8 chiều", "lúc mười bốn giờ tám phút chiều"),
    ("vào lúc 6h50p ngày", "vào lúc sáu giờ năm mươi phút ngày"),
    ("Từ 07 giờ 00 phút đến 11 giờ 00 phút", "Từ bảy giờ đến mười một giờ"),
    ("lúc 04 giờ 00 phút 58 giây", "lúc bốn giờ không phút năm mươi tám giây"),
    ("Hạn nộp hồ sơ là ngày 05.11.", "Hạn nộp hồ sơ là ngày năm tháng mười một."),
    ("lúc 18 giờ 12 phút ngày 24 và 26-4", "ngày hai mươi tư và hai mươi sáu tháng tư"),
    ("trẻ từ 1-5 tuổi", "trẻ từ một đến năm tuổi"),
    ("đã thông xe 1/7 vị trí", "một trên bảy vị trí"),
    ("sau tiêm phòng đại trà đợt 1/2019", "đợt một năm hai nghìn không trăm mười chín"),
    ("(Ngày đăng: 19/10/2018)", "(Ngày đăng: mười chín tháng mười năm hai nghìn không trăm mười tám)"),
])
def test_times_and_dates(read: Read, text: str, said: str) -> None:
    assert said in read(text)


@pytest.mark.parametrize(("text", "said"), [
    ("PV ghi nhận tại TDP 3, KP5 phường An Hòa", "phóng viên ghi nhận tại tổ dân phố ba, khu phố năm"),
    ("lực lượng PCCC và CNCH", "phòng cháy chữa cháy và cứu nạn, cứu hộ"),
    ("các ổ dịch SXH", "các ổ dịch sốt xuất huyết"),
    ("Sở NN&MT tỉnh", "Sở Nông nghiệp và Môi trường tỉnh"),
    ("Sở NN-MT tỉnh", "Sở Nông nghiệp và Môi trường tỉnh"),
    ("nộp tại TTPVHCC xã", "Trung tâm Phục vụ hành chính công xã"),
    ("tàu cá QNg 95046 TS cùng 17 thuyền viên", "tàu cá Quảng Ngãi chín năm không bốn sáu tê ét cùng"),
    ("Sắc lệnh số 76/SL ngày 20/5/1950", "Sắc lệnh số bảy mươi sáu ngày hai mươi tháng năm"),
    ("bão YAGI (bão số 3)", "bão Yagi (bão số ba)"),
    ("Cục C06 lưu ý", "Cục xê không sáu lưu ý"),
    ("vượt mức báo động III (1,50 m)", "vượt mức báo động ba (một phẩy năm mươi mét)"),
    ("ranh mặn 4g/l vào sâu 50 km", "ranh mặn bốn gam trên lít"),
    ("triều cường rằm tháng 8 âl", "rằm tháng tám âm lịch"),
    ("các TBA cấp nguồn từ lưới 35kV", "các trạm biến áp cấp nguồn từ lưới ba mươi lăm ki lô vôn"),
])
def test_abbreviations_in_context(read: Read, text: str, said: str) -> None:
    reading = read(text)
    assert said in reading
    assert "tiến sĩ" not in reading and "sao lục" not in reading


@pytest.mark.parametrize(("text", "said"), [
    ("Quyết định số 52b/QĐ-UBND ngày 3/4/2024 của UBND xã", "Quyết định số năm mươi hai bê ngày"),
    ("Công điện 2509/CĐ-CHHVN do Cục Hàng hải Việt Nam điện", "Công điện hai nghìn năm trăm lẻ chín do"),
    ("tại Km156+750 đường Hồ Chí Minh", "tại ki lô mét một trăm năm mươi sáu cộng bảy trăm năm mươi"),
    ("sạt lở km12+300", "ki lô mét mười hai cộng ba trăm"),
    ("đoạn từ Km 42-Km 46", "đoạn từ ki lô mét bốn mươi hai đến ki lô mét bốn mươi sáu"),
    ("diện tích 45 km2", "bốn mươi lăm ki lô mét vuông"),
    ("hướng dẫn của Chi cục Chăn nuôi và Thú y tại văn bản số 130/CNTY-QLDB ngày 22/4/2019",
     "văn bản số một trăm ba mươi ngày hai mươi hai tháng tư"),
])
def test_codes_and_chainage(read: Read, text: str, said: str) -> None:
    assert said in read(text)


def test_a_code_never_becomes_the_subject_of_its_clause(read: Read) -> None:
    reading = read("Để Nghị định số 118/2025/NĐ-CP được thực hiện thống nhất")
    assert "hai mươi lăm, Chính phủ" not in reading
    assert reading == ("Để Nghị định số một trăm mười tám năm hai nghìn không trăm hai mươi lăm của "
                       "Chính phủ được thực hiện thống nhất")
    assert read("Nghị quyết số 57-NQ/TW") == "Nghị quyết số năm mươi bảy của Trung ương"
    assert read("Nghị quyết số 57-NQ/TW của Bộ Chính trị") == "Nghị quyết số năm mươi bảy của Bộ Chính trị"


def test_an_acronym_after_a_naming_phrase_is_said_as_it_is_known(read: Read) -> None:
    reading = read("Chỉ số cải cách hành chính (PAR INDEX), gọi tắt là PAR INDEX")
    assert reading == "Chỉ số cải cách hành chính, gọi tắt là Pa In-đếch"
    assert read("cải cách hành chính, viết tắt là CCHC") == "cải cách hành chính, viết tắt là xê xê hát xê"
    assert read("Chỉ số PAR INDEX của tỉnh") == "Chỉ số cải cách hành chính của tỉnh"


def test_leading_zeros_kept_where_the_name_has_them(read: Read) -> None:
    assert read("thực hiện Đề án 06") == "thực hiện Đề án không sáu"
    assert read("Tổ đề án 06 xã") == "Tổ đề án không sáu xã"
    assert read("trong 06 tháng") == "trong sáu tháng"


@pytest.mark.parametrize(("text", "rule"), [
    ("BĐ2", "alarm-level"), ("3.25m", "number-and-unit"), ("2,5 hải lý/giờ", "per-unit"),
    ("15.210 Vĩ Bắc", "coordinates"), ("4,1 - 3,8 - 3,6", "number-list"), ("14 - 16/11", "day-range"),
    ("QNg 95046 TS", "boat-registration"), ("bão YAGI", "storm-name"), ("Km156+750", "chainage"),
    ("gọi tắt là PAR INDEX", "acronym-as-known"), ("Đề án 06", "named-number"),
    ("100 mm/3 giờ", "per-duration"),
])
def test_new_rules_name_themselves_in_explain(text: str, rule: str) -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    steps = normalizer.explain(text, steps=True).steps
    assert rule in {step.rule for step in steps}, steps
