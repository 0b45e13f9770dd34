"""The one schema of c2graph: every label, relationship type, property and value, declared once.

Everything else is derived from the tables here, never written out again:

* the Cypher a store writes (``graph.store.statements``: labels, types and the
  property order of a load row), the constraints and indexes;
* validation (``loaders.fields``: which actor keys exist, which are required, which
  take a vocabulary value), and the "expected one of …" lists of its messages;
* the model (``graph.model.Actor`` and ``Relationship`` are built from the property
  tables);
* the roles a relationship type plays: the org-chart tree, the reach of a national
  command authority, the order of a parent's children;
* how things are drawn and named, for every renderer and exchange format: line styles,
  nation colours, kind shapes, English and Japanese labels of kinds, relationship
  types, authorities, nations and statuses (``viz.style`` and the legends read these);
* the documentation tables (``docs/schema.md`` is generated from this module by
  ``scripts/gen_docs.py``; a test keeps it current).

Labels and relationship types reach Cypher text only through :func:`kind_label` and
:func:`rel_type`, which return the schema's own string: nothing read from a dataset, a
command line or a query parameter is ever formatted into a query.  See docs/domain.md.

To add a relationship type, a status or an actor property, add one entry here; the
stores, loaders, legends and docs follow (run ``python scripts/gen_docs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

# -- labels -------------------------------------------------------------------------------

#: Every actor node carries this label plus exactly one kind label.
ACTOR_LABEL = "Actor"
#: One node per loaded scenario, with its metadata (title, status, base …).
SCENARIO_LABEL = "Scenario"
#: One node per source a loaded scenario cites (keyed by ``scenario`` and ``id``).
SOURCE_LABEL = "Source"


@dataclass(frozen=True)
class Kind:
    """A kind of actor: its label, what it is, its name in both languages, its shape."""

    name: str
    description: str
    english: str
    japanese: str
    shape: str    # neutral shape name: ellipse, box, rounded-box, hexagon (renderers map it)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("Office", "a post held by one person (President, Minister of Defense)",
         "office", "職位", "ellipse"),
    Kind("Command", "a military command or force headquarters", "command", "司令部", "box"),
    Kind("Staff", "a staff organisation that assists a principal (Joint Staff)",
         "staff", "幕僚", "rounded-box"),
    Kind("Forum", "a consultation or coordination body with members", "forum", "協議体",
         "hexagon"),
)}


# -- relationship types -------------------------------------------------------------------

@dataclass(frozen=True)
class LineStyle:
    """How a relationship type is drawn, in neutral terms each renderer maps."""

    dash: str            # "solid", "dashed", "dotted", "dashdot"
    width: float         # points at 100 % zoom
    arrow: bool          # arrowhead at the target
    color: str           # hex
    double: bool = False
    label: str = ""      # the legend's text for this line

    def describe(self) -> str:
        """In words, for documentation: 'solid, 2.5 pt, arrow'."""
        parts = [("double " if self.double else "") + self.dash, f"{self.width:g} pt",
                 "arrow" if self.arrow else "no arrow"]
        return ", ".join(parts)


@dataclass(frozen=True)
class RelType:
    """One relationship type: meaning, names, line style and the roles it plays.

    Roles:

    ``tree``
        it hangs a subordinate below its superior: the org chart's ranks (Graphviz
        ``constraint``), the subtree ``--focus`` follows down.
    ``reach``
        a national command authority reaches an actor along it (the ``unreachable``
        check and query).
    ``rank``
        the order of a parent's children left to right, by how they hang on it.
    """

    name: str
    meaning: str
    english: str
    japanese: str
    style: LineStyle
    rank: int
    symmetric: bool = False
    is_command: bool = False
    tree: bool = False
    reach: bool = False

    def label(self, lang: str = "en") -> str:
        """The type's name in ``en``, ``ja`` or ``both``."""
        return _pick(self.english, self.japanese, lang)


