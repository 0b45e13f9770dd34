"""Every validation rule of the loaders, each with a broken input and its exact line."""

from __future__ import annotations

import pytest

from c2graph.graph.model import DatasetError
from c2graph.loaders import load_dataset
from tests.helpers import copy_mini, edit, line_of


def problems_of(path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


def test_mini_dataset_materialises_scenarios():
    ds = load_dataset("tests/data/mini")
    assert list(ds.scenarios) == ["base", "reform"]
    reform = ds.scenarios["reform"]
    assert {(r.source, r.type, r.target) for r in reform.relationships.values()
            if r.type == "COMMANDS"} == {("us.top", "COMMANDS", "us.mid"),
                                         ("jp.top", "COMMANDS", "jp.new"),
                                         ("jp.new", "COMMANDS", "jp.mid")}
    assert reform.actors["us.mid"].rank == "O-9"
    assert ds.scenarios["base"].actors["us.mid"].rank == "O-10"


@pytest.mark.parametrize("old, new, needle, message", [
    ("kind: Command, name_en: US Mid", "kind: Comand, name_en: US Mid", "US Mid",
     "unknown kind 'Comand' (did you mean 'Command'?)"),
    ("type: COORDINATES_WITH", "type: COORDINATES", "COORDINATES",
     "unknown relationship type 'COORDINATES' (did you mean 'COORDINATES_WITH'?)"),
    ("authority: NCA, sources: [src-a]", "authority: OPCOM, sources: [src-a]", "OPCOM",
     "unknown authority 'OPCOM' (did you mean 'OPCON'?)"),
    ("nation: US, status: established, sources: [src-a]}\n  - {id: us.mid",
     "nation: USA, status: established, sources: [src-a]}\n  - {id: us.mid", "US Top",
     "unknown nation 'USA' (did you mean 'US'?)"),
    ("name_en: Forum, nation: COMBINED, status: established",
     "name_en: Forum, nation: COMBINED, status: rumoured", "rumoured",
     "unknown status 'rumoured'"),
    ("{id: us.mid,", "{id: us.top,", "US Mid", "duplicate actor id 'us.top'"),
    ("to: jp.mid, sources: [src-a]}", "to: jp.midd, sources: [src-a]}", "jp.midd",
     "unknown actor 'jp.midd' (did you mean 'jp.mid'?)"),
    ("name_en: JP Top, name_ja: 日本トップ, nation: JP, status: established, sources: [src-b]",
     "name_en: JP Top, name_ja: 日本トップ, nation: JP, status: established, sources: []",
     "JP Top", "no sources"),
    ("to: combined.forum, sources: [src-a]", "to: combined.forum, sources: [src-z]",
     "src-z", "unknown source 'src-z'"),
    ("{from: us.top, type: COMMANDS, to: us.mid, authority: NCA, sources: [src-a]}",
     "{from: us.top, type: COMMANDS, to: jp.mid, authority: NCA, sources: [src-a]}",
     "to: jp.mid, authority: NCA", "cross-national command us.top (US) -> jp.mid (JP)"),
    ("type: MEMBER_OF, to: combined.forum, sources: [src-a]",
     "type: MEMBER_OF, to: combined.forum, authority: NCA, sources: [src-a]",
     "combined.forum, authority", "authority is only allowed on COMMANDS"),
    ("authority: NCA, sources: [src-a]", "sources: [src-a]", "to: us.mid",
     "needs an authority"),
    ("{id: jp.mid, kind: Command, name_en: JP Mid, name_ja: 日本中間,",
     "{id: jp.mid, kind: Command, name_en: JP Mid,", "JP Mid", "needs name_ja"),
    ("{id: us.top,", "{id: US.Top,", "US Top", "invalid id 'US.Top'"),
    ("{id: us.top,", "{id: us.tоp,", "US Top", "invalid id 'us.tоp'"),  # Cyrillic о
    ("name_en: US Top,", "name_en: \"US\u202eTop\",", "US", "U+202E"),
])
def test_actor_file_rule(tmp_path, old, new, needle, message):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, old, new)
    found = problems_of(ds)
    line = line_of(org, needle)
    assert any(p.startswith(f"{org}:{line}: ") and message in p for p in found) or \
        any(message in p and f"org.yaml:{line}:" in p for p in found), found


