from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from radio.content.facts import load_register
from radio.content.plan import plan_in_force
from radio.content.template import SHIPPED_DIR, Template, load_template, parse_template
from radio.core.errors import RadioError

# Document references of the 2024 plan's section II, exactly as the plan writes them, per area.
REFERENCES: dict[int, tuple[str, ...]] = {
    2: ("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "Chỉ thị số 23/CT-TTg ngày 02/9/2021",
        "Quyết định số 2074/QĐ-UBND ngày 20/12/2021", "Quyết định số 1879/QĐ-UBND ngày 15/12/2023",
        "Nghị quyết số 04-NQ/TU ngày 18/10/2021", "Nghị quyết số 93/NQ-HĐND ngày 08/12/2021",
        "Nghị quyết số 13-NQ/TU ngày 06/9/2023"),
    3: ("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "PAR INDEX", "SIPAS", "PAPI", "PCI", "DDCI",
        "DTI"),
    4: ("Quyết định số 14147/QĐ-UBND ngày 29/12/2021", "Quyết định số 8353/QĐ-UBND ngày 29/12/2023",
        "Chỉ thị số 16-CT/TU ngày 26/4/2023", "Kế hoạch số 158-KH/TU ngày 19/12/2023",
        "Nghị quyết số 13-NQ/TU ngày 06/9/2023", "Kế hoạch số 3916/KH-UBND ngày 31/12/2020",
        "Kế hoạch số 14/KH-UBND ngày 25/01/2024", "Kế hoạch số 16/KH-UBND ngày 25/01/2024"),
    5: ("Nghị quyết số 131/NQ-CP ngày 06/10/2022", "một cửa", "Cổng Dịch vụ công quốc gia"),
    6: ("Đăng ký khai sinh - Đăng ký thường trú - Cấp thẻ Bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "Đăng ký khai tử - Xóa đăng ký thường trú - Trợ cấp mai táng phí",
        "Đề án phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
        "không dùng tiền mặt", "người có công"),
    7: ("Nghị quyết số 04/NQ-CP ngày 10/01/2022",),
    8: ("Nghị quyết số 39-NQ/TW ngày 17/4/2015", "Đề án vị trí việc làm", "văn hóa công vụ"),
    9: ("giai đoạn 2017-2025", "tài sản công", "tự chủ tài chính"),
    10: ("thí điểm",),
    11: ("đường dây nóng", "${hotline}"),
}

FIGURES = ("ky_bao_cao", "ho_so_tiep_nhan", "ho_so_dung_han_ty_le", "ho_so_truc_tuyen_ty_le",
           "lien_thong_ho_so", "vneid_muc_2", "par_index_nam", "par_index_diem", "khao_sat_ty_le",
           "par_index_xep_hang", "sipas_nam", "sipas_xep_hang", "ke_hoach_cchc_2026")
