"""The rules added for real news and legal text (issue 12), each on its own: issuers named once,
dates with "-" and ".", d/m as a date or a fraction, phones, web addresses, negatives, units,
context senses, and the rule chain's explanation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from radio.reading import Normalizer
from radio.reading.lexicon import load_lexicon
from radio.reading.settings import ReadingSettings
from radio.reading.web import addresses

Read = Callable[[str], str]


@pytest.mark.parametrize(("text", "reading"), [
    # "của <issuer>" after the reference
    ("Quyết định số 45/QĐ-UBND ngày 3/4/2025 của UBND tỉnh",
     "Quyết định số bốn mươi lăm ngày ba tháng tư năm hai nghìn không trăm hai mươi lăm"
     " của Ủy ban nhân dân tỉnh"),
    # the issuer before the reference, and its division (HCC) goes with it
    ("UBND tỉnh ban hành văn bản số 2891/UBND-HCC về kiểm soát",
     "Ủy ban nhân dân tỉnh ban hành văn bản số hai nghìn tám trăm chín mươi mốt về kiểm soát"),
    # the reading, not the code, names it; "&" reads "và"
    ("Thông tư liên tịch số 19/2012/TTLT-BTC-BKH&ĐT ngày 15/02/2012 của Bộ Tài chính, Bộ Kế hoạch & đầu tư",
     "Thông tư liên tịch số mười chín năm hai nghìn không trăm mười hai ngày mười lăm tháng hai năm"
     " hai nghìn không trăm mười hai của Bộ Tài chính, Bộ Kế hoạch và đầu tư"),
    # a one-sense entry's cue: "Thủ tướng Phạm Minh Chính" names TTg
    ("Thủ tướng Phạm Minh Chính vừa ký Công điện số 158/CĐ-TTg về việc",
     "Thủ tướng Phạm Minh Chính vừa ký Công điện số một trăm năm mươi tám về việc"),
    # Bộ Chính trị names a TW document's issuer
    ("Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị",
     "Chỉ thị số ba mươi lăm ngày mười bốn tháng sáu năm hai nghìn không trăm hai mươi tư"
     " của Bộ Chính trị"),
])
def test_an_issuer_named_in_the_sentence_is_not_read_from_the_code(
        read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_an_issuer_is_read_when_the_sentence_does_not_name_it(read: Read) -> None:
    assert read("Quyết định 28/2014/QĐ-UBND mức chi") == (
        "Quyết định hai mươi tám năm hai nghìn không trăm mười bốn của Ủy ban nhân dân mức chi")
    # "Chính phủ" inside "Thủ tướng chính phủ" does not name the Government
    assert read("Nghị quyết 45/NQ-CP do Thủ tướng chính phủ ban hành") == (
        "Nghị quyết bốn mươi lăm của Chính phủ do Thủ tướng chính phủ ban hành")
    # another clause (after ";") names its own issuer only
    assert read("Nghị định số 48/2013/NĐ-CP sửa đổi; Nghị định số 63/2010/NĐ-CP của Chính phủ").startswith(
        "Nghị định số bốn mươi tám năm hai nghìn không trăm mười ba của Chính phủ sửa đổi;")


def test_spell_and_drop_keep_their_meaning() -> None:
    text = "Quyết định số 45/QĐ-UBND của UBND tỉnh"
    spell = Normalizer(ReadingSettings(codes="spell", lexicon=None)).read(text)
    drop = Normalizer(ReadingSettings(codes="drop", lexicon=None)).read(text)
    assert spell == "Quyết định số bốn mươi lăm, quy đê, u bê en dê của Ủy ban nhân dân tỉnh"
    assert drop == "Quyết định số bốn mươi lăm của Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(("text", "reading"), [
    ("Thông tư 13/2013/ TT- BYT", "Thông tư mười ba năm hai nghìn không trăm mười ba của Bộ Y tế"),
    ("Nghị quyết số 98/2023 của Quốc hội",
     "Nghị quyết số chín mươi tám năm hai nghìn không trăm hai mươi ba của Quốc hội"),
    ("theo TT36/2017", "theo thông tư ba mươi sáu năm hai nghìn không trăm mười bảy"),
    ("Văn bản hợp nhất 03/VBHN-VPQH", "Văn bản hợp nhất ba của Văn phòng Quốc hội"),
    ("Công văn 2231/SNV-CCHC&PC",
     "Công văn hai nghìn hai trăm ba mươi mốt của Sở Nội vụ, cải cách hành chính và Pháp chế"),
])
def test_reference_shapes_from_real_text(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("ngày 19-5", "ngày mười chín tháng năm"),
    ("Chiều 14.6, UBND", "Chiều mười bốn tháng sáu, Ủy ban nhân dân"),
    ("Quốc khánh 2-9", "Quốc khánh hai tháng chín"),
    ("dịp 30-4 và 1-5", "dịp ba mươi tháng tư và một tháng năm"),
    ("Ngày Quốc tế Phụ nữ 8.3", "Ngày Quốc tế Phụ nữ tám tháng ba"),
    ("tháng 8-2025", "tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("quý I-2020,", "quý một năm hai nghìn không trăm hai mươi,"),
    ("tháng 1.2022 tăng", "tháng một năm hai nghìn không trăm hai mươi hai tăng"),
])
def test_day_month_with_dash_or_dot_after_a_time_word(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("vùng núi 4-7 độ C", "vùng núi bốn đến bảy độ xê"),     # a unit follows: a range
    ("trong 3-4 ngày tới", "trong ba đến bốn ngày tới"),
    ("giai đoạn 2021-2025",
     "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("phiên bản 2.0", "phiên bản hai chấm không"),             # not a valid month
])
def test_dashes_and_dots_that_are_not_dates(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("dịp lễ 30/4", "dịp lễ ba mươi tháng tư"),
    ("Băng rôn 2/9 được treo", "Băng rôn hai tháng chín được treo"),
    ("(20/11)", "(hai mươi tháng mười một)"),
    ("từ 15/10", "từ ngày mười lăm tháng mười"),
    ("có tới 9/11 nhóm hàng", "có tới chín trên mười một nhóm hàng"),   # a counted word follows
    ("8/9 địa phương", "tám trên chín địa phương"),
    ("chiếm gần 1/4 cả nước", "chiếm gần một phần tư cả nước"),        # a share word precedes
    ("Ngày Quốc khánh 2/9 - 75 năm", "Ngày Quốc khánh hai tháng chín - bảy mươi lăm năm"),
])
def test_day_month_without_a_cue_is_a_date_unless_it_counts(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("gọi 1022", "gọi một không hai hai"),
    ("tổng đài dịch vụ công 1022 tỉnh", "tổng đài dịch vụ công một không hai hai tỉnh"),
    ("Tổng đài 1900 9095", "Tổng đài một chín không không, chín không chín năm"),
    ("đường dây nóng 1900.86.86.47", "đường dây nóng một chín không không, tám sáu, tám sáu, bốn bảy"),
    ("Bao gồm: 0383.5988800;", "Bao gồm: không ba tám ba, năm chín tám tám tám không không;"),
    ("đường dây nóng (02573).882288", "đường dây nóng không hai năm bảy ba, tám tám hai hai tám tám"),
    ("0255. 3822.456 - 3822.789",
     "không hai năm năm, ba tám hai hai, bốn năm sáu - ba tám hai hai, bảy tám chín"),
])
def test_phone_numbers_digit_by_digit_in_groups(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_a_dash_between_phone_numbers_is_a_list(read: Read) -> None:
    assert "đến" not in read("0255. 3822.456 - 3822.789")


@pytest.mark.parametrize(("text", "reading"), [
    ("dichvucong.gov.vn", "dịch vụ công chấm gờ o vê chấm vê en"),
    ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", "dịch vụ công chấm gờ o vê chấm vê en"),
    ("vanthu@quangngai.gov.vn", "văn thư a còng quảng ngãi chấm gờ o vê chấm vê en"),
    ("(Baonghean.vn)", "(báo nghệ an chấm vê en)"),
    ("0257.3882288@phuyen.gov.vn",
     "không hai năm bảy chấm ba tám tám hai hai tám tám a còng phú yên chấm gờ o vê chấm vê en"),
    ("www.abc.com", "vê kép vê kép vê kép chấm a bê xê chấm com"),
])
def test_web_and_mail_addresses(text: str, reading: str) -> None:
    assert addresses(text, load_lexicon()) == reading


def test_addresses_leave_other_dots_alone() -> None:
    assert addresses("TP.HCM, 1.000948.H38", load_lexicon()) == "TP.HCM, 1.000948.H38"


@pytest.mark.parametrize(("text", "reading"), [
    ("-3 độ C", "âm ba độ xê"),
    ("giảm -1,2%", "giảm âm một phẩy hai phần trăm"),
    ("(-2,62%)", "(âm hai phẩy sáu mươi hai phần trăm)"),
    ("Mẫu Sơn với -0,4 độ C.", "Mẫu Sơn với âm không phẩy bốn độ xê."),
    ("A Lăng Mai -Bí thư", "A Lăng Mai -Bí thư"),        # a dash before a word is not a sign
    ("10 -15 phút", "mười đến mười lăm phút"),             # between numbers: a range
])
def test_negative_numbers(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("Ảnh 4x6cm", "Ảnh bốn nhân sáu xăng ti mét"),
    ("120m2", "một trăm hai mươi mét vuông"),
    ("15.000đ/hồ sơ", "mười lăm nghìn đồng mỗi hồ sơ"),
    ("0,5%/tháng", "không phẩy năm phần trăm mỗi tháng"),
    ("2,6 %/ tháng", "hai phẩy sáu phần trăm mỗi tháng"),
    ("10.000đ/công/vụ", "mười nghìn đồng mỗi công mỗi vụ"),
    ("20,9triệu đồng", "hai mươi phẩy chín triệu đồng"),
    ("giảm13,9%", "giảm mười ba phẩy chín phần trăm"),
    ("10.200CV", "mười nghìn hai trăm mã lực"),
    ("vượt 14,8 điểm %", "vượt mười bốn phẩy tám điểm phần trăm"),
    ("½ ngày", "nửa ngày"),
    ("phục vụ 24/7", "phục vụ hai mươi tư trên bảy"),
])
def test_units_glued_to_numbers_and_per_unit_slashes(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("Công ty CP Môi trường", "Công ty cổ phần Môi trường"),
    ("Nghị quyết của CP", "Nghị quyết của Chính phủ"),
    ("khu vực NN có những bước phát triển", "khu vực nông nghiệp có những bước phát triển"),
    ("cơ quan NN", "cơ quan Nhà nước"),
    ("Sở TT-TT", "Sở Thông tin và Truyền thông"),
    ("Nay BTC xin thông báo", "Nay Ban tổ chức xin thông báo"),
    ("Thông tư của BTC về ngân sách", "Thông tư của Bộ Tài chính về ngân sách"),
    ("thành Cty cổ phần", "thành công ty cổ phần"),
])
def test_context_senses(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(("text", "reading"), [
    ("UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    ("TP HCM", "Thành phố Hồ Chí Minh"),
    ("TPHCM", "Thành phố Hồ Chí Minh"),
    ("TP.Tân An", "thành phố Tân An"),
    ("TX.Đức Phổ", "thị xã Đức Phổ"),
    ("Đội CSGT", "Đội Cảnh sát giao thông"),
    ("LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh"),
    ("Ảnh: TTXVN", "Ảnh: Thông tấn xã Việt Nam"),
    ("Phòng CSGT - PC08", "Phòng Cảnh sát giao thông - pê xê không tám"),
    ("chỉ số giá tiêu dùng CPI tháng này", "chỉ số giá tiêu dùng tháng này"),   # a pure echo
    ("3.200 USD", "ba nghìn hai trăm đô la Mỹ"),
])
def test_common_abbreviations(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading


def test_explain_names_the_rule_of_each_rewrite() -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    reading = normalizer.explain("Chiều 14.6, gọi 1022", steps=True)
    assert reading.text == "Chiều mười bốn tháng sáu, gọi một không hai hai"
    by_rule = {(step.rule, step.written) for step in reading.steps}
    assert ("day-month-dash", "14.6,") in by_rule
    assert ("phone-number", "1022") in by_rule
    assert normalizer.explain("Chiều 14.6").steps == ()  # only when asked for


def test_every_rule_has_a_name_and_a_documented_function() -> None:
    normalizer = Normalizer(ReadingSettings(codes="expand", lexicon=None))
    names = [rule.name for rule in normalizer.rules]
    assert len(names) == len(set(names))
    assert all(name and name == name.lower() for name in names)


@pytest.mark.parametrize(("text", "reading"), [
    ("TT 01/2023/TT-BNV", "thông tư một năm hai nghìn không trăm hai mươi ba của Bộ Nội vụ"),
    ("theo TT số 5", "theo thông tư số năm"),
    ("TT Y tế huyện", "trung tâm Y tế huyện"),
    ("CT UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("trực 24/24h", "trực hai mươi tư trên hai mươi tư giờ"),
])
def test_a_type_word_before_a_number_and_hours_fractions(read: Read, text: str, reading: str) -> None:
    assert read(text) == reading
