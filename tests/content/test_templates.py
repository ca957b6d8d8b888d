from __future__ import annotations

from pathlib import Path

import pytest

from radio.content.template import SHIPPED_DIR, load_template, parse_template
from radio.content.topics import TOPIC_IDS
from radio.core.errors import RadioError

# Document references of plan section II, exactly as the plan writes them, per content area.
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
           "lien_thong_ho_so", "vneid_muc_2", "par_index_nam", "par_index_diem", "khao_sat_ty_le")
VARIABLES = {name: f"<{name}>" for name in (
    "program_name", "centre", "town", "hotline", "month", "year", "month_name", "next_month_name",
    "next_year", "topic_list", *FIGURES)}


def _whole_text(topic_id: int) -> str:
    template = load_template(f"plan-2024/topic-{topic_id:02d}.md")
    parts = [template.render(template.core, VARIABLES)]
    parts += [template.render(block.lines, VARIABLES) for block in template.blocks]
    return "\n\n".join(parts)


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_topic_renders_core_and_optional_material(topic_id: int) -> None:
    template = load_template(f"plan-2024/topic-{topic_id:02d}.md")
    assert template.render_title(VARIABLES)
    assert len(template.render(template.core, VARIABLES).split()) >= 100
    kinds = {block.kind for block in template.blocks}
    assert {"extra", "qa", "story"} <= kinds
    # every optional block is offered once the month defines the figures it needs
    assert template.offered(VARIABLES) == template.blocks
    assert "${" not in _whole_text(topic_id)


@pytest.mark.parametrize("topic_id", sorted(REFERENCES))
def test_topics_cite_the_plan_exactly(topic_id: int) -> None:
    raw = (SHIPPED_DIR / f"plan-2024/topic-{topic_id:02d}.md").read_text(encoding="utf-8")
    text = " ".join(raw.split())  # references may wrap across lines
    for reference in REFERENCES[topic_id]:
        assert reference in text, f"topic {topic_id} lacks {reference!r}"


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
    unclosed = parse_template("# T\nText ${town and more\n", tmp_path / "a.md")
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
    (tmp_path / "greeting.md").write_text("# Chào\nXin chào ${town}.\n", encoding="utf-8")
    assert load_template("greeting.md", tmp_path).path == tmp_path / "greeting.md"
    assert load_template("closing.md", tmp_path).path == SHIPPED_DIR / "closing.md"
