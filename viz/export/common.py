"""What every export shares: the graph it draws, the options, and safe file writing.

Exports work on the ``networkx.MultiDiGraph`` shape that ``Store.read_graph`` returns
(nodes keyed by actor id with every property, edges keyed by relationship id with
``type``, ``g.graph`` holding the scenario's metadata), so a chart drawn from a store
and one drawn straight from a dataset are the same chart.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from c2graph.graph.linebreak import display_width, wrap  # noqa: F401 (re-exported)
from c2graph.graph.schema import STATUSES, nation_name, status_word  # noqa: F401 (re-exported)
from c2graph.loaders.formats.common import ExportError  # noqa: F401 (re-exported)
from c2graph.viz import DEFAULT_MARKING, LANGS  # noqa: F401 (re-exported)


@dataclass
class ChartOptions:
    """What a briefing chart shows around the graph itself."""

    lang: str = "en"
    marking: str = DEFAULT_MARKING
    title: str | None = None
    produced: str = field(default_factory=lambda: produced_date())
    focus: str | None = None
    depth: int | None = None
    dpi: int = 200
    wrap: int = 18          # columns of a name line in a box (a CJK character counts two)
    ranksep: float = 0.45   # inches between ranks (the PPTX stretches it to fill a slide)
    compact: bool = False   # short names in the boxes (dense slides)
    nodesep: float = 0.22   # inches between neighbours of a rank
    per_row: int | None = None   # children a fan-out row holds before wrapping (None: best fit)
    #: Geometry for another renderer (PPTX): each actor's box size in points, measured
    #: with that renderer's fonts, and each nation's label size; no text is laid out.
    node_sizes: dict[str, tuple[float, float]] | None = None
    cluster_label_sizes: dict[str, tuple[float, float]] | None = None
    sources: dict[str, dict] = field(default_factory=dict)  # source id -> {title, url, ...}
    #: Mark what the scenario changes against its base (new, changed, removed ghosted).
    diff: bool = True
    #: PDF sheets: "a4" or "letter" landscape pages (several when the chart needs them),
    #: or "fit" for one page the chart's size (``viz.export.pages``).
    page: str = "a4"


def produced_date() -> str:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


# -- the graph ------------------------------------------------------------------------

def sources_shown(g) -> list[str]:
    """Every source reference on what a chart shows, scenario first, in a stable order."""
    refs: list[str] = []
    for ref in list(g.graph.get("sources") or []):
        if ref not in refs:
            refs.append(ref)
    items = [d for _, d in sorted(g.nodes(data=True))]
    items += [d for *_, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2])]
    for data in items:
        for ref in data.get("sources") or []:
            if ref not in refs:
                refs.append(ref)
    return refs


def source_line(ref: str, catalogue: dict[str, dict]) -> str:
    """``id#locator — title (url)`` for one reference, as much as the catalogue knows."""
    sid, _, locator = ref.partition("#")
    info = catalogue.get(sid) or {}
    text = sid + (f" § {locator}" if locator else "")
    if info.get("title"):
        text += f" — {info['title']}"
    if info.get("url"):
        text += f" <{info['url']}>"
    return text


# -- words on the chart ----------------------------------------------------------------

#: The statuses drawn tentative, in the schema's order and words.
_TENTATIVE = [t for t in STATUSES.values() if t.tentative]

WORDS = {
    "en": {"legend": "Legend", "scenario": "Scenario", "status": "status",
           "date": "scenario date", "produced": "produced", "focus": "focus",
           "tentative": ", ".join(t.english for t in _TENTATIVE[:-1])
                        + f" or {_TENTATIVE[-1].english}",
           "kinds": "ellipse: office · box: command · rounded: staff · hexagon: forum"},
    "ja": {"legend": "凡例", "scenario": "シナリオ", "status": "状態", "date": "時点",
           "produced": "作成", "focus": "焦点",
           "tentative": "・".join(t.japanese for t in _TENTATIVE),
           "kinds": "楕円：職位 · 四角：司令部 · 角丸：幕僚 · 六角形：協議体"},
}