# The 2026 plan's references, as issued, per area (only those research-13 marks CONFIRMED).
REFERENCES_2026: dict[int, tuple[str, ...]] = {
    1: ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025",
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017", "chính quyền địa phương 02 cấp"),
    2: ("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "Chương trình tổng thể"),
    3: ("PAR INDEX", "SIPAS", "PAPI", "PCI", "DTI"),
    4: ("Nghị quyết số 57-NQ/TW ngày 22/12/2024", "Nghị quyết số 03/NQ-CP ngày 09/01/2025"),
    5: ("Nghị định số 118/2025/NĐ-CP ngày 09/6/2025", "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025",
        "một cửa liên thông", "${one_stop}"),
    6: ("Quyết định số 06/QĐ-TTg ngày 06/01/2022", "Đề án 06", "VNeID", "không dùng tiền mặt",
        "${portal}"),
    7: ("28 nghị định", "phân định thẩm quyền", "01/7/2025"),
    8: ("Nghị quyết số 18-NQ/TW ngày 25/10/2017", "văn hóa công vụ"),
    9: ("tài chính công", "tài sản công"),
    10: ("${local_units}",),
    11: ("${hotline}", "${portal}", "${one_stop}"),
}
# Every document number a 2026 template may cite: research-13 found each in a public source.
CONFIRMED_2026 = {
    "72/2025/QH15", "202/2025/QH15", "1677/NQ-UBTVQH15", "18-NQ/TW", "76/NQ-CP", "57-NQ/TW",
    "03/NQ-CP", "118/2025/NĐ-CP", "03/2025/TT-VPCP", "06/QĐ-TTg", "393/QĐ-UBND", "1546/QĐ-UBND",
    "49/2024/NĐ-CP"}
_DOCUMENT_NUMBER = re.compile(r"\b\d+(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐ0-9]*(?:[-/][A-ZĐ][A-Za-zĐ0-9]*)*")

PLANS = {year: plan_in_force(year).plan for year in (2024, 2026)}
TOPIC_IDS = PLANS[2024].area_ids
TOPIC_FILES = [f"{plan.templates}/topic-{area:02d}.md" for plan in PLANS.values()
               for area in plan.area_ids]
FRAME_FILES = ["greeting.md", "news.md", "qa.md", "hotline.md", "closing.md"]

# Who and where come from the month's identity; a template names no unit (issue 13).
IDENTITY = ("program_name", "centre", "area", "area_kind", "local_units", "one_stop", "province",
            "hotline", "portal")
UNIT_NAMES = ("thị xã", "Đức Phổ", "Quảng Ngãi", "Nguyễn Nghiêm", "Trà Câu", "Sa Huỳnh",
              "Khánh Cường", "Phổ An", "Phổ Phong", "Phổ Thuận", "Phổ Văn", "Phổ Quang", "Phổ Nhơn",
              "Phổ Ninh", "Phổ Minh", "Phổ Vinh", "Phổ Hòa", "Phổ Cường", "Phổ Khánh", "Phổ Thạnh",
              "Phổ Châu")
# Bodies and documents of the town, which ended on 01/7/2025: never in a 2026 template.
GONE_IN_2026 = ("Bộ phận Một cửa của", "Thị ủy", "lên huyện", "Phòng Văn hóa và Thông tin",
                "Phòng Tư pháp", "Phòng Nội vụ", "14147/", "8353/", "3916/", "2074/", "năm 2026")
VARIABLES = {name: f"<{name}>" for name in (
    *IDENTITY, "month", "year", "month_name", "next_month_name", "next_year", "topic_list", "preview",
    *FIGURES, *load_register().variables(date(2025, 10, 1)))}


def _whole_text(name: str) -> str:
    template = load_template(name)
    parts = [template.render(template.core, VARIABLES)]
    parts += [template.render(block.lines, VARIABLES) for block in template.blocks]
    return "\n\n".join(parts)


def _words(template: Template, lines: tuple[tuple[int, str], ...]) -> int:
    return len(template.render(lines, VARIABLES).split())


def _raw(name: str) -> str:
    """The file as written, comments included, lines joined (text may wrap anywhere)."""
    return " ".join((SHIPPED_DIR / name).read_text(encoding="utf-8").split())


def _spoken(name: str) -> str:
    """The file without its comments (which are never read on air), lines joined."""
    return re.sub(r"<!--.*?-->", " ", _raw(name))


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_every_topic_renders_core_and_optional_material(name: str) -> None:
    template = load_template(name)
    assert template.render_title(VARIABLES)
    assert 120 <= _words(template, template.core) <= 200, "core text: about 120-200 words"
    kinds = {block.kind for block in template.blocks}
    assert {"extra", "qa", "story"} <= kinds
    # every optional block is offered once the month defines the figures it needs
    assert template.offered(VARIABLES) == template.blocks
    assert "${" not in _whole_text(name)


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_every_topic_has_enough_optional_material_for_a_year(name: str) -> None:
    # A 12.5-minute programme uses about 8 optional blocks of each of its 3 topics, and a topic
    # airs 3-4 times a year: at least 24 blocks keep two airings from sharing 30% (issue 13).
    template = load_template(name)
    assert len(template.blocks) >= 24
    for block in template.blocks:
        assert 40 <= _words(template, block.lines) <= 120, f"{name}:{block.line}: 40-120 words"
    titles = [block.title for block in template.blocks]
    assert len(set(titles)) == len(titles), "each block has its own subject"


@pytest.mark.parametrize("topic_id", sorted(REFERENCES))
def test_topics_cite_the_plan_exactly(topic_id: int) -> None:
    text = _raw(f"plan-2024/topic-{topic_id:02d}.md")  # references may wrap across lines
    for reference in REFERENCES[topic_id]:
        assert reference in text, f"topic {topic_id} lacks {reference!r}"


@pytest.mark.parametrize("topic_id", sorted(REFERENCES_2026))
def test_2026_topics_cite_their_basis_and_only_confirmed_documents(topic_id: int) -> None:
    name = f"plan-2026/topic-{topic_id:02d}.md"
    text = _spoken(name)
    for reference in REFERENCES_2026[topic_id]:
        assert reference in text, f"{name} lacks {reference!r}"
    assert set(_DOCUMENT_NUMBER.findall(text)) <= CONFIRMED_2026
    for gone in GONE_IN_2026:
        assert gone not in text, f"{name} speaks of {gone!r}, gone in 2026"


@pytest.mark.parametrize("name", FRAME_FILES + TOPIC_FILES)
def test_no_template_names_a_unit(name: str) -> None:
    text = _raw(name)
    assert "${town}" not in text
    for unit in UNIT_NAMES:
        assert unit.casefold() not in text.casefold(), f"{name} names {unit!r}: use a variable"


@pytest.mark.parametrize("name", ["greeting.md", "hotline.md", "closing.md"])
def test_frame_templates_render(name: str) -> None:
    template = load_template(name)
    text = template.render(template.core, VARIABLES)
    assert text and "${" not in text
    if name == "hotline.md":
        assert text.count("<hotline>") == 2  # the number is said twice


def test_missing_variable_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "topic-05.md"
    path.write_text("<!-- a\ncomment -->\n# Title\n\nFirst line.\nSecond ${khong_co} line.\n",
                    encoding="utf-8")
    template = load_template("topic-05.md", tmp_path)
    with pytest.raises(RadioError, match=rf"{path}:6: variable \$\{{khong_co\}} is not defined"):
        template.render(template.core, VARIABLES)


def test_unclosed_variable_and_bad_heading_name_the_line(tmp_path: Path) -> None:
    unclosed = parse_template("# T\nText ${area and more\n", tmp_path / "a.md")
    with pytest.raises(RadioError, match=r"a\.md:2: '\$\{' without a closing"):
        unclosed.render(unclosed.core, VARIABLES)
    with pytest.raises(RadioError, match=r"b\.md:4: '## tip: x' is not a block heading"):
        parse_template("# T\ncore\n\n## tip: x\ntext\n", tmp_path / "b.md")
    with pytest.raises(RadioError, match=r"c\.md:3: a qa block needs"):
        parse_template("# T\ncore\n## qa: x\nOnly a question?\n", tmp_path / "c.md")
    with pytest.raises(RadioError, match=r"d\.md:1: a template starts with its title"):
        parse_template("no title\n", tmp_path / "d.md")


def test_paragraphs_and_needs(tmp_path: Path) -> None:
    template = parse_template(
        "# T\nOne\ntwo.\n\nThree.\n## extra (needs a, b): x\n${a} ${b}.\n## extra: y\nY.\n",
        tmp_path / "t.md")
    assert template.render(template.core, {}) == "One two.\n\nThree."
    assert [b.title for b in template.offered({"a": "1"})] == ["y"]
    assert [b.title for b in template.offered({"a": "1", "b": "2"})] == ["x", "y"]
    assert template.render(template.blocks[0].lines, {"a": "1", "b": "$2"}) == "1 $2."


def test_user_folder_overrides_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "greeting.md").write_text("# Chào\nXin chào ${area}.\n", encoding="utf-8")
    assert load_template("greeting.md", tmp_path).path == tmp_path / "greeting.md"
    assert load_template("closing.md", tmp_path).path == SHIPPED_DIR / "closing.md"
