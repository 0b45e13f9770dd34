"""What every chart and slide states on its face, beside the boxes: the status stamp,
the "as of" date and the short source line.

A chart cut out of a deck and pasted into a paper must still say that the structure
it shows is only proposed, when it was true, and what it rests on.  The scenario's
status becomes a stamp (PROPOSED / POSSIBLE / ANNOUNCED, in the chart's language) for
every scenario that is not established; the "as of" date is the scenario's date, or
else the latest publication date among the sources it rests on (the dataset's own
date); the source line names the sources of what is drawn, abbreviated, with the full
list in the speaker notes (PPTX) or on ``c2graph export json``.
"""

from __future__ import annotations

from c2graph.graph.schema import STATUSES
from c2graph.viz.export.common import sources_shown

#: Every status but the established one, in English capitals and in Japanese (the
#: schema's words).
STAMPS = {s: (t.english.upper(), t.japanese) for s, t in STATUSES.items()
          if s != "established"}
STAMP_COLOR = "#b91c1c"


def stamp_text(status: str | None, lang: str) -> str:
    """The stamp of a scenario's status ('' for an established one)."""
    if status not in STAMPS:
        return ""
    en, ja = STAMPS[status]
    return {"en": en, "ja": ja}.get(lang, f"{en} {ja}")


def as_of(g, catalogue: dict[str, dict]) -> str:
    """The date the chart is true at: the scenario's, else its latest source's."""
    if g.graph.get("date"):
        return str(g.graph["date"])
    dates = []
    for ref in g.graph.get("sources") or sources_shown(g):
        info = catalogue.get(ref.partition("#")[0]) or {}
        if info.get("published"):
            dates.append(str(info["published"]))
    return max(dates) if dates else ""


def as_of_line(g, catalogue: dict[str, dict], lang: str, produced: str) -> str:
    date = as_of(g, catalogue)
    if lang == "ja":
        return (f"時点 {date} ・ " if date else "") + f"作成 {produced}"
    if lang == "both":
        return (f"As of 時点 {date} · " if date else "") + f"produced 作成 {produced}"
    return (f"As of {date} · " if date else "") + f"produced {produced}"


def source_line(g, lang: str, limit: int = 6, where: str = "notes") -> str:
    """'Sources: a, b, c + N more (full list in the notes)'; ids without locators."""
    ids: list[str] = []
    for ref in sources_shown(g):
        sid = ref.partition("#")[0]
        if sid not in ids:
            ids.append(sid)
    if not ids:
        return ""
    shown = ", ".join(ids[:limit])
    more = len(ids) - limit
    if lang == "ja":
        rest = f" ほか{more}件" if more > 0 else ""
        place = {"notes": "ノート", "pages": "巻末の注記"}.get(where, "json出力")
        return f"出典：{shown}{rest}（一覧は{place}）"
    rest = f" + {more} more" if more > 0 else ""
    place = {"notes": "the speaker notes", "pages": "the notes at the end"}.get(
        where, "'c2graph export json'")
    return f"Sources: {shown}{rest} (full list in {place})"