def test_command_cycle_is_reported_with_its_path(tmp_path):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    with org.open("a", encoding="utf-8") as f:
        f.write("  - {from: us.mid, type: COMMANDS, to: us.top, authority: OPCON,"
                " sources: [src-a]}\n")
    found = problems_of(ds)
    assert any("COMMANDS cycle: us.mid -> us.top -> us.mid (scenario base)" in p
               and f"org.yaml:{line_of(org, 'to: us.top')}:" in p for p in found), found
    # reported once, not again for the child scenario that inherits it
    assert sum("COMMANDS cycle" in p for p in found) == 1


def test_duplicate_relationship_and_symmetric_mirror(tmp_path):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, "relationships:\n", "relationships:\n  - {from: jp.mid, type: COORDINATES_WITH,"
                                  " to: us.mid, sources: [src-a]}\n")
    found = problems_of(ds)
    assert any("duplicate relationship us.mid-COORDINATES_WITH->jp.mid" in p for p in found), found


def test_yaml_syntax_and_duplicate_keys(tmp_path):
    ds = copy_mini(tmp_path)
    (ds / "org.yaml").write_text("actors:\n  - id: a\n    id: b\n", encoding="utf-8")
    assert any("org.yaml:3: invalid YAML: duplicate key 'id'" in p for p in problems_of(ds))
    (ds / "org.yaml").write_text("actors: [\n  {id: a\n", encoding="utf-8")
    assert any("org.yaml:" in p and "invalid YAML" in p for p in problems_of(ds))


def test_empty_binary_and_bom_files(tmp_path):
    ds = copy_mini(tmp_path)
    (ds / "extra.yaml").write_bytes(b"")
    assert any(p.endswith("extra.yaml:1: empty file") for p in problems_of(ds))
    (ds / "extra.yaml").write_bytes(b"\x00\x01\x02")
    assert any("binary file" in p for p in problems_of(ds))
    (ds / "extra.yaml").unlink()
    org = ds / "org.yaml"
    org.write_bytes(b"\xef\xbb\xbf" + org.read_bytes().replace(b"\n", b"\r\n"))
    assert load_dataset(ds).scenarios["base"].actors["us.top"].name_en == "US Top"


def test_unknown_key_and_wrong_type(tmp_path):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, "name_en: US Top,", "name_en: US Top, nme_ja: x,")
    edit(org, "rank: O-10,", "rank: [1, 2],")
    found = problems_of(ds)
    assert any("unknown key 'nme_ja' in actor (did you mean 'name_ja'?)" in p for p in found)
    assert any("'rank' must be text, not CommentedSeq" in p or "'rank' must be text" in p
               for p in found), found


@pytest.mark.parametrize("old, new, message", [
    ("base: base", "base: bsae", "unknown base 'bsae' (did you mean 'base'?)"),
    ("{from: jp.top, type: COMMANDS, to: jp.mid}", "{from: jp.top, type: COMMANDS, to: jp.new}",
     "cannot remove jp.top-COMMANDS->jp.new"),
    ("update_actors:\n    - {id: us.mid, rank: O-9}",
     "update_actors:\n    - {id: us.gone, rank: O-9}", "cannot update actor 'us.gone'"),
    ("changes:\n", "changes:\n  remove_actors: [us.nobody]\n", "cannot remove actor 'us.nobody'"),
    ("changes:\n", "changes:\n  add_acters: []\n", "unknown change 'add_acters'"),
])
def test_scenario_rules(tmp_path, old, new, message):
    ds = copy_mini(tmp_path)
    edit(ds / "scenarios" / "reform.yaml", old, new)
    found = problems_of(ds)
    assert any("reform.yaml:" in p and message in p for p in found), found


def test_scenario_base_cycle(tmp_path):
    ds = copy_mini(tmp_path)
    (ds / "scenarios" / "loop.yaml").write_text(
        "id: loop\ntitle: L\nstatus: possible\nbase: loop2\nsources: [src-a]\n", encoding="utf-8")
    (ds / "scenarios" / "loop2.yaml").write_text(
        "id: loop2\ntitle: L2\nstatus: possible\nbase: loop\nsources: [src-a]\n", encoding="utf-8")
    found = problems_of(ds)
    assert any("scenario base cycle: loop -> loop2 -> loop" in p for p in found), found


