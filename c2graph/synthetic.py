"""Synthetic organisations: a valid dataset folder of any size, the same for a seed.

Why: the bundled alliance graph has about a hundred actors, while the people who
adopt c2graph load whole force structures.  ``generate()`` writes a dataset in the
bundled format (docs/dataset-format.md) -- ``sources.yaml``, one file per nation plus
``combined.yaml``, and ``scenarios/`` with a root and three derived scenarios -- so a
benchmark or a bug report at 100,000 actors can be reproduced from four numbers.

Shape (all drawn from one ``random.Random(seed)``, so equal options give
byte-identical files):

* each nation is a command tree: head of government -NCA-> minister -> top
  commands -> ... with on average ``branching`` subordinates per command (drawn
  between 1 and ``2*branching - 1``); about one actor in twelve is a ``Staff`` that
  also ASSISTS its commander;
* combined bodies (``COMBINED``): about one forum per 500 actors, whose members are
  the nations' top commands, plus MEMBER_OF lines from a sample of commands;
* ``coordination_ratio`` * actors COORDINATES_WITH lines between commands, across
  nations where there are several;
* scenarios: ``baseline`` (root), ``reorg`` (1% of commands move to a new superior
  at the same depth, ranks updated), ``expansion`` (on reorg: 1% new commands,
  proposed) and ``coalition`` (on baseline: a combined command takes OPCON of each
  nation's first top command; a few leaf actors are removed).

Writing streams: every actor and relationship is one flow-style YAML line written
as it is produced (no YAML library, no whole-file string), so 100,000 actors take
about a second and little memory.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

#: Nations that get a command tree, in the order ``--nations K`` takes them.
NATION_ORDER = ("US", "JP", "KR")
NATION_NAMES = {"US": ("US", "米"), "JP": ("JSDF", "自衛隊"), "KR": ("ROK", "韓国"),
                "COMBINED": ("Combined", "連合")}
MIN_ACTORS = 10
MAX_ACTORS = 1_000_000
MAX_BRANCHING = 100
#: Actors per nation file; a larger nation is split into ``us.yaml``, ``us-2.yaml`` ...
#: so that no file nears the loader's per-file size limit.
PART_SIZE = 100_000
SOURCE_ID = "synthetic"
RANKS = ("O-10", "O-9", "O-8", "O-7", "O-6", "O-5", "O-4", "O-3")


class GenerateError(ValueError):
    """Options out of range or an unusable folder; each problem names what it accepts."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Options:
    actors: int
    branching: int = 4
    nations: int = 3
    coordination_ratio: float = 0.05
    seed: int = 0

    def check(self) -> None:
        """Raise ``GenerateError`` with one clear sentence for each bad option."""
        problems = []
        if not MIN_ACTORS <= self.actors <= MAX_ACTORS:
            problems.append(f"--actors must be between {MIN_ACTORS} and {MAX_ACTORS:,}"
                            f" (got {self.actors})")
        if not 2 <= self.branching <= MAX_BRANCHING:
            problems.append(f"--branching must be between 2 and {MAX_BRANCHING}"
                            f" (got {self.branching})")
        if not 1 <= self.nations <= len(NATION_ORDER):
            problems.append(f"--nations must be between 1 and {len(NATION_ORDER)}"
                            f" ({', '.join(NATION_ORDER)}; got {self.nations})")
        if not 0.0 <= self.coordination_ratio <= 1.0:
            problems.append("--coordination-ratio must be between 0 and 1 (coordination"
                            f" lines per actor; got {self.coordination_ratio:g})")
        if self.seed < 0:
            problems.append(f"--seed must be 0 or more (got {self.seed})")
        if problems:
            raise GenerateError(problems)


@dataclass
class Summary:
    """What was written: counts for the command to print."""

    path: Path
    actors: int
    relationships: int
    scenarios: list[str]
    files: list[Path]
    depth: int


# -- YAML emission --------------------------------------------------------------------------

def _scalar(value) -> str:
    """A YAML scalar: ids and vocabulary words plain, free text double-quoted.

    A JSON string is a valid YAML double-quoted scalar, so ``json.dumps`` quotes
    anything (colons, commas, '#', Japanese) without a YAML library.
    """
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, str) and value and all(c.isalnum() and c.isascii() or c in ".-_"
                                                for c in value):
        if not value[0].isdigit():
            return value
    return json.dumps(value, ensure_ascii=False)


def _flow(item: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in item.items()) + "}"


class _Lines:
    """A file written line by line through a buffered handle."""

    def __init__(self, path: Path):
        self.path = path
        self._f = open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)

    def write(self, text: str) -> None:
        self._f.write(text + "\n")

    def item(self, item: dict, indent: str = "  ") -> None:
        self._f.write(f"{indent}- {_flow(item)}\n")

    def close(self) -> None:
        self._f.close()


