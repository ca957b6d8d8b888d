"""The HTML report's charts, drawn with matplotlib (Agg, no display) into standalone SVG text."""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")  # never a GUI window, even where a display exists

from matplotlib import colormaps, rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from radio.report import wording as w
from radio.report.figures import Report
from radio.report.tables import short

# Text as paths: the SVG then needs no font on the reader's machine and shows Vietnamese marks
# exactly as drawn; a fixed hash salt and no date keep the output the same run to run.
_IN_WINDOW, _OUT_OF_WINDOW = "#2e7d32", "#c62828"
MAX_HEATMAP_ROWS = 60  # stations drawn in the per-station chart; more are left to the table
# Any: matplotlib types the rc keys as a Literal of every setting's name.
_RC: Any = {"svg.fonttype": "path", "svg.hashsalt": "radio-report", "font.family": "DejaVu Sans",
            "font.size": 9}


def topic_heatmap(report: Report) -> str:
    """Content areas × months, cells coloured and labelled by minutes."""
    values = [list(t.minutes) for t in report.topics]
    labels = [f"{t.topic_id}. {short(t.title, 38)}" for t in report.topics]
    return _heatmap(values, labels, [w.month_short(m) for m in report.months], "phút",
                    [[w.number(v) if v else "" for v in row] for row in values], "Greens",
                    "Nội dung tuyên truyền theo tháng (phút)", vmax=None)


def station_heatmap(report: Report) -> str:
    """Stations × months, coloured by the share of airings already due that aired, labelled aired/scheduled.

    Airings still to come are not failures: a month with none due yet stays uncoloured.
    """
    cells = {(c.station_id, c.month): c for c in report.cells}
    values, texts = [], []
    for s in report.stations:
        row, text = [], []
        for m in report.months:
            c = cells[s.station_id, m]
            due = c.scheduled - c.upcoming
            if due > 0:
                row.append(min(c.aired / due, 1.0))
            else:
                row.append(float("nan") if not c.aired else 1.0)
            text.append(f"{c.aired}/{c.scheduled}" if c.scheduled or c.aired else "")
        values.append(row)
        texts.append(text)
    labels = [station_label(s.name) for s in report.stations]
    return _heatmap(values, labels, [w.month_short(m) for m in report.months],
                    "tỉ lệ đã phát / đến hạn", texts, "RdYlGn",
                    "Lượt đã phát / theo lịch, theo đài và tháng", vmax=1.0)


def station_label(name: str) -> str:
    """'Đài truyền thanh phường Nguyễn Nghiêm' → 'phường Nguyễn Nghiêm': the shared words go, so a
    name cut with '…' still tells the stations apart."""
    return short(re.sub(r"^Đài\s+truyền\s+thanh\s+", "", name, flags=re.IGNORECASE), 30)


def duration_chart(report: Report) -> str:
    """Each month's programme length as a bar against the shaded min–max window; predicted as dots."""
    p = report.policy
    built = {e.month: e for e in report.episodes}
    x = list(range(len(report.months)))
    actual = [built[m].duration_s / 60 if m in built else 0.0 for m in report.months]
    colours = [_IN_WINDOW if m in built and built[m].window == "ok" else _OUT_OF_WINDOW
               for m in report.months]
    with rc_context(_RC):
        figure = Figure(figsize=(max(4.0, 0.6 * len(x) + 2), 3.2))
        axes = figure.add_subplot()
        axes.axhspan(p.min_s / 60, p.max_s / 60, color="#bbdefb", alpha=0.6,
                     label=f"khung {w.window(p.min_s, p.max_s)}")
        axes.bar(x, actual, color=colours, width=0.6)
        predicted = [(i, built[m].predicted_s / 60) for i, m in enumerate(report.months) if m in built]
        if predicted:
            axes.plot(*zip(*predicted, strict=True), "o", color="#0d47a1", label="dự kiến")
        for i, m in enumerate(report.months):
            if m not in built:
                axes.text(i, 0.3, "chưa có", ha="center", va="bottom", rotation=90, fontsize=8, color="#555")
        axes.set_xticks(x, [w.month_short(m) for m in report.months])
        axes.set_ylabel("phút")
        axes.set_ylim(0, max([p.max_s / 60 * 1.25, *actual]) * 1.05)
        axes.set_title("Thời lượng chương trình so với khung")
        # One legend entry per bar colour: a single "thực tế" swatch showed only the first bar's colour.
        handles, labels = axes.get_legend_handles_labels()
        handles += [Patch(color=_IN_WINDOW), Patch(color=_OUT_OF_WINDOW)]
        labels += ["thực tế, đạt khung", "thực tế, ngoài khung"]
        axes.legend(handles, labels, loc="upper left", fontsize=8, ncols=2)
        figure.tight_layout()
        return _svg(figure)


def _heatmap(values: list[list[float]], rows: list[str], columns: list[str], unit: str,
             texts: list[list[str]], cmap: str, heading: str, vmax: float | None) -> str:
    with rc_context(_RC):
        figure = Figure(figsize=(max(5.0, 0.55 * len(columns) + 3.5), max(2.5, 0.32 * len(rows) + 1.4)))
        axes: Axes = figure.add_subplot()
        colour = colormaps[cmap].with_extremes(bad="#eeeeee")
        image = axes.imshow(values, aspect="auto", cmap=colour, vmin=0, vmax=vmax)
        axes.set_xticks(range(len(columns)), columns)
        axes.set_yticks(range(len(rows)), rows)
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                if text:
                    rgba = colour(image.norm(values[r][c]))  # type: ignore[arg-type]
                    axes.text(c, r, text, ha="center", va="center", fontsize=7, color=_ink(tuple(rgba)))
        axes.set_title(heading)
        figure.colorbar(image, ax=axes, label=unit, shrink=0.8)
        figure.tight_layout()
        return _svg(figure)


def _ink(rgba: tuple[float, ...]) -> str:
    """White on dark cells, black on light ones: a label must stay readable on every colour."""
    red, green, blue = rgba[:3]
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "white" if luminance < 0.45 else "black"


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