def test_a_change_that_creates_a_cross_national_command(tmp_path):
    ds = copy_mini(tmp_path)
    edit(ds / "scenarios" / "reform.yaml", "add_relationships:\n",
         "add_relationships:\n    - {from: us.mid, type: COMMANDS, to: jp.new, authority: OPCON,"
         " sources: [src-a]}\n")
    found = problems_of(ds)
    assert any("cross-national command us.mid (US) -> jp.new (JP)" in p and "(scenario reform)" in p
               for p in found), found


def test_every_problem_is_reported_in_one_pass(tmp_path):
    ds = copy_mini(tmp_path)
    org = ds / "org.yaml"
    edit(org, "kind: Command, name_en: US Mid", "kind: Comand, name_en: US Mid")
    edit(org, "type: COORDINATES_WITH", "type: COORDINATES")
    edit(ds / "scenarios" / "reform.yaml", "base: base", "base: nope")
    assert len(problems_of(ds)) >= 3


class TestCsv:
    def write(self, folder, nodes, rels, sources=None):
        folder.mkdir()
        (folder / "nodes.csv").write_text(nodes, encoding="utf-8")
        (folder / "relationships.csv").write_text(rels, encoding="utf-8")
        if sources is not None:
            (folder / "sources.csv").write_text(sources, encoding="utf-8")
        return folder

    NODES = ("id,kind,name_en,name_ja,nation,status,rank,sources\n"
             "org.hq,Command,HQ,,US,established,O-10,doc-1\n"
             "org.unit,Command,Unit,,US,established,,doc-1;doc-2#p.4\n")
    RELS = "from,type,to,authority,sources\norg.hq,COMMANDS,org.unit,OPCON,doc-1\n"
    SOURCES = "id,title\ndoc-1,Org manual\ndoc-2,Annex\n"

    def test_valid_pair(self, tmp_path):
        ds = load_dataset(self.write(tmp_path / "my-org", self.NODES, self.RELS, self.SOURCES))
        scenario = ds.scenarios["my-org"]
        assert scenario.actors["org.unit"].sources == ("doc-1", "doc-2#p.4")
        assert list(scenario.relationships) == ["org.hq-COMMANDS->org.unit"]

    def test_errors_name_the_csv_line(self, tmp_path):
        nodes = self.NODES + "org.x,Comand,X,,US,established,,doc-1\n"
        rels = self.RELS + "org.hq,COMAND,org.unit,,doc-1\norg.unit,COMMANDS,org.hq,OPCON,doc-1\n"
        folder = self.write(tmp_path / "org", nodes, rels, self.SOURCES)
        found = problems_of(folder)
        assert "org/nodes.csv:4: unknown kind 'Comand' (did you mean 'Command'?);" \
               " expected one of Office, Command, Staff, Forum" in [
                   p.split("org/", 1)[0][:0] + "org/" + p.split("org/", 1)[1] for p in found]
        assert any("relationships.csv:3: unknown relationship type 'COMAND'" in p for p in found)
        assert any("relationships.csv:4:" in p and "COMMANDS cycle" in p for p in found), found

    def test_unknown_column_and_unknown_source(self, tmp_path):
        nodes = self.NODES.replace("rank", "rnak")
        folder = self.write(tmp_path / "org", nodes, self.RELS.replace("doc-1\n", "doc-9\n"),
                            self.SOURCES)
        found = problems_of(folder)
        assert any("nodes.csv:1: unknown column 'rnak' (did you mean 'rank'?)" in p
                   for p in found), found


def test_bundled_dataset_is_valid_when_present():
    from c2graph.loaders import BUNDLED

    if not (BUNDLED / "sources.yaml").exists():
        pytest.skip("bundled dataset not written yet")
    ds = load_dataset()
    assert set(ds.scenarios) == {"baseline-2024", "jjoc-2025", "usfj-jfhq", "us-jfc",
                                 "cfc-transfer"}