REL_TYPES: dict[str, RelType] = {r.name: r for r in (
    RelType("COMMANDS", "command authority (see AUTHORITIES)", "commands", "指揮",
            LineStyle("solid", 2.5, True, "#1f2937", label="commands (authority on the line)"),
            rank=0, is_command=True, tree=True, reach=True),
    RelType("SUPERVISES", "supervision without operational command", "supervises", "監督",
            LineStyle("solid", 1.0, True, "#4b5563", label="supervises (監督)"),
            rank=1, tree=True, reach=True),
    RelType("ADVISES", "advice to a decision maker; no command", "advises", "助言",
            LineStyle("dotted", 1.2, True, "#7c3aed", label="advises (助言)"), rank=5),
    RelType("ASSISTS", "staff assistance to a principal", "assists", "補佐",
            LineStyle("dotted", 1.2, True, "#0891b2", label="assists (補佐)"), rank=4),
    RelType("COORDINATES_WITH", "coordination between peers, often across nations",
            "coordinates with", "調整",
            LineStyle("dashed", 1.5, False, "#d97706", label="coordinates with (調整)"),
            rank=7, symmetric=True),
    RelType("SUPPORTS", "supported/supporting commander relationship", "supports", "支援",
            LineStyle("dashdot", 1.5, True, "#059669", label="supports (支援)"), rank=3),
    RelType("TRANSMITS_ORDERS",
            "orders pass through this office without it holding command (10 U.S.C. 163)",
            "transmits orders", "命令の伝達",
            LineStyle("dotted", 1.5, True, "#dc2626", label="transmits orders, no command"),
            rank=2, reach=True),
    RelType("DUAL_HATTED_WITH", "one officer holds both posts", "dual-hatted with", "兼務",
            LineStyle("solid", 1.5, False, "#be185d", double=True,
                      label="dual-hatted (one officer, two posts)"),
            rank=6, symmetric=True),
    RelType("MEMBER_OF", "participation in a forum or coordination body", "member of", "参加",
            LineStyle("solid", 0.8, True, "#9ca3af", label="member of"), rank=8, reach=True),
)}

#: The style of a line whose type the schema does not know (drawing foreign data).
UNKNOWN_LINE = LineStyle("solid", 1.0, True, "#6b7280")
#: Types that hang a subordinate below its superior (org chart ranks, ``--focus``).
TREE_TYPES: tuple[str, ...] = tuple(t for t, r in REL_TYPES.items() if r.tree)
#: Types along which a national command authority reaches an actor (``MEMBER_OF`` runs
#: member -> forum, so a forum is reached through its members).
REACH_TYPES: tuple[str, ...] = tuple(t for t, r in REL_TYPES.items() if r.reach)
SYMMETRIC_TYPES: frozenset[str] = frozenset(t for t, r in REL_TYPES.items() if r.symmetric)


# -- property values ------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A vocabulary value with its description and its labels in both languages."""

    name: str
    description: str
    english: str
    japanese: str
    rank: int = 0             # display order where one is needed

    def label(self, lang: str = "en") -> str:
        return _pick(self.english, self.japanese, lang)


@dataclass(frozen=True)
class Authority(Term):
    """A command authority; ``full_command`` makes its holder a superior (unity of command)."""

    full_command: bool = False


@dataclass(frozen=True)
class Status(Term):
    """An actor's or a scenario's status; a ``tentative`` one is drawn dashed and pale."""

    tentative: bool = False