# -- the organisation -----------------------------------------------------------------------

@dataclass
class _Node:
    id: str
    nation: str
    kind: str
    depth: int
    parent: int | None  # index in the nation's node list
    number: int


def _actor(node: _Node, sources=(SOURCE_ID,)) -> dict:
    en, ja = NATION_NAMES[node.nation]
    if node.kind == "Office":
        name_en, name_ja = ((f"{en} Head of Government", f"{ja}最高指揮官") if node.depth == 0
                            else (f"{en} Defense Minister", f"{ja}国防大臣"))
    elif node.kind == "Staff":
        name_en, name_ja = f"{en} Staff {node.number}", f"{ja}第{node.number}幕僚部"
    else:
        name_en, name_ja = f"{en} Command {node.number}", f"{ja}第{node.number}司令部"
    item = {"id": node.id, "kind": node.kind, "name_en": name_en, "name_ja": name_ja,
            "nation": node.nation}
    if node.kind != "Office" or node.depth > 0:
        item["rank"] = RANKS[min(max(node.depth - 1, 0), len(RANKS) - 1)]
    item["status"] = "established"
    item["sources"] = list(sources)
    return item


def _authority(parent: _Node) -> str:
    if parent.depth == 0:
        return "NCA"
    if parent.depth == 1:
        return "COCOM" if parent.nation == "US" else "COMMAND"
    return "OPCON" if parent.nation == "US" else "COMMAND"


def _nation_tree(nation: str, size: int, branching: int, rng: random.Random) -> list[_Node]:
    """A command tree of ``size`` actors, breadth first: index 0 is the head.

    A ``Staff`` is drawn only while another command is still waiting to receive
    subordinates (``ahead``), so the tree always reaches ``size``.
    """
    prefix = nation.lower()
    width = max(6, len(str(size)))
    nodes = [_Node(f"{prefix}.head", nation, "Office", 0, None, 0)]
    if size > 1:
        nodes.append(_Node(f"{prefix}.minister", nation, "Office", 1, 0, 0))
    parent, ahead = 1, 0
    while len(nodes) < size:
        for _ in range(rng.randint(1, 2 * branching - 1)):
            if len(nodes) >= size:
                break
            number = len(nodes) - 1
            staff = parent > 1 and ahead > 0 and rng.random() < 1 / 12
            if not staff:
                ahead += 1
            nodes.append(_Node(f"{prefix}.{'s' if staff else 'c'}{number:0{width}d}", nation,
                               "Staff" if staff else "Command", nodes[parent].depth + 1,
                               parent, number))
        parent += 1
        while parent < len(nodes) and nodes[parent].kind == "Staff":
            parent += 1
        if parent < len(nodes):
            ahead -= 1
    return nodes


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _rel(source: str, type_: str, target: str, authority: str | None = None) -> dict:
    item = {"from": source, "type": type_, "to": target}
    if authority:
        item["authority"] = authority
    item["sources"] = [SOURCE_ID]
    return item


