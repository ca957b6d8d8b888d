"""The report as ONE self-contained HTML file: styles inline, charts embedded as SVG data, no network."""

from __future__ import annotations

import base64
from html import escape

from radio.report import charts
from radio.report.figures import Report
from radio.report.narrative import Narrative
from radio.report.tables import Section, empty_message, is_figure, sections, title

_STYLE = """
body{font-family:system-ui,"Segoe UI",Arial,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.2rem .45rem}th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
.story{background:#f8f8f0;border-left:4px solid #9a8;padding:.5rem 1rem}
.note{color:#7a4b00}
@media print{h2{break-after:avoid}table,figure{break-inside:avoid}}
"""


def render_html(report: Report, story: Narrative | None = None) -> str:
    heading = title(report)
    body = [f"<h1>{escape(heading)}</h1>"]
    if report.empty:
        body.append(f'<p class="empty">{escape(empty_message(report))}</p>')
    else:
        if story:
            body.append(_story(story))
        body.append('<section id="charts"><h2>Biểu đồ</h2>')
        body.append(_figure("chart-durations", charts.duration_chart(report),
                            "Thời lượng từng chương trình so với khung thời lượng của Kế hoạch"))
        body.append(_figure("chart-topics", charts.topic_heatmap(report),
                            "Số phút dành cho từng nhóm nội dung (mục II Kế hoạch) theo tháng"))
        if len(report.stations) <= charts.MAX_HEATMAP_ROWS:
            body.append(_figure("chart-stations", charts.station_heatmap(report),
                                "Lượt đã phát / lượt theo lịch của từng đài theo tháng"))
        else:  # a thousand rows of cells is neither readable nor quick to draw: the table has them
            body.append(f'<p class="note">Biểu đồ theo đài chỉ vẽ khi có tối đa '
                        f"{charts.MAX_HEATMAP_ROWS} đài ({len(report.stations)} đài trong kỳ); "
                        "xem bảng theo đài và tháng bên dưới.</p>")
        body.append("</section>")
        body += [_table(section) for section in sections(report)]
    return ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\"><title>{escape(heading)}</title>"
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _story(story: Narrative) -> str:
    parts = ['<section id="narrative" class="story"><h2>Tóm tắt</h2>']
    parts += [f"<p>{escape(p)}</p>" for p in story.paragraphs]
    if story.not_done:
        parts.append("<p><strong>Chưa thực hiện được:</strong></p><ul>")
        parts += [f"<li>{escape(item)}</li>" for item in story.not_done]
        parts.append("</ul>")
    return "".join(parts) + "</section>"


def _figure(key: str, svg: str, caption: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure id="{key}"><img src="data:image/svg+xml;base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _table(section: Section) -> str:
    parts = [f'<section id="{section.key}"><h2>{escape(section.title)}</h2>']
    if section.rows:
        parts.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in section.headers)
                     + "</tr></thead><tbody>")
        for row in section.rows:
            cells = "".join(f"<td{' class=n' if i and is_figure(c) else ''}>{escape(c)}</td>"
                            for i, c in enumerate(row))
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts += [f'<p class="note">{escape(note)}</p>' for note in section.notes]
    return "".join(parts) + "</section>"