#: Values of ``authority`` on a ``COMMANDS`` relationship (Joint Publication 1 plus
#: ``NCA`` and the Japanese national ``COMMAND``).  ``rank`` orders them from the most
#: to the least complete command.
AUTHORITIES: dict[str, Authority] = {t.name: t for t in (
    Authority("NCA", "national command authority over the armed forces",
         "national command authority", "最高指揮", rank=0, full_command=True),
    Authority("COCOM", "combatant command (command authority)", "combatant command",
         "戦闘指揮", rank=1, full_command=True),
    Authority("OPCON", "operational control", "operational control", "作戦統制", rank=3,
         full_command=True),
    Authority("TACON", "tactical control", "tactical control", "戦術統制", rank=4),
    Authority("ADCON", "administrative control", "administrative control", "行政統制", rank=5),
    Authority("COMMAND", "national command without a finer US category (Japanese 指揮)",
         "national command", "指揮", rank=2, full_command=True),
)}

#: Authorities that make an actor a *superior* for unity-of-command checks.
FULL_COMMAND_AUTHORITIES = frozenset(a for a, t in AUTHORITIES.items() if t.full_command)


@dataclass(frozen=True)
class Nation(Term):
    """A nation (or the combined bodies): names, colours, and its column on charts."""

    color: str = "#6b7280"   # border and text
    fill: str = "#f3f4f6"    # box fill


NATIONS: dict[str, Nation] = {n.name: n for n in (
    Nation("US", "United States", "United States", "米国", rank=0,
           color="#2563eb", fill="#dbeafe"),
    Nation("JP", "Japan", "Japan", "日本", rank=2, color="#dc2626", fill="#fee2e2"),
    Nation("KR", "Republic of Korea", "Republic of Korea", "韓国", rank=3,
           color="#16a34a", fill="#dcfce7"),
    Nation("COMBINED", "a combined or bilateral body of several nations",
           "Combined / alliance bodies", "連合・同盟機関", rank=1,
           color="#7c3aed", fill="#ede9fe"),
)}
#: The nation whose actors may join two national chains in command.
COMBINED = "COMBINED"
#: Left-to-right order of the nations' columns: combined bodies sit between the chains.
NATION_ORDER: tuple[str, ...] = tuple(sorted(NATIONS, key=lambda n: NATIONS[n].rank))

STATUSES: dict[str, Status] = {t.name: t for t in (
    Status("established", "exists (in the scenario's time)", "established", "既存"),
    Status("announced", "officially announced, not yet in place", "announced", "発表済み"),
    Status("proposed", "proposed in public debate or by the source", "proposed", "構想",
         tentative=True),
    Status("possible", "a possibility the source raises", "possible", "可能性", tentative=True),
    Status("superseded",
           "overtaken by a later decision (the scenario names the date and source)",
           "superseded", "見送り", tentative=True),
)}
TENTATIVE_STATUSES = frozenset(s for s, t in STATUSES.items() if t.tentative)


# -- properties -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Property:
    """One property of an actor, a relationship, a scenario or a source.

    ``value`` says how it is read and checked: ``id`` (a lower-case slug), ``text``,
    ``note`` (long text), ``rank`` (a grade such as O-10), ``sources`` (a list of source
    references), ``date``, or the name of a vocabulary table (``kind``, ``nation``,
    ``status``, ``authority``) whose keys are its only values.
    """

    name: str
    description: str
    value: str = "text"
    required: bool = False

    @property
    def choices(self) -> dict | None:
        """The vocabulary table of a vocabulary property, else ``None``."""
        return VOCABULARIES.get(self.value)


VOCABULARIES: dict[str, dict] = {"kind": KINDS, "nation": NATIONS, "status": STATUSES,
                                 "authority": AUTHORITIES}

#: An actor's properties in display (and load row) order.  ``id`` and the store's
#: ``scenario`` together are the key; ``kind`` is also written as a label.
ACTOR_PROPERTIES: tuple[Property, ...] = (
    Property("id", "stable slug, e.g. us.indopacom", "id", required=True),
    Property("kind", "one of the kinds (also written as a label)", "kind", required=True),
    Property("name_en", "English name", required=True),
    Property("name_ja", "Japanese name (required for nation JP)"),
    Property("short", "short name or acronym"),
    Property("nation", "one of the nations", "nation", required=True),
    Property("rank", "rank of the post holder, e.g. O-10", "rank"),
    Property("location", "where the post sits"),
    Property("status", "one of the statuses", "status", required=True),
    Property("sources", "list of source references 'source-id' or 'source-id#locator'",
             "sources", required=True),
    Property("note", "free text", "note"),
)

