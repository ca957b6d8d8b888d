"""Each reading rule on its own, through the public `Normalizer.read`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from radio.reading import Normalizer
from radio.reading.settings import ReadingSettings

Read = Callable[[str], str]


def test_issue_examples(read: Read) -> None:
    assert read("Quyết định số 1512/QĐ-UBND ngày 03/8/2023 của UBND tỉnh").startswith(
        "Quyết định số một nghìn năm trăm mười hai")
    assert read("Quyết định số 1512/QĐ-UBND ngày 03/8/2023 của UBND tỉnh").endswith(
        "ngày ba tháng tám năm hai nghìn không trăm hai mươi ba của Ủy ban nhân dân tỉnh")
    assert read("Tỷ lệ hồ sơ trực tuyến đạt 87,3% trong Quý III/2023") == (
        "Tỷ lệ hồ sơ trực tuyến đạt tám mươi bảy phẩy ba phần trăm trong Quý ba năm hai nghìn"
        " không trăm hai mươi ba")
    assert read("Tiếp dân từ Thứ 3 - Thứ 5, từ 7h15 đến 10h") == (
        "Tiếp dân từ Thứ ba đến Thứ năm, từ bảy giờ mười lăm đến mười giờ")
    assert read("Tiếp nhận 1.250 hồ sơ TTHC tại BPMC") == (
        "Tiếp nhận một nghìn hai trăm năm mươi hồ sơ thủ tục hành chính tại bộ phận một cửa")


@pytest.mark.parametrize(("codes", "reading"), [
    ("expand", "Nghị định số bốn mươi lăm năm hai nghìn không trăm hai mươi của Chính phủ ngày"),
    ("drop", "Nghị định số bốn mươi lăm năm hai nghìn không trăm hai mươi ngày"),
    ("spell", "Nghị định số bốn mươi lăm năm hai nghìn không trăm hai mươi, en đê, xê pê ngày"),
])
def test_reference_with_year_in_each_code_setting(codes: str, reading: str) -> None:
    normalizer = Normalizer(ReadingSettings(codes=codes, lexicon=None))
    assert normalizer.read("Nghị định số 45/2020/NĐ-CP ngày 08/4/2020").startswith(reading)


def test_reference_shapes(read: Read) -> None:
    assert read("Nghị quyết số 27-NQ/TW") == "Nghị quyết số hai mươi bảy của Trung ương"
    assert read("theo 1512/QĐ-UBND") == "theo một nghìn năm trăm mười hai, quyết định của Ủy ban nhân dân"
    assert read("Thông tư 39/2020/TT-BTTTT") == (
        "Thông tư ba mươi chín năm hai nghìn không trăm hai mươi của Bộ Thông tin và Truyền thông")
    assert read("Luật số 77/2015/QH13") == (
        "Luật số bảy mươi bảy năm hai nghìn không trăm mười lăm của Quốc hội khóa mười ba")


def test_tu_is_thi_uy_or_tinh_uy_by_context(read: Read) -> None:
    assert read("Kế hoạch số 88-KH/TU ngày 19/12/2023 tại Đức Phổ, thị xã").startswith(
        "Kế hoạch số tám mươi tám của Thị ủy ngày")
    assert read("Nghị quyết số 04-NQ/TU ngày 18/10/2021 về phát triển tỉnh").startswith(
        "Nghị quyết số bốn của Tỉnh ủy ngày")
    assert read("Chương trình 06-CTr/TU về phát triển thành phố").startswith(
        "Chương trình sáu của Thành ủy")


def test_ct_is_chi_thi_in_a_code_and_chu_tich_alone(read: Read) -> None:
    assert read("Chỉ thị 16-CT/TU") == "Chỉ thị mười sáu của Tỉnh ủy"
    assert read("theo 23/CT-TTg") == "theo hai mươi ba, chỉ thị của Thủ tướng Chính phủ"
    assert read("CT, các PCT UBND thị xã") == "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân thị xã"


def test_hd_is_contract_or_council_by_context(read: Read) -> None:
    assert read("ký HĐ lao động") == "ký hợp đồng lao động"
    assert read("HĐ thi đua khen thưởng") == "hội đồng thi đua khen thưởng"


def test_unknown_code_parts_are_spelled(read: Read) -> None:
    assert read("Công văn 12/UBND-QWZ") == "Công văn mười hai của Ủy ban nhân dân, quy vê kép dét"


@pytest.mark.parametrize(("text", "reading"), [
    ("ngày 03/8/2023", "ngày ba tháng tám năm hai nghìn không trăm hai mươi ba"),
    ("trước 15/12/2024", "trước ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("Ngày 26/4/2023", "Ngày hai mươi sáu tháng tư năm hai nghìn không trăm hai mươi ba"),
    ("ngày 20-12-2021", "ngày hai mươi tháng mười hai năm hai nghìn không trăm hai mươi mốt"),
    ("tháng 8/2023", "tháng tám năm hai nghìn không trăm hai mươi ba"),
    ("đến 8/2023", "đến tháng tám năm hai nghìn không trăm hai mươi ba"),
    ("Quý I/2024", "Quý một năm hai nghìn không trăm hai mươi tư"),
    ("quý 3/2023", "quý ba năm hai nghìn không trăm hai mươi ba"),
    ("giai đoạn 2019-2023", "giai đoạn hai nghìn không trăm mười chín đến hai nghìn không trăm hai mươi ba"),
    ("từ 20/5 đến 25/5", "từ ngày hai mươi tháng năm đến ngày hai mươi lăm tháng năm"),
    ("từ ngày 20 - 25/5/2024",
     "từ ngày hai mươi đến ngày hai mươi lăm tháng năm năm hai nghìn không trăm hai mươi tư"),
])
def test_dates_never_say_ngay_twice(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading
    assert "ngày ngày" not in read(text).lower()


def test_day_month_without_context_is_a_fraction(read: Read) -> None:
    assert read("phục vụ 24/7") == "phục vụ hai mươi tư trên bảy"
    assert read("15/15 xã") == "mười lăm trên mười lăm xã"
    assert read("đạt 89,25/100 điểm") == "đạt tám mươi chín phẩy hai mươi lăm trên một trăm điểm"


@pytest.mark.parametrize(("text", "reading"), [
    ("12.345 hồ sơ", "mười hai nghìn ba trăm bốn mươi lăm hồ sơ"),
    ("98,5%", "chín mươi tám phẩy năm phần trăm"),
    ("0,5 %", "không phẩy năm phần trăm"),
    ("304 hộ", "ba trăm lẻ bốn hộ"),
    ("03 lớp", "ba lớp"),
    ("02 nhóm", "hai nhóm"),
    ("1,2 tỷ đồng", "một phẩy hai tỷ đồng"),
    ("500.000đ", "năm trăm nghìn đồng"),
    ("372,5 km2", "ba trăm bảy mươi hai phẩy năm ki lô mét vuông"),
    ("300 ha", "ba trăm héc ta"),
    ("400 người/km2", "bốn trăm người mỗi ki lô mét vuông"),
    ("65,8 triệu đồng/người/năm", "sáu mươi lăm phẩy tám triệu đồng mỗi người mỗi năm"),
    ("cách mạng 4.0", "cách mạng bốn chấm không"),
    ("tiêu chí 1.2", "tiêu chí một chấm hai"),
])
def test_numbers_and_units(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("thứ 4", "thứ tư"),
    ("tháng 4", "tháng tư"),
    ("tháng 02", "tháng hai"),
    ("lần thứ 1", "lần thứ nhất"),
    ("Thứ 7", "Thứ bảy"),
    ("thứ 2, thứ 4", "thứ hai, thứ tư"),
])
def test_ordinals_and_months(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("10 - 15 phút", "mười đến mười lăm phút"),
    ("8 - 10 giờ", "tám đến mười giờ"),
    ("Thứ 3 - Thứ 5", "Thứ ba đến Thứ năm"),
    ("Thứ Hai - Thứ Sáu", "Thứ Hai đến Thứ Sáu"),
    ("5h30 - 6h30", "năm giờ ba mươi đến sáu giờ ba mươi"),
    ("quý II - III", "quý hai đến ba"),
])
def test_ranges(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_dashes_between_words_are_not_ranges(read: Read) -> None:
    text = "Đăng ký khai sinh - Đăng ký thường trú - Cấp thẻ Bảo hiểm y tế"
    assert read(text) == text
    name = "Trung tâm Truyền thông – Văn hóa – Thể thao"
    assert read(name) == name
    assert "đến" not in read("KT-XH")


@pytest.mark.parametrize(("text", "reading"), [
    ("14h15", "mười bốn giờ mười lăm"),
    ("9h", "chín giờ"),
    ("17h00", "mười bảy giờ"),
    ("07:45", "bảy giờ bốn mươi lăm"),
    ("13:30", "mười ba giờ ba mươi"),
    ("7h05", "bảy giờ năm phút"),
])
def test_times(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("0255.3822.123", "không hai năm năm, ba tám hai hai, một hai ba"),
    ("0914 123 456", "không chín một bốn, một hai ba, bốn năm sáu"),
    ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("1900 9090", "một chín không không, chín không chín không"),
    ("Tổng đài 1022", "Tổng đài một không hai hai"),
    ("đường dây nóng: 113", "đường dây nóng: một một ba"),
])
def test_phone_numbers_digit_by_digit_in_groups(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("Tỉnh ủy khoá XX", "Tỉnh ủy khoá hai mươi"),
    ("Trong quý II, III năm 2024", "Trong quý hai, ba năm hai nghìn không trăm hai mươi tư"),
    ("Chương IV, Mục 2", "Chương bốn, Mục hai"),
    ("Phần I", "Phần một"),
    ("kỳ II", "kỳ hai"),
    ("lần thứ XIII", "lần thứ mười ba"),
    ("đô thị loại IV", "đô thị loại bốn"),
    ("II. NỘI DUNG", "hai. nội dung"),
])
def test_roman_numerals(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_roman_letters_elsewhere_are_left_alone(read: Read) -> None:
    assert read("Khối C") == "Khối C"
    assert read("ông Nguyễn Văn A") == "ông Nguyễn Văn A"


@pytest.mark.parametrize(("text", "reading"), [
    ("CCHC", "cải cách hành chính"),
    ("CBCCVC", "cán bộ, công chức, viên chức"),
    ("KT-XH", "kinh tế - xã hội"),
    ("VH&TT", "Văn hóa và Thông tin"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("PAR INDEX", "chỉ số cải cách hành chính"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("VNeID", "vê en e ai đi"),
    ("Covid-19", "cô vít mười chín"),
])
def test_lexicon_words(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_echoed_expansions_are_said_once(read: Read) -> None:
    assert read("thủ tục hành chính (TTHC)") == "thủ tục hành chính"
    assert read("Chỉ số PAPI") == "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh"
    assert read("Chỉ số CCHC (PAR INDEX)") == "Chỉ số cải cách hành chính"


def test_unknown_capitals_are_spelled_and_capital_words_lowered() -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    reading = normalizer.explain("BCCI và H5N1 trong KẾ HOẠCH")
    assert reading.text == "bê xê xê i và hát năm en một trong kế hoạch"
    assert reading.spelled == ("BCCI", "H5N1")


def test_nfc_and_both_tone_placements(read: Read) -> None:
    decomposed = "Ho\u0061\u0300 Thu\u0079\u0309"  # NFD: "Hoà Thuỷ" as some editors paste it
    assert read(decomposed) == "Hoà Thuỷ"
    assert read("Thuỷ") == "Thuỷ"  # the writer's spelling is kept


def test_a_line_stays_one_line(read: Read) -> None:
    assert read("UBND\ttỉnh   Quảng Ngãi ") == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert read("") == ""


def test_symbols(read: Read) -> None:
    assert read("xã/phường") == "xã, phường"
    assert read("trước ngày 25/11/2024./.") == (
        "trước ngày hai mươi lăm tháng mười một năm hai nghìn không trăm hai mươi tư.")
    assert read("Đ/c Hùng") == "đồng chí Hùng"


def test_more_shapes_seen_in_real_documents(read: Read) -> None:
    assert read("(0255) 3859 123") == "không hai năm năm, ba tám năm chín, một hai ba"
    assert read("từ 7 giờ 00 đến 11 giờ 30") == "từ bảy giờ đến mười một giờ ba mươi"
    assert read("1.234/1.500 hồ sơ") == "một nghìn hai trăm ba mươi tư trên một nghìn năm trăm hồ sơ"
    assert read("Tuyến QL1A") == "Tuyến quốc lộ một a"
    assert read("Mã số thuế 4300123456") == "Mã số thuế bốn ba không không một hai ba bốn năm sáu"
    assert read("150.000.000 đồng") == "một trăm năm mươi triệu đồng"


@pytest.mark.parametrize(("text", "reading"), [
    ("Tổ 1A, Tổ 2B", "Tổ một a, Tổ hai bê"),
    ("Quốc lộ 1A", "Quốc lộ một a"),
    ("mạng 4G", "mạng bốn giê"),
    ("500.000đ, 3ha", "năm trăm nghìn đồng, ba héc ta"),  # units glued to the number still read
])
def test_numbers_glued_to_letters_are_spelled_whole(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("phạt tiền từ 500.000 đồng - 1.000.000 đồng",
     "phạt tiền từ năm trăm nghìn đồng đến một triệu đồng"),
    ("từ 10 triệu đồng - 20 triệu đồng", "từ mười triệu đồng đến hai mươi triệu đồng"),
    ("3 ngày – 5 ngày làm việc", "ba ngày đến năm ngày làm việc"),
    ("3 xã - 2 phường", "ba xã - hai phường"),  # different words: a list, not a range
])
def test_a_dash_between_amounts_of_one_unit_is_a_range(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_a_dash_before_a_date_word_is_a_range_only_when_a_number_follows(read: Read) -> None:
    assert read("từ năm 2021 - năm 2025") == (
        "từ năm hai nghìn không trăm hai mươi mốt đến năm hai nghìn không trăm hai mươi lăm")
    assert read("Năm 2022 - năm Chuyển đổi số quốc gia") == (
        "Năm hai nghìn không trăm hai mươi hai - năm Chuyển đổi số quốc gia")


def test_an_echo_in_the_other_tone_placement_is_said_once(read: Read) -> None:
    assert read("Phòng Văn hoá và Thông tin (VH&TT) thị xã") == "Phòng Văn hoá và Thông tin thị xã"


def test_an_abbreviations_full_stop_is_not_a_sentence_end(read: Read) -> None:
    assert read("TP. Quảng Ngãi và TX. Đức Phổ") == "thành phố Quảng Ngãi và thị xã Đức Phổ"
    assert read("Trung tâm Phục vụ HCC tỉnh") == "Trung tâm Phục vụ hành chính công tỉnh"