def generate(out: str | Path, options: Options) -> Summary:
    """Write the dataset folder ``out`` (created; must be absent or empty)."""
    options.check()
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GenerateError(f"{out} already exists and is not an empty folder; choose a new"
                            " one (nothing was written)")
    rng = random.Random(options.seed)
    nations = NATION_ORDER[:options.nations]
    forums = max(1, options.actors // 500)
    sizes = _split(options.actors - forums, len(nations))
    trees = {n: _nation_tree(n, size, options.branching, rng) for n, size in zip(nations, sizes)}

    (out / "scenarios").mkdir(parents=True, exist_ok=True)
    files = [_write_sources(out, options)]
    relationships = 0
    for nation, nodes in trees.items():
        written, count = _write_nation(out, nation, nodes)
        files += written
        relationships += count
    path, count, forum_ids = _write_combined(out, trees, forums, options, rng)
    files.append(path)
    relationships += count
    files += _write_scenarios(out, trees, forum_ids, options, rng)
    depth = max(n.depth for nodes in trees.values() for n in nodes)
    return Summary(out, options.actors, relationships, list(SCENARIOS), files, depth)


def _write_sources(out: Path, options: Options) -> Path:
    path = out / "sources.yaml"
    f = _Lines(path)
    f.write("# Written by 'c2graph generate': a synthetic organisation, not real data.")
    f.write("sources:")
    f.write(f"  {SOURCE_ID}:")
    title = (f"Synthetic organisation: {options.actors} actors, branching"
             f" {options.branching}, {options.nations} nation(s), coordination ratio"
             f" {options.coordination_ratio:g}, seed {options.seed}")
    f.write(f"    title: {_scalar(title)}")
    f.write(f"    author: {_scalar('c2graph generate')}")
    f.write("    note: " + _scalar(
        f"Reproduce with: c2graph generate --actors {options.actors} --branching"
        f" {options.branching} --nations {options.nations} --coordination-ratio"
        f" {options.coordination_ratio:g} --seed {options.seed} -o DIR"))
    f.close()
    return path


def _write_nation(out: Path, nation: str, nodes: list[_Node]) -> tuple[list[Path], int]:
    """One file per nation (split in parts of PART_SIZE actors); returns paths, rel count."""
    written, count = [], 0
    stem = nation.lower()
    for part, start in enumerate(range(0, len(nodes), PART_SIZE), start=1):
        chunk = nodes[start:start + PART_SIZE]
        path = out / (f"{stem}.yaml" if part == 1 else f"{stem}-{part}.yaml")
        f = _Lines(path)
        f.write(f"# {NATION_NAMES[nation][0]} command tree (synthetic), part {part}")
        f.write("actors:")
        for node in chunk:
            f.item(_actor(node))
        f.write("relationships:")
        for node in chunk:
            if node.parent is None:
                continue
            parent = nodes[node.parent]
            if node.kind == "Staff":
                f.item(_rel(parent.id, "COMMANDS", node.id, "ADCON"))
                f.item(_rel(node.id, "ASSISTS", parent.id))
                count += 2
            else:
                f.item(_rel(parent.id, "COMMANDS", node.id, _authority(parent)))
                count += 1
        f.close()
        written.append(path)
    return written, count


def _commands(nodes: list[_Node]) -> list[_Node]:
    return [n for n in nodes if n.kind == "Command"]


def _write_combined(out: Path, trees: dict, forums: int, options: Options,
                    rng: random.Random) -> tuple[Path, int, list[str]]:
    """Forums (COMBINED) with MEMBER_OF lines, and the coordination lines between commands."""
    path = out / "combined.yaml"
    f = _Lines(path)
    f.write("# Combined bodies and coordination (synthetic)")
    f.write("actors:")
    width = max(4, len(str(forums)))
    forum_ids = [f"combined.f{i:0{width}d}" for i in range(1, forums + 1)]
    for i, fid in enumerate(forum_ids, start=1):
        f.item({"id": fid, "kind": "Forum", "name_en": f"Combined Forum {i}",
                "name_ja": f"連合第{i}協議会", "nation": "COMBINED", "status": "established",
                "sources": [SOURCE_ID]})
    f.write("relationships:")
    count = 0
    commands = {n: _commands(nodes) for n, nodes in trees.items()}
    tops = [c for cs in commands.values() for c in cs if c.depth == 2]
    for fid in forum_ids:
        for top in tops[:8]:
            f.item(_rel(top.id, "MEMBER_OF", fid))
            count += 1
    pool = [c for cs in commands.values() for c in cs if c.depth > 2]
    for fid in forum_ids:
        for member in sorted(rng.sample(pool, min(len(pool), 6)), key=lambda n: n.id):
            f.item(_rel(member.id, "MEMBER_OF", fid))
            count += 1
    count += _coordination(f, commands, options, rng)
    f.close()
    return path, count, forum_ids


def _coordination(f: _Lines, commands: dict, options: Options, rng: random.Random) -> int:
    """``ratio * actors`` symmetric lines, each pair once (lower id first)."""
    wanted = int(options.coordination_ratio * options.actors)
    nations = [n for n in commands if commands[n]]
    if not nations or wanted == 0:
        return 0
    seen: set[tuple[str, str]] = set()
    tries = 0
    while len(seen) < wanted and tries < wanted * 20:
        tries += 1
        a_nation = rng.choice(nations)
        others = [n for n in nations if n != a_nation] or nations
        b_nation = rng.choice(others)
        a, b = rng.choice(commands[a_nation]), rng.choice(commands[b_nation])
        if a.id == b.id:
            continue
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if pair in seen:
            continue
        seen.add(pair)
        f.item(_rel(pair[0], "COORDINATES_WITH", pair[1]))
    return len(seen)


# -- scenarios -------------------------------------------------------------------------------

SCENARIOS = {
    "baseline": ("Synthetic baseline organisation", "established", None),
    "reorg": ("Reorganisation: one command in a hundred moves to a new superior",
              "announced", "baseline"),
    "expansion": ("Expansion: new commands stand up under the reorganised structure",
                  "proposed", "reorg"),
    "coalition": ("Coalition: a combined command takes OPCON of each nation's first top"
                  " command", "possible", "baseline"),
}


def _percent(items: list) -> int:
    """One in a hundred, at least one when there is anything to pick."""
    return min(len(items), max(1, len(items) // 100))


def _list(f: _Lines, key: str, items: list[dict]) -> None:
    """A change list in block style, one flow mapping per line; ``[]`` when empty."""
    if not items:
        f.write(f"  {key}: []")
        return
    f.write(f"  {key}:")
    for item in items:
        f.item(item, "    ")


def _header(f: _Lines, sid: str, date: str) -> None:
    title, status, base = SCENARIOS[sid]
    f.write(f"id: {sid}")
    f.write(f"title: {_scalar(title)}")
    f.write(f"status: {status}")
    f.write(f"date: {_scalar(date)}")
    if base:
        f.write(f"base: {base}")
    f.write(f"sources: [{SOURCE_ID}]")


def _write_scenarios(out: Path, trees: dict, forum_ids: list[str], options: Options,
                     rng: random.Random) -> list[Path]:
    folder = out / "scenarios"
    paths = []

    f = _Lines(folder / "baseline.yaml")
    _header(f, "baseline", "2025-01-01")
    f.write(_scalar("description") + ": " + _scalar(
        "The generated organisation as written in the nation files."))
    f.close()
    paths.append(f.path)

    # reorg: move a command to another command one level above it (a same-depth peer of
    # its superior), which can never close a cycle: the new superior is not below it.
    moves = []
    for nation, nodes in trees.items():
        by_depth: dict[int, list[_Node]] = {}
        for n in _commands(nodes):
            by_depth.setdefault(n.depth, []).append(n)
        movable = [n for n in _commands(nodes) if n.depth >= 3]
        for node in rng.sample(movable, _percent(movable)):
            old = nodes[node.parent]
            peers = [p for p in by_depth.get(old.depth, []) if p.id != old.id]
            if peers:
                moves.append((node, old, rng.choice(peers)))
    f = _Lines(folder / "reorg.yaml")
    _header(f, "reorg", "2025-06-01")
    f.write("changes:")
    _list(f, "remove_relationships",
          [{"from": old.id, "type": "COMMANDS", "to": node.id} for node, old, new in moves])
    _list(f, "update_actors",
          [{"id": node.id, "rank": RANKS[min(new.depth, len(RANKS) - 1)]}
           for node, old, new in moves])
    _list(f, "add_relationships",
          [_rel(new.id, "COMMANDS", node.id, _authority(new)) for node, old, new in moves])
    f.close()
    paths.append(f.path)

    # expansion: new commands under existing ones (status proposed).
    added = []
    for nation, nodes in trees.items():
        commands = _commands(nodes)
        for i, parent in enumerate(rng.sample(commands, _percent(commands)), start=1):
            node = _Node(f"{nation.lower()}.x{i:06d}", nation, "Command", parent.depth + 1,
                         None, len(nodes) + i)
            added.append((parent, node))
    f = _Lines(folder / "expansion.yaml")
    _header(f, "expansion", "2026-01-01")
    f.write("changes:")
    _list(f, "add_actors", [{**_actor(node), "status": "proposed"} for parent, node in added])
    _list(f, "add_relationships",
          [_rel(p.id, "COMMANDS", node.id, _authority(p)) for p, node in added])
    f.close()
    paths.append(f.path)

    # coalition: a combined command with OPCON of each nation's first top command, as a
    # member of the first forum; leaf actors without other lines are removed.
    f = _Lines(folder / "coalition.yaml")
    _header(f, "coalition", "2026-06-01")
    f.write("changes:")
    leaves = []
    for nation, nodes in trees.items():
        leaves += [n for n in nodes[-50:] if n.kind == "Staff"][:3]  # staff lead no one
    if leaves:
        f.write("  remove_actors: " + _scalar([n.id for n in leaves]))
    f.write("  add_actors:")
    f.item({"id": "combined.jfc", "kind": "Command", "name_en": "Combined Joint Force Command",
            "name_ja": "連合統合部隊司令部", "short": "CJFC", "nation": "COMBINED", "rank": "O-10",
            "status": "possible", "sources": [SOURCE_ID]}, "    ")
    f.write("  add_relationships:")
    f.item(_rel("combined.jfc", "MEMBER_OF", forum_ids[0]), "    ")
    for nation, nodes in trees.items():
        tops = [n for n in _commands(nodes) if n.depth == 2]
        if tops:
            f.item(_rel("combined.jfc", "COMMANDS", tops[0].id, "OPCON"), "    ")
    f.close()
    paths.append(f.path)
    return paths


__all__ = ["GenerateError", "Options", "Summary", "generate"]