#: A relationship's properties; its endpoints (``from``, ``to``) and its ``type`` are
#: its structure.  ``id`` is derived: ``<from>-<TYPE>-><to>``.
RELATIONSHIP_PROPERTIES: tuple[Property, ...] = (
    Property("id", "'<from>-<TYPE>-><to>', unique in a scenario", "id"),
    Property("authority", "one of the authorities, on COMMANDS only (required there)",
             "authority"),
    Property("sources", "list of source references", "sources", required=True),
    Property("note", "free text", "note"),
)

#: A scenario's properties (its ``Scenario`` node).
SCENARIO_PROPERTIES: tuple[Property, ...] = (
    Property("id", "scenario id, e.g. jjoc-2025", "id", required=True),
    Property("title", "one line", required=True),
    Property("title_ja", "the title in Japanese (charts and slides with --lang ja)"),
    Property("status", "one of the statuses", "status", required=True),
    Property("base", "the scenario it changes (none for the root scenario)", "id"),
    Property("date", "when it takes effect, YYYY-MM-DD", "date"),
    Property("description", "free text", "note"),
    Property("description_ja", "the description in Japanese", "note"),
    Property("sources", "what the scenario rests on", "sources", required=True),
)

#: A source's properties (``sources.yaml``, and a ``Source`` node per scenario).
SOURCE_PROPERTIES: tuple[Property, ...] = (
    Property("id", "source id, cited as 'id' or 'id#locator'", "id", required=True),
    Property("title", "title of the work", required=True),
    Property("author", "author or issuing body"),
    Property("published", "date or year of publication"),
    Property("citation", "how to cite it (statute section, document number)"),
    Property("url", "where to read it"),
    Property("note", "free text", "note"),
)

#: A scenario file's ``superseded:`` block (status ``superseded`` only): when and by what
#: the scenario was overtaken.  Stored on the scenario's node as ``superseded_<name>``.
SUPERSEDED_PROPERTIES: tuple[Property, ...] = (
    Property("date", "when it was overtaken, YYYY-MM-DD", "date", required=True),
    Property("by", "the scenario that overtook it", "id"),
    Property("sources", "the source that says so", "sources", required=True),
    Property("note", "free text", "note"),
)

#: One dated event of a scenario file's ``events:`` list (established or announced
#: scenarios only); its ``changes`` are read like a scenario's own.  ``graph.timeline``
#: turns the events into the structure on any date (``--as-of``).
EVENT_PROPERTIES: tuple[Property, ...] = (
    Property("id", "event id, unique in the scenario", "id", required=True),
    Property("title", "one line", required=True),
    Property("announced", "when it was announced, YYYY-MM-DD", "date"),
    Property("effective", "when it takes effect, YYYY-MM-DD (none: not yet in effect)",
             "date"),
    Property("sources", "what says so", "sources", required=True),
    Property("note", "free text", "note"),
)

#: What a store keeps on a scenario's node beyond ``SCENARIO_PROPERTIES`` (written by
#: the loader from the dated parts; read by ``graph.timeline``).  Exchange formats carry
#: the graph and ``SCENARIO_PROPERTIES`` only.
SCENARIO_STORED_PROPERTIES: tuple[Property, ...] = (
    Property("superseded_date", "the superseded block's date (and _by, _sources, _note)"),
    Property("timeline", "'DATE=graph id' items: the stored graph in effect from each date"),
    Property("events", "the events of the scenario and its bases, one JSON text each"),
    Property("snapshot_of", "on a stored dated state (e.g. usfj-jfhq@2025-03-30): the"
                            " scenario it is a state of", "id"),
)

