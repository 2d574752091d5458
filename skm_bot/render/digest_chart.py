"""
The digest's chart: failures per day, stacked by kind, as PNG bytes. Pure: drawn in memory and
handed back; the edge writes it to a file or uploads it to Slack.

matplotlib is imported here only, when a chart is drawn: the bot's start-up and every other
command go without it. Its object API with the Agg canvas is used, never pyplot: no global
figure state, so charts drawn at once in threads do not mix.

The chart carries only dates, counts and failure ids (ASCII): the fonts matplotlib ships have
no Japanese or Korean, and the message around the chart says what it shows in the reader's
language.
"""

from __future__ import annotations

import io

from skm_bot.core.digest import Digest

# 800 x 400 pixels: readable in Slack's preview, a few tens of kilobytes.
SIZE_INCHES = (8.0, 4.0)
DPI = 100
# Colour-blind-friendly categorical colours (Okabe-Ito), then matplotlib's tab20 for the rest.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
UNRECOGNISED = "(none)"


def render_chart(digest: Digest) -> bytes:
    """The PNG of `digest`'s failures per day by kind (an empty week draws empty axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    days = [day.strftime("%m-%d") for day in digest.days]
    bottom = [0] * len(days)
    for index, kind in enumerate(digest.kinds):
        axes.bar(
            days,
            kind.per_day,
            bottom=bottom,
            label=kind.error_id or UNRECOGNISED,
            color=_colour(index),
        )
        bottom = [b + n for b, n in zip(bottom, kind.per_day, strict=True)]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max([*bottom, 1]))
    axes.set_title(f"{digest.days[0].isoformat()} - {digest.days[-1].isoformat()}")
    axes.spines[["top", "right"]].set_visible(False)
    if digest.kinds:
        # Listed top down as the bars are stacked: the last kind drawn is on top.
        handles, labels = axes.get_legend_handles_labels()
        axes.legend(
            handles[::-1],
            labels[::-1],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize="small",
        )
    buffer = io.BytesIO()
    # No Software/date metadata: the same digest draws the same bytes.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _colour(index: int) -> str:
    if index < len(PALETTE):
        return PALETTE[index]
    from matplotlib import colormaps

    rgba = colormaps["tab20"](index - len(PALETTE))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in rgba[:3]))
