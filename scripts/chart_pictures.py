"""Before/after pictures of the bundled scenarios for docs/charts.md and README (docs/img/).

"before": the chart as the Graphviz ``dot`` layout drew it (``viz.export.dot_layout``,
splines around clusters in a fixed nation order); "after": the chart drawn from the
layout and routing engine (``viz.export.drawing``).  Both in Japanese, as small PNGs.

    python scripts/chart_pictures.py [OUTDIR]        (default: docs/img)

Needs nothing beyond the package (Graphviz comes with the pygraphviz wheel).  Prints
what it wrote, and for the "after" pictures the sheet and the line/box problems the
tests' checker finds in the SVG (none expected).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DPI = 24          # an A0 sheet becomes ~1,120 px wide: enough to see the structure
SCENARIOS = ("baseline-2024", "jjoc-2025", "usfj-jfhq", "us-jfc", "cfc-transfer")


def small(png: bytes) -> bytes:
    """The picture in a 64-colour palette: a few times smaller, the same to the eye."""
    import io

    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("RGB").quantize(64)
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def main(out: Path) -> None:
    from c2graph.loaders import load_dataset
    from c2graph.viz.export import drawing
    from c2graph.graph.graphs import scenario_graph as graph_from_scenario
    from c2graph.viz.export.common import ChartOptions
    from c2graph.viz.export.dot_draw import render
    from c2graph.viz.export.dot_layout import layout
    from tests import chart_geometry as geo

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    out.mkdir(parents=True, exist_ok=True)
    ds = load_dataset(None)
    for sid in SCENARIOS:
        scenario = ds.scenarios[sid]
        g = graph_from_scenario(scenario)
        base = graph_from_scenario(ds.scenarios[scenario.base]) if scenario.base else None
        opts = ChartOptions(lang="ja", sources=dict(ds.sources), dpi=DPI)
        before = render(layout(g, opts), "png", DPI)
        before = small(before)
        (out / f"{sid}-before.png").write_bytes(before)
        after = small(drawing.render(g, opts, "png", base))
        (out / f"{sid}-after.png").write_bytes(after)
        with tempfile.NamedTemporaryFile(suffix=".svg") as tmp:
            tmp.write(drawing.render(g, opts, "svg", base))
            tmp.flush()
            d = geo.svg_drawing(tmp.name)
        print(f"{sid}: {out / (sid + '-before.png')} ({len(before):,} bytes), "
              f"{out / (sid + '-after.png')} ({len(after):,} bytes); "
              f"page {d.page[0]:.0f} x {d.page[1]:.0f} pt, {len(geo.problems(d))} problems, "
              f"{geo.crossings(d)} crossings, smallest text {geo.min_text(d):.1f} pt")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img")
