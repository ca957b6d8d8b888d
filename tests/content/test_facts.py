"""The register of facts that age: dated, sourced, confirmed or examples, checked on load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from radio.content.facts import load_register, spoken_facts
from radio.core.errors import RadioError

FACT = """
[[facts]]
name = "hotline"
kind = "hotline"
value = "{value}"
from = {start}
source = "a test"
confirmed = true
"""


def test_the_shipped_register_says_what_is_in_force_on_a_day_and_what_is_an_example() -> None:
    register = load_register()
    before, after = register.on(date(2025, 6, 30)), register.on(date(2025, 7, 1))
    assert before["producer"].value.startswith("Trung tâm Truyền thông") and before["producer"].confirmed
    assert after["producer"].value == "Đài truyền thanh phường Đức Phổ" and not after["producer"].confirmed
    assert not after["hotline"].confirmed and after["portal"].confirmed
    assert "Bộ phận Một cửa" in before["one_stop"].value
    assert after["one_stop"].value == "Trung tâm Phục vụ hành chính công của phường, xã"
    # each of the five units has its own one-stop centre, whose address is an example
    tra_cau = register.on(date(2027, 1, 1), "tra-cau")["one_stop"]
    assert tra_cau.value == "Trung tâm Phục vụ hành chính công phường Trà Câu"
    assert tra_cau.address and tra_cau.hours and not tra_cau.confirmed
    # documents have days: QĐ 393 is the province's plan in the second half of 2025 only
    assert "393/QĐ-UBND" in register.on(date(2025, 10, 1))["ke_hoach_cchc_tinh"].value
    assert "ke_hoach_cchc_tinh" not in register.on(date(2026, 1, 1))
    assert "phan_cap_28_nghi_dinh" in register.expired(date(2027, 6, 1))


def test_a_ranking_is_spoken_with_the_year_it_measures_and_out_of_how_many() -> None:
    register = load_register()
    par = register.on(date(2025, 10, 1))["par_index"]
    assert par.spoken() == ("Năm 2024, Chỉ số cải cách hành chính PAR INDEX của tỉnh Quảng Ngãi "
                            "xếp thứ 43 trên 63 tỉnh, thành phố")
    variables = register.variables(date(2025, 10, 1))
    assert variables["par_index_year"] == "2024" and variables["par_index_out_of"] == "63"
    # a ranking is out of date once the next year's result is normally out
    assert "par_index" in register.expired(date(2027, 1, 1))
    assert spoken_facts("… tỉnh xếp thứ 43 trên 63 tỉnh …", register.facts)[0].name == "par_index"


def test_a_users_folder_replaces_a_shipped_file_and_errors_name_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "area.toml").write_text(FACT.format(value="0255.1234.567", start="2024-01-01"),
                                        encoding="utf-8")
    register = load_register(tmp_path)
    assert register.on(date(2027, 1, 1))["hotline"].value == "0255.1234.567"
    assert "producer" not in register.on(date(2027, 1, 1))  # area.toml replaced as a whole
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "area.toml").write_text(FACT.format(value="1", start="2024-01-01")
                                   + FACT.format(value="2", start="2025-01-01"), encoding="utf-8")
    with pytest.raises(RadioError, match=r"area\.toml: facts\[1\] \(hotline\): in force from "
                                         r"2025-01-01 while .* still is"):
        load_register(bad)
    (bad / "area.toml").write_text(FACT.format(value="1", start="2024-01-01")
                                   .replace("confirmed = true", 'confirmed = "yes"'), encoding="utf-8")
    with pytest.raises(RadioError, match=r"area\.toml\.facts\[0\]\.confirmed: expected true/false"):
        load_register(bad)