ACTOR_FIELDS: tuple[str, ...] = tuple(p.name for p in ACTOR_PROPERTIES)
RELATIONSHIP_FIELDS: tuple[str, ...] = tuple(p.name for p in RELATIONSHIP_PROPERTIES)
SCENARIO_FIELDS: tuple[str, ...] = tuple(p.name for p in SCENARIO_PROPERTIES)
SOURCE_FIELDS: tuple[str, ...] = tuple(p.name for p in SOURCE_PROPERTIES)
SUPERSEDED_FIELDS: tuple[str, ...] = tuple(p.name for p in SUPERSEDED_PROPERTIES)
EVENT_FIELDS: tuple[str, ...] = tuple(p.name for p in EVENT_PROPERTIES)
#: A scenario file's keys besides its properties: undated ``changes``, or dated
#: ``events``; a ``superseded`` block.
SCENARIO_FILE_PARTS: tuple[str, ...] = ("changes", "superseded", "events")


# -- names that reach Cypher ----------------------------------------------------------------

def kind_label(kind: str) -> str:
    """Return the schema's own label string for ``kind`` or raise ``ValueError``."""
    for known in KINDS:
        if known == kind:
            return known
    raise ValueError(f"unknown kind {kind!r}")


def rel_type(name: str) -> str:
    """Return the schema's own relationship-type string or raise ``ValueError``."""
    for known in REL_TYPES:
        if known == name:
            return known
    raise ValueError(f"unknown relationship type {name!r}")


def relationship_id(source: str, type_: str, target: str) -> str:
    """The stable id of a relationship: one relationship of a type per ordered pair."""
    return f"{source}-{type_}->{target}"


# -- words for people -----------------------------------------------------------------------

def _pick(english: str, japanese: str, lang: str) -> str:
    if lang == "ja":
        return japanese or english
    if lang == "both" and japanese:
        return f"{english} {japanese}"
    return english


def nation_name(nation: str, lang: str = "en") -> str:
    """A nation's name on a chart: ``nation_name("JP", "ja") == "日本"``."""
    known = NATIONS.get(nation)
    return known.label(lang) if known else str(nation)


def status_word(status: str | None, lang: str = "en") -> str:
    """A status in ``en``, ``ja`` or ``both`` (``""`` for none)."""
    if not status:
        return ""
    known = STATUSES.get(status)
    return known.label(lang) if known else str(status)


def is_tentative(status: str | None) -> bool:
    """Whether an actor of this status is drawn as tentative (dashed and pale)."""
    return status in TENTATIVE_STATUSES


def actor_label(attrs: dict, lang: str = "en") -> str:
    """An actor's full name for ``en``, ``ja`` or ``both`` (falls back to English).

    >>> actor_label({"id": "jp.mod", "name_en": "Minister of Defense", "name_ja": "防衛大臣"}, "both")
    'Minister of Defense\\n防衛大臣'
    """
    en = attrs.get("short") or attrs.get("name_en") or attrs.get("id", "")
    ja = attrs.get("name_ja")
    if lang == "ja":
        return ja or attrs.get("name_en") or en
    if lang == "both" and ja:
        return f"{attrs.get('name_en') or en}\n{ja}"
    return attrs.get("name_en") or en


def compact_label(attrs: dict, lang: str = "en") -> str:
    """A short name for dense drawings: the short name (acronym) where there is one.

    ``en``: short name, else English name; ``ja``: Japanese name, else as ``en``;
    ``both``: the ``en`` form over the Japanese name.  Full names stay in tooltips.
    """
    en = attrs.get("short") or attrs.get("name_en") or attrs.get("id", "")
    ja = attrs.get("name_ja")
    if lang == "ja":
        return ja or en
    if lang == "both" and ja:
        return f"{en}\n{ja}"
    return en


def edge_label(attrs: dict) -> str:
    """Text on a line: the authority of a command, nothing for the others."""
    return attrs.get("authority") or ""
