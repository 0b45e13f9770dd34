"""The closed vocabulary of c2graph: node kinds, relationship types and their values.

This module is the single source for every label and relationship type that is
written into Cypher text.  Nothing read from a dataset, a command line or a query
parameter is ever formatted into a query: it is first checked against these
tables and only the vocabulary's own string is used.  See docs/domain.md.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every node carries this label plus exactly one kind label.
ACTOR_LABEL = "Actor"

KINDS: dict[str, str] = {
    "Office": "a post held by one person (President, Minister of Defense)",
    "Command": "a military command or force headquarters",
    "Staff": "a staff organisation that assists a principal (Joint Staff)",
    "Forum": "a consultation or coordination body with members",
}


@dataclass(frozen=True)
class RelType:
    """One relationship type of the vocabulary and how it is drawn."""

    name: str
    meaning: str
    japanese: str
    drawn_as: str
    symmetric: bool = False
    is_command: bool = False


REL_TYPES: dict[str, RelType] = {
    r.name: r
    for r in (
        RelType("COMMANDS", "command authority (see AUTHORITIES)", "指揮",
                "solid line, down the chart", is_command=True),
        RelType("SUPERVISES", "supervision without operational command", "監督",
                "solid thin"),
        RelType("ADVISES", "advice to a decision maker; no command", "助言", "dotted"),
        RelType("ASSISTS", "staff assistance to a principal", "補佐", "dotted"),
        RelType("COORDINATES_WITH", "coordination between peers, often across nations",
                "調整", "dashed, no arrow", symmetric=True),
        RelType("SUPPORTS", "supported/supporting commander relationship", "支援",
                "dash-dot"),
        RelType("TRANSMITS_ORDERS",
                "orders pass through this office without it holding command (10 U.S.C. 163)",
                "命令の伝達", "dotted with arrow"),
        RelType("DUAL_HATTED_WITH", "one officer holds both posts", "兼務",
                "double line", symmetric=True),
        RelType("MEMBER_OF", "participation in a forum or coordination body", "参加",
                "thin grey"),
    )
}

#: Values of ``authority`` on a ``COMMANDS`` relationship (Joint Publication 1 plus
#: ``NCA`` and the Japanese national ``COMMAND``).
AUTHORITIES: dict[str, str] = {
    "NCA": "national command authority over the armed forces",
    "COCOM": "combatant command (command authority)",
    "OPCON": "operational control",
    "TACON": "tactical control",
    "ADCON": "administrative control",
    "COMMAND": "national command without a finer US category (Japanese 指揮)",
}

#: Authorities that make an actor a *superior* for unity-of-command checks.
FULL_COMMAND_AUTHORITIES = frozenset({"NCA", "COCOM", "OPCON", "COMMAND"})

NATIONS: dict[str, str] = {
    "US": "United States",
    "JP": "Japan",
    "KR": "Republic of Korea",
    "COMBINED": "a combined or bilateral body of several nations",
}

STATUSES: dict[str, str] = {
    "established": "exists (in the scenario's time)",
    "announced": "officially announced, not yet in place",
    "proposed": "proposed in public debate or by the source",
    "possible": "a possibility the source raises",
    "superseded": "overtaken by a later decision (the scenario names the date and source)",
}

#: Node properties every store writes, in display order.  ``id`` and
#: ``scenario`` together are the key.
NODE_PROPERTIES: dict[str, str] = {
    "id": "stable slug, e.g. us.indopacom",
    "kind": "one of KINDS (also written as a label)",
    "name_en": "English name",
    "name_ja": "Japanese name",
    "short": "short name or acronym",
    "nation": "one of NATIONS",
    "rank": "rank of the post holder, e.g. O-10",
    "location": "where the post sits",
    "status": "one of STATUSES",
    "sources": "list of source references 'source-id' or 'source-id#locator'",
    "note": "free text",
}

REL_PROPERTIES: dict[str, str] = {
    "id": "'<from>-<TYPE>-><to>', unique in a scenario",
    "authority": "one of AUTHORITIES, only on COMMANDS",
    "sources": "list of source references",
    "note": "free text",
}


def kind_label(kind: str) -> str:
    """Return the vocabulary's own label string for ``kind`` or raise ``ValueError``."""
    for known in KINDS:
        if known == kind:
            return known
    raise ValueError(f"unknown kind {kind!r}")


def rel_type(name: str) -> str:
    """Return the vocabulary's own relationship-type string or raise ``ValueError``."""
    for known in REL_TYPES:
        if known == name:
            return known
    raise ValueError(f"unknown relationship type {name!r}")


def relationship_id(source: str, type_: str, target: str) -> str:
    """The stable id of a relationship: one relationship of a type per ordered pair."""
    return f"{source}-{type_}->{target}"
