"""A chart of span of control and coordination load per key actor.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global backend
switch, no display needed), so it works on servers and inside other programs.

One scenario: each panel lists its own busiest posts, largest first, and leaves out
the posts at zero (a post that coordinates a lot but commands nobody is not a bar of
length zero in the span panel).  Two scenarios: both panels share the actors whose
figures change, base and other side by side.  Panel titles are on two lines and long
names wrapped, so nothing collides or is cut at the figure's edge; the legend stands
above the panels, never on a bar.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

FORMATS = ("png", "svg")
MAX_ACTORS = 16
BASE_COLOR = "#9ca3af"    # grey: the reference scenario
OTHER_COLOR = "#2563eb"   # blue: the scenario analysed
LABEL_WIDTH = 28          # characters of an actor's name on a line of the axis
TITLES = {"span_of_control": "Span of control\n(direct subordinates)",
          "coordination_load": "Coordination load\n(partners + forums)"}


def key_actors(report: dict, limit: int = MAX_ACTORS) -> list[str]:
    """The actors worth a bar: those whose span or load changes, else the busiest.

    ``report`` is an ``analyze_scenario`` or ``compare_scenarios`` result.
    """
    if "span_of_control" in report and isinstance(report["span_of_control"], list):
        change: dict[str, int] = {}
        for metric in ("span_of_control", "coordination_load"):
            for row in report[metric]:
                if row["changed"]:
                    change[row["actor"]] = max(change.get(row["actor"], 0), abs(row["change"]))
        changed = sorted(change, key=lambda a: (-change[a], a))
        if changed:
            return changed[:limit]
        busy = {}
        for metric in ("span_of_control", "coordination_load"):
            for row in report[metric]:
                busy[row["actor"]] = busy.get(row["actor"], 0) + row["other"]
    else:
        busy = {}
        for metric in ("span_of_control", "coordination_load"):
            for actor, entry in report[metric].items():
                busy[actor] = busy.get(actor, 0) + entry["total"]
    return sorted((a for a in busy if busy[a]), key=lambda a: (-busy[a], a))[:limit]


def _values(report: dict, metric: str, actors: list[str]):
    """``(base values or None, other values)`` for ``actors``."""
    if isinstance(report[metric], list):
        rows = {r["actor"]: r for r in report[metric]}
        empty = {"base": 0, "other": 0}
        return ([rows.get(a, empty)["base"] for a in actors],
                [rows.get(a, empty)["other"] for a in actors])
    return None, [report[metric].get(a, {"total": 0})["total"] for a in actors]


def busiest(report: dict, metric: str, limit: int = MAX_ACTORS) -> list[str]:
    """One scenario's actors with a non-zero ``metric``, largest first (then by id)."""
    values = {a: e["total"] for a, e in report[metric].items() if e["total"]}
    return sorted(values, key=lambda a: (-values[a], a))[:limit]


def _label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LABEL_WIDTH)) or text


def plot_report(report: dict, path, labels: dict[str, str] | None = None) -> list[str]:
    """Draw span of control and coordination load per key actor into ``path``.

    Parameters
    ----------
    report : dict
        An ``analyze_scenario`` result (each panel its busiest posts) or a
        ``compare_scenarios`` result (the base scenario against the other).
    path : str or pathlib.Path
        Output file; its suffix (``.png`` or ``.svg``) picks the format.
    labels : dict, optional
        Actor id -> text on the axis (default: the id).

    Returns
    -------
    list of str
        The actors drawn (each once, the span panel's first).

    Raises
    ------
    ValueError
        If the suffix is not ``.png`` or ``.svg``.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot draw {path.name!r}: use a .png or .svg file name")
    labels = labels or {}
    compared = isinstance(report["span_of_control"], list)
    names = ((report["base"]["id"], report["other"]["id"]) if compared
             else (None, report["scenario"]["id"]))
    if compared:
        shared = key_actors(report)
        panels = {m: shared for m in TITLES}
    else:
        panels = {m: busiest(report, m) for m in TITLES}
    rows = max([len(a) for a in panels.values()] + [1])
    lines = max([1] + [len(_label(labels.get(a, a)).splitlines()) for a in
                       set().union(*panels.values())])
    fig = Figure(figsize=(12, 2.0 + (0.42 + 0.12 * (lines - 1)) * rows), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, sharey=compared)
    h = 0.4 if compared else 0.6
    for ax, (metric, actors) in zip(axes, panels.items()):
        ys = list(range(len(actors)))
        base, other = _values(report, metric, actors)
        if compared:
            ax.barh([y - h / 2 for y in ys], base, height=h, color=BASE_COLOR, label=names[0])
        ax.barh([y + h / 2 if compared else y for y in ys], other, height=h,
                color=OTHER_COLOR, label=names[1])
        top = max([1] + [v for v in (base or []) + other])
        ax.set_xlim(0, top * 1.15)
        for y, v in zip(ys, other):
            ax.text(v, y + h / 2 if compared else y, f" {v}", va="center", fontsize=8)
        for y, v in zip(ys, base or []):
            ax.text(v, y - h / 2, f" {v}", va="center", fontsize=8, color="#4b5563")
        ax.set_title(TITLES[metric], fontsize=11)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color="#e5e7eb")
        ax.set_axisbelow(True)
        if not compared or ax is axes[0]:
            ax.set_yticks(ys, [_label(labels.get(a, a)) for a in actors], fontsize=9)
        if not actors:
            ax.text(0.5, 0.5, "none", transform=ax.transAxes, ha="center", color="#6b7280")
        if not compared or ax is axes[0]:
            ax.set_ylim(max(len(actors), 1) - 0.5, -0.5)     # the largest on top
    if compared:
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper right", ncols=2,
                   fontsize=9, frameon=False)
    drawn = list(dict.fromkeys(a for actors in panels.values() for a in actors))
    title = (f"{names[1]} compared with {names[0]}" if compared
             else f"{names[1]}: the busiest posts")
    if not drawn:
        title += " (no actor commands or coordinates)"
    fig.suptitle(title, fontsize=12)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    # SVG text stays text (not glyph outlines), so a briefer can edit the labels.
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format=fmt, dpi=150, metadata=metadata)
    return drawn
