"""Cold builds of one month in one run: one programme, five units, a province of 96 units.

Each build runs in a fresh process in its own scratch copy of the settings (so each one's speech,
levelling and encoding caches start empty), with espeak-ng; the kinds are built in turn, `--runs`
times, and the fastest of each is compared. "One programme" is the shipped
settings without [network.groups] (no units: one programme for all); "five units" the shipped
settings; "96 units" a generated province: 96 units (9 phường, 87 xã), each with its own one-stop
centre in the facts register, and 500 stations in 96 groups. Figures are wall-clock seconds and
CPU seconds (user + system, ffmpeg children included) of each build's process; the ratios are to
the one-programme build of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # beside bench_build.py
from bench_build import CPU, timed

REPO = Path(__file__).resolve().parents[1]

_CHILD = """
import json, sys
from pathlib import Path
from radio.core.shutdown import skip_last_collection
skip_last_collection()  # as the `radio` command does
from radio.pipeline.build import build_month
from radio.config import load_settings
from radio.core.month import Month
result = build_month(Month.parse(sys.argv[2]), load_settings(Path(sys.argv[1])), mode="espeak")
facts = result.facts
print(json.dumps({"duration_s": facts.duration_s, "programmes": 1 + len(facts.variants),
                  "longest": max([v.duration_s for v in facts.variants] + [facts.duration_s]),
                  "shortest": min([v.duration_s for v in facts.variants] + [facts.duration_s])}))
"""

FIRST = ["An", "Bình", "Phú", "Hòa", "Tân", "Long", "Phước", "Thạnh", "Đông", "Tây", "Nam", "Bắc"]
SECOND = ["Lợi", "Thành", "Hưng", "Mỹ", "Lộc", "Thuận", "Hải", "Sơn"]


def build(work: Path, month: str) -> dict[str, float]:
    os.environ["RADIO_DB"] = f"sqlite:///{work / 'bench.db'}"
    wall, out = timed([sys.executable, "-c", _CHILD, str(work / "schedule.toml"), month])
    return {**json.loads(out.splitlines()[-1]), "wall_s": wall, "cpu_s": CPU["last"]}


def scratch(root: Path, name: str, settings: str) -> Path:
    work = root / name
    work.mkdir()
    (work / "schedule.toml").write_text(settings, encoding="utf-8")
    shutil.copytree(REPO / "episodes", work / "episodes",
                    ignore=shutil.ignore_patterns("*.mp3", "build.json", "script.md"))
    return work


def without_groups(settings: str) -> str:
    """The shipped settings with no [network.groups]: one programme for every station."""
    return re.sub(r"(?ms)^\[network\.groups\]\n.*?(?=^# Each station)", "", settings)


def province(settings: str, work: Path, units: int = 96, stations: int = 500) -> str:
    """The shipped settings with a generated province: `units` units each with its one-stop
    centre (facts in my-facts/units.toml) and `stations` stations spread over them."""
    names = [f"{'phường' if i < 9 else 'xã'} {FIRST[i % 12]} {SECOND[i // 12]}" for i in range(units)]
    keys = [f"u-{i + 1:02d}" for i in range(units)]
    facts = work / "my-facts"
    facts.mkdir()
    (facts / "units.toml").write_text("".join(
        f'[[facts]]\nname = "one_stop"\nkind = "one_stop"\nunit = "{key}"\n'
        f'value = "Trung tâm Phục vụ hành chính công {name}"\n'
        f'address = "trụ sở Ủy ban nhân dân {name}"\n'
        f'hours = "buổi sáng từ 7 giờ đến 11 giờ 30, buổi chiều từ 13 giờ 30 đến 17 giờ"\n'
        f'from = 2025-07-01\nsource = "bench"\nconfirmed = false\n\n'
        for key, name in zip(keys, names, strict=True)), encoding="utf-8")
    head = settings[:settings.index("[network.groups]")]
    head = head.replace('# facts = "my-facts"', 'facts = "my-facts"')
    members: dict[str, list[str]] = {key: [] for key in keys}
    blocks = []
    for n in range(stations):
        unit = n % units
        station = f"st-{n:03d}"
        members[keys[unit]].append(station)
        blocks.append(f'[[stations]]\nid = "{station}"\nname = "Đài truyền thanh số {n}"\n'
                      f'kind = "commune"\nunit_code = "{unit:05d}"\n'
                      f'units = [{{ from = 2025-07-01, name = "{names[unit]}" }}]\n'
                      f'slots = ["Mon Wed Fri 05:30", "Mon Wed Fri 17:00"]\n')
    groups = "".join(f'{key} = {json.dumps(ids)}\n' for key, ids in members.items())
    return f"{head}[network.groups]\n{groups}\n" + "\n".join(blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("month", nargs="?", default="2027-01")
    parser.add_argument("--runs", type=int, default=2,
                        help="cold builds of each kind, taken in turn; the fastest of each is shown "
                             "(this machine is shared: the best of a few is the steadier figure)")
    args = parser.parse_args()
    shipped = (REPO / "schedule.toml").read_text(encoding="utf-8")
    kinds = ("one programme", "five units", "96 units, 500 stations")
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="radio-bench-units-") as temp:
            root = Path(temp)
            works = {kinds[0]: scratch(root, "one", without_groups(shipped)),
                     kinds[1]: scratch(root, "five", shipped),
                     kinds[2]: scratch(root, "province", "")}
            (works[kinds[2]] / "schedule.toml").write_text(province(shipped, works[kinds[2]]),
                                                         encoding="utf-8")
            for kind in kinds:
                runs[kind].append(build(works[kind], args.month))
                print(f"  run {run + 1}: {kind:24s} {runs[kind][-1]['wall_s']:7.1f} s wall",
                      file=sys.stderr)
    # the fastest wall time and, on its own, the least CPU: each is that measure's steadiest figure
    best = {kind: {**min(results, key=lambda r: r["wall_s"]),
                   "cpu_s": min(r["cpu_s"] for r in results)} for kind, results in runs.items()}
    one = best[kinds[0]]
    print(f"radio build {args.month} offline (espeak-ng), cold (empty caches), the fastest of "
          f"{args.runs} run(s) each, taken in turn")
    for kind in kinds:
        figures = best[kind]
        print(f"  {kind:24s} {figures['wall_s']:7.1f} s wall  {figures['cpu_s']:7.1f} s CPU   "
              f"{figures['programmes']:3d} programme(s), {figures['shortest'] / 60:.1f}–"
              f"{figures['longest'] / 60:.1f} min")
    for kind, goal in ((kinds[1], 1.3), (kinds[2], 4.0)):
        figures = best[kind]
        print(f"  {kind.split(',')[0]} / one programme: {figures['wall_s'] / one['wall_s']:4.2f}× wall, "
              f"{figures['cpu_s'] / max(one['cpu_s'], 1e-9):4.2f}× CPU   (goal ≤ {goal}×)")


if __name__ == "__main__":
    main()