def scenario_text(meta: dict, key: str, lang: str) -> str:
    """A scenario's ``title`` or ``description`` in ``lang``: ``title_ja`` in Japanese
    (the English one where it has none), both in ``both``."""
    en, ja = meta.get(key) or "", meta.get(f"{key}_ja") or ""
    if lang == "ja":
        return ja or en
    if lang == "both" and ja and ja != en:
        return f"{en} / {ja}" if key == "title" else f"{en}\n{ja}"
    return en


def words(lang: str) -> dict[str, str]:
    return WORDS["ja" if lang == "ja" else "en"]


# -- markings ------------------------------------------------------------------------

#: Banner colours by the marking's leading words (US practice); anything else is grey.
MARKING_COLORS = (
    ("TOP SECRET//SCI", "#fce83a", "#000000"),
    ("TOP SECRET", "#ff8c00", "#000000"),
    ("SECRET", "#c8102e", "#ffffff"),
    ("CONFIDENTIAL", "#0033a0", "#ffffff"),
    ("CUI", "#502b85", "#ffffff"),
    ("CONTROLLED", "#502b85", "#ffffff"),
    ("UNCLASSIFIED", "#007a33", "#ffffff"),
)


def marking_colors(marking: str) -> tuple[str, str]:
    """(background, text) colours of the banner for ``marking``."""
    upper = marking.strip().upper()
    for prefix, bg, fg in MARKING_COLORS:
        if upper.startswith(prefix):
            return bg, fg
    return "#374151", "#ffffff"


# -- writing -------------------------------------------------------------------------

def check_output_path(path: str | os.PathLike) -> Path:
    """Refuse an output path that cannot be written, before any work is done."""
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir() and not out.is_symlink():
        raise ExportError(f"cannot write {out}: it is a folder")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {out}: no permission to write in {folder}")
    return out


def atomic_write(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A failure at any point leaves no partial file: either the old file (if any) or
    the complete new one is there.
    """
    out = check_output_path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp",
                                   dir=out.parent if str(out.parent) else ".")
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        _unlink(tmp)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        _unlink(tmp)
        raise


def atomic_write_folder(path: str | os.PathLike, files: dict[str, bytes | str]) -> None:
    """Write a folder of files (the CSV export) all at once: built aside, then renamed.

    An existing folder is replaced only if it holds nothing but files of a previous
    export of the same names (never a user's unrelated folder).
    """
    out = Path(path)
    parent = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot write {out}: it is a file; the csv export writes a folder")
    if out.is_dir():
        stray = sorted(p.name for p in out.iterdir() if p.name not in files)
        if stray:
            raise ExportError(f"cannot write {out}: the folder exists and holds other files"
                              f" ({', '.join(stray[:3])}); choose a new folder name")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o755 & ~_umask())
        if out.is_dir():
            old = parent / f".{out.name}.old.{os.getpid()}"
            os.replace(out, old)
            os.replace(tmp, out)
            for p in old.iterdir():
                p.unlink()
            old.rmdir()
        else:
            os.replace(tmp, out)
    except OSError as exc:
        _rmtree(tmp)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        _rmtree(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


class BoxGrid:
    """Boxes (x0, y0, x1, y1) filed in square cells of ``cell`` units: an overlap test
    looks at the boxes nearby only (a list of all of them made large charts quadratic).
    Charts use points, slides EMU; the cell should be about a box's size."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list] = {}

    def _keys(self, box):
        c = self.cell
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                yield i, j

    def add(self, box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, []).append(box)

    def hits(self, box) -> bool:
        """Whether ``box`` overlaps a box already filed (touching edges do not)."""
        return any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1]
                   for k in self._keys(box) for b in self.cells.get(k, ()))
