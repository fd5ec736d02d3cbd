"""Hand-written SVG bar charts: no script, no inline style (the CSP forbids both), and a title and description a
screen reader announces; the page puts the data table right beneath."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, TOP = 640, 22, 8, 220, 10


@dataclass
class Series:
    name: str
    css_class: str


SERIES_CLASSES = ("chart-s1", "chart-s2", "chart-s3", "chart-s4", "chart-s5")


def bar_chart(chart_id: str, title: str, description: str, labels: list[str],
              series: list[tuple[str, list[float | str]]]) -> Markup:
    """Horizontal grouped bars, one group per label; every colour also has a legend entry with its name."""
    # A hidden count (a text such as "<5") draws no bar and is written as it is shown in the table.
    peak = max((v for _name, values in series for v in values if isinstance(v, int | float) and v), default=0) or 1
    plot_width = WIDTH - LABEL_WIDTH - 60
    group = BAR_HEIGHT * len(series) + GAP
    legend_height = 20 * len(series) + 10 if len(series) > 1 else 0
    height = TOP + group * len(labels) + legend_height + 10
    parts = [Markup('<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" class="chart" '
                    'xmlns="http://www.w3.org/2000/svg">').format(id=chart_id, w=WIDTH, h=height),
             Markup('<title id="{}-title">{}</title>').format(chart_id, title),
             Markup('<desc id="{}-desc">{}</desc>').format(chart_id, description)]
    for index, label in enumerate(labels):
        y = TOP + index * group
        parts.append(Markup('<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" class="chart-label">'
                            '{}</text>').format(LABEL_WIDTH - 8, y + group / 2, _shorten(label)))
        for position, (_name, values) in enumerate(series):
            shown = values[index]
            value = shown if isinstance(shown, int | float) else 0
            bar = round(plot_width * value / peak, 1)
            bar_y = y + position * BAR_HEIGHT
            css = SERIES_CLASSES[position % len(SERIES_CLASSES)]
            parts.append(Markup('<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>').format(
                LABEL_WIDTH, bar_y, bar, BAR_HEIGHT - 4, css))
            parts.append(Markup('<text x="{}" y="{}" dominant-baseline="middle" class="chart-value">{}</text>').format(
                LABEL_WIDTH + bar + 4, bar_y + (BAR_HEIGHT - 4) / 2,
                shown if isinstance(shown, str) else _number(value)))
    if len(series) > 1:
        y = TOP + group * len(labels) + 10
        for position, (name, _values) in enumerate(series):
            css = SERIES_CLASSES[position % len(SERIES_CLASSES)]
            parts.append(Markup('<rect x="{}" y="{}" width="14" height="14" class="{}"/>').format(
                LABEL_WIDTH, y + position * 20, css))
            parts.append(Markup('<text x="{}" y="{}" dominant-baseline="middle" class="chart-label">{}</text>').format(
                LABEL_WIDTH + 20, y + position * 20 + 7, name))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _shorten(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")
