"""The words a deck and its notes say, in English and Japanese, in one place.

A briefer exporting with ``--lang ja`` hands the deck to Japanese readers: the notes
(what the slide could not hold) must be in their language too, not only the boxes.
``--lang both`` keeps English phrases (its labels carry both names).  A part of the
deck is a ``unit``: a slide of the PPTX or a page of the printed PDF.
"""

from __future__ import annotations

from c2graph.graph.schema import REL_TYPES

DECK_WORDS = {
    "en": {"marker": "→ {unit} {slide} · {more:,} more",
           "frame": "→ {unit} {slide} · {count:,} actor{s}",
           "overview": "Overview of {parts} parts: each box a frame and the {unit} it starts"
                       " on; lines: command and supervision across frames",
           "first": "Part {part} of {parts}: {names} and below; a box marked → continues on"
                    " that {unit}",
           "part": "Part {part} of {parts}: {names} and below (from {unit} {back})",
           "others": "{names} and {more} more", "sep": ", ",
           "continued": "Continued on other {unit}s:", "continued_line": "- {name}: {where}",
           "away": "Lines to actors on other {unit}s:",
           "away_line": "- {a} {type} {b} ({unit} {slide})",
           "legend_more": "Legend (continued):"},
    "ja": {"marker": "→ {unit}{slide}・ほか{more:,}",
           "frame": "→ {unit}{slide}・{count:,}件",
           "overview": "概観（全{parts}部）：各枠と、その始まる{unit}。線は枠をまたぐ指揮・監督",
           "first": "第{part}部（全{parts}部）：{names}以下。「→」のある箱は、その{unit}に続く",
           "part": "第{part}部（全{parts}部）：{names}以下（{unit}{back}から）",
           "others": "{names}ほか{more}", "sep": "、",
           "continued": "他の{unit}に続く箱：", "continued_line": "- {name}：{where}",
           "away": "他の{unit}の関係者への線：",
           "away_line": "- {a} →（{type}）→ {b}（{unit}{slide}）",
           "legend_more": "凡例（続き）："},
}
#: What a part of the deck is called: a slide of the PPTX, a page of the printed PDF.
UNITS = {"slide": {"en": "slide", "ja": "スライド"}, "page": {"en": "page", "ja": "ページ"}}

#: The notes' own lines (``slides.notes``, and the PDF's notes pages).
NOTE_WORDS = {
    "en": {"scenario": "Scenario {id}: {title}",
           "status": "Status: {status}", "date": "; date: {date}",
           "produced": "; produced {produced} by c2graph export",
           "focus": "Focus: {focus}: its superiors, what it commands or supervises, and the"
                    " actors linked to it directly",
           "compared": "Changes marked against the base scenario {base} (new, changed;"
                       " removed drawn grey and dashed)",
           "sources": "Sources of what is shown:", "the_scenario": "the scenario",
           "used_for": " (for: {shown})", "more": " and {more} more", "sep": ", ",
           "heading": "Notes", "page": "Page {page}", "sources_pages": "Sources of what is shown"},
    "ja": {"scenario": "シナリオ {id}：{title}",
           "status": "状態：{status}", "date": "；時点：{date}",
           "produced": "；{produced} c2graph export で作成",
           "focus": "焦点：{focus}（その上位、指揮・監督する対象、直接つながる関係者）",
           "compared": "基準シナリオ {base} との違いを表示（新規・変更。削除は灰色の破線）",
           "sources": "出典：", "the_scenario": "シナリオ",
           "used_for": "（対象：{shown}）", "more": "ほか{more}件", "sep": "、",
           "heading": "注記", "page": "ページ{page}", "sources_pages": "出典"},
}


def deck_words(lang: str, unit: str = "slide") -> dict[str, str]:
    """The deck's phrases in ``lang``, a part called a ``unit`` ("slide" or "page")."""
    lang = "ja" if lang == "ja" else "en"
    return {k: v.replace("{unit}", UNITS[unit][lang]) for k, v in DECK_WORDS[lang].items()}


def note_words(lang: str) -> dict[str, str]:
    """The notes' lines in ``lang`` (English for ``en`` and ``both``)."""
    return NOTE_WORDS["ja" if lang == "ja" else "en"]


def marker_text(slide: int, more: int, lang: str = "en", unit: str = "slide") -> str:
    """The line of a continuation box: where its subtree goes on, and how big it is."""
    return deck_words(lang, unit)["marker"].format(slide=slide, more=more)


def type_label(d: dict, lang: str) -> str:
    """A relationship's type as the notes name it: "member of" (the type's name in lower
    case, as the English notes always wrote it), 参加 in Japanese."""
    t = str(d.get("type", ""))
    if lang == "ja" and t in REL_TYPES:
        return REL_TYPES[t].japanese
    return t.lower().replace("_", " ")
