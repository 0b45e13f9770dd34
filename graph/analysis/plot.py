"""A chart of span of control and coordination load per key actor.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global backend
switch, no display needed), so it works on servers and inside other programs.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("png", "svg")
MAX_ACTORS = 16
BASE_COLOR = "#9ca3af"    # grey: the reference scenario
OTHER_COLOR = "#2563eb"   # blue: the scenario analysed


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


def plot_report(report: dict, path, labels: dict[str, str] | None = None) -> list[str]:
    """Draw span of control and coordination load per key actor into ``path``.

    Parameters
    ----------
    report : dict
        An ``analyze_scenario`` result (one bar per actor) or a
        ``compare_scenarios`` result (the base scenario against the other).
    path : str or pathlib.Path
        Output file; its suffix (``.png`` or ``.svg``) picks the format.
    labels : dict, optional
        Actor id -> text on the axis (default: the id).

    Returns
    -------
    list of str
        The actors drawn, top to bottom.

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
    actors = key_actors(report)
    compared = isinstance(report["span_of_control"], list)
    names = ((report["base"]["id"], report["other"]["id"]) if compared
             else (None, report["scenario"]["id"]))
    fig = Figure(figsize=(11, 1.6 + 0.42 * max(len(actors), 1)), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, sharey=True)
    ys = list(range(len(actors)))
    titles = {"span_of_control": "Span of control (direct subordinates)",
              "coordination_load": "Coordination load (partners + forums)"}
    for ax, metric in zip(axes, titles):
        base, other = _values(report, metric, actors)
        h = 0.4 if compared else 0.6
        if compared:
            ax.barh([y - h / 2 for y in ys], base, height=h, color=BASE_COLOR, label=names[0])
        ax.barh([y + h / 2 if compared else y for y in ys], other, height=h,
                color=OTHER_COLOR, label=names[1])
        top = max([1] + [v for v in (base or []) + other])
        ax.set_xlim(0, top * 1.12)
        for y, v in zip(ys, other):
            ax.text(v, y + h / 2 if compared else y, f" {v}", va="center", fontsize=8)
        for y, v in zip(ys, base or []):
            ax.text(v, y - h / 2, f" {v}", va="center", fontsize=8, color="#4b5563")
        ax.set_title(titles[metric], fontsize=11)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color="#e5e7eb")
        ax.set_axisbelow(True)
    axes[0].set_yticks(ys, [labels.get(a, a) for a in actors])
    axes[0].invert_yaxis()
    axes[1].legend(loc="lower right", fontsize=9)
    title = (f"{names[1]} compared with {names[0]}" if compared
             else f"{names[1]}: the busiest posts")
    if not actors:
        title += " (no actor commands or coordinates)"
    fig.suptitle(title, fontsize=12)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    # SVG text stays text (not glyph outlines), so a briefer can edit the labels.
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format=fmt, dpi=150, metadata=metadata)
    return actors
