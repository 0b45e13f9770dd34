"""Output safety: hostile text that is already in a store (a shared Neo4j that nobody's
loader checked) cannot act on a terminal, a spreadsheet, an XML reader or Mermaid.

The hostile scenario is written with ``Store.load`` from model objects built directly,
bypassing every loader check, on both engines; the commands run through the CLI.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from xml.parsers import expat

import pytest
from click.testing import CliRunner

from c2graph.cli import cli
from c2graph.graph.textsafety import spreadsheet_cell, terminal_text, utf8, xml_text
from c2graph.loaders import load_dataset

MINI = Path(__file__).parent / "data" / "mini"
ESC_TITLE = "\x1b]0;pwned\x07"              # retitles the terminal window
CLEAR = "\x1b[2J\x1b[H"                      # clears the screen
OSC8 = "\x1b]8;;http://example.invalid\x1b\\click\x1b]8;;\x1b\\"   # a planted link
C1_CSI = "\x9b31m"                           # an 8-bit CSI
HOSTILE = {
    "us.top": f"Top{ESC_TITLE}{CLEAR}",
    "us.mid": f"=HYPERLINK(\"http://example.invalid\",\"x\"){OSC8}",
    "jp.top": f"\u202eJP Top{C1_CSI}",
    "jp.mid": "%%{init: {'theme': 'dark'}}%%\ufffe\uffff\x01 mid",  # (no engine stores a
    # lone surrogate: the clients send UTF-8; the writers' utf8() is tested below)
    "combined.forum": "\uff1dSUM(A1)\x1f forum",  # (line breaks: the corpus cases)
}
TITLE = f"Hostile {ESC_TITLE}\u202e title %%{{init: {{}}}}%%"
#: What a terminal acts on: C0 controls but newline, DEL, C1, bidi controls.
ACTS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(store_url):
    """The store holding scenario 'hostile': the mini base with hostile names and title."""
    from c2graph.graph.store import open_store

    base = load_dataset(MINI).scenarios["base"]
    actors = {k: replace(a, name_en=HOSTILE[k]) for k, a in base.actors.items()}
    scenario = replace(base, id="hostile", title=TITLE, actors=actors,
                       relationships={k: replace(r, note=HOSTILE["us.mid"])
                                      for k, r in base.relationships.items()})
    with open_store(store_url) as store:
        store.load([scenario])
    return store_url


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code == 0, result.output
    return result


def test_tables_show_hostile_text_without_obeying_it(hostile):
    out = run("scenarios", "--db", hostile).stdout
    assert "Hostile ␛]0;pwned␇\ufffd title" in out
    out = run("cypher", "MATCH (n:Actor {scenario: $s}) RETURN n.id AS id, n.name_en AS name"
              " ORDER BY id", "-p", "s", "hostile", "--db", hostile).stdout
    assert not ACTS.search(out), repr(out)
    assert "Top␛]0;pwned␇␛[2J␛[H" in out
    out = run("chain", "us.mid", "-s", "hostile", "--db", hostile).stdout
    assert not ACTS.search(out) and "Top␛]0;pwned␇" in out, repr(out)


def test_json_output_escapes_what_a_terminal_acts_on_and_keeps_the_values(hostile):
    out = run("cypher", "MATCH (n:Actor {scenario: $s}) RETURN n.id AS id, n.name_en AS name",
              "-p", "s", "hostile", "--format", "json", "--db", hostile).stdout
    assert not ACTS.search(out), repr(out)
    names = {row["id"]: row["name"] for row in json.loads(out)}
    assert names == HOSTILE


def test_csv_output_neutralises_formulas(hostile):
    out = run("cypher", "MATCH (n:Actor {scenario: $s}) RETURN n.id AS id, n.name_en AS name,"
              " -5 AS n ORDER BY id", "-p", "s", "hostile", "--format", "csv",
              "--db", hostile).stdout_bytes.decode("utf-8")  # (.stdout folds \r\n)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(out, newline="")))
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["us.mid"][1].startswith("'=HYPERLINK(")
    assert by_id["combined.forum"][1].startswith("'\uff1dSUM")
    assert by_id["us.top"][1] == HOSTILE["us.top"]       # not a formula: verbatim, and
    assert by_id["jp.mid"][1] == HOSTILE["jp.mid"]       # no escape stripped by click
    assert by_id["us.top"][2] == "-5"                    # numbers stay numbers


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_are_well_formed_whatever_the_store_holds(hostile, fmt, tmp_path):
    target = tmp_path / f"x.{fmt}"
    run("export", fmt, "-s", "hostile", "-o", str(target), "--db", hostile)
    parser = expat.ParserCreate()
    parser.Parse(target.read_bytes(), True)  # raises on malformed XML
    text = target.read_text(encoding="utf-8")
    assert "\ufffe" not in text and "\x01" not in text


@pytest.mark.parametrize("fmt", ["json", "cypher", "mermaid", "csv"])
def test_text_exports_are_utf8_whatever_the_store_holds(hostile, fmt, tmp_path):
    target = tmp_path / ("x-csv" if fmt == "csv" else f"x.{fmt}")
    run("export", fmt, "-s", "hostile", "-o", str(target), "--db", hostile)
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    for f in files:
        f.read_bytes().decode("utf-8")  # raises on a lone surrogate's bytes
    if fmt == "mermaid":
        text = target.read_text(encoding="utf-8")
        assert "%%{" not in text and "}%%" not in text
        assert "#37;#37;{init" in text


def test_a_terminal_sees_no_control_sequence(hostile):
    """Standard output on a real terminal (a pty): nothing any command prints acts on it."""
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "c2graph", "cypher", "MATCH (n:Actor {scenario: $s})"
         " RETURN n.name_en AS name, n.id AS id", "-p", "s", "hostile", "--format", "csv",
         "--db", hostile], stdout=secondary, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    text = out.decode("utf-8").replace("\r\n", "\n")  # the pty's own line ends
    assert "'=HYPERLINK(" in text and "␛" in text
    assert not ACTS.search(text), repr(text)


def test_the_character_rules():
    assert terminal_text("a\x1b[31mb\x9bc\u202ed\nz") == "a␛[31mb\ufffdc\ufffdd␊z"
    assert terminal_text("a\nb\tc", lines=True) == "a\nb\tc"
    assert xml_text("a\x00b\ufffec\ud800d\U0001fffee\tf") == "a\ufffdb\ufffdc\ufffdd\ufffde\tf"
    assert utf8("a\ud800b") == "a\ufffdb".encode()
    for formula in ("=1+1", "+1", "-1+A1", "@SUM(A1)", " =1", "\t=1", "\r1", "\uff1d1"):
        assert spreadsheet_cell(formula) == "'" + formula
    for text in ("a=1", "US Top", "", "統合"):
        assert spreadsheet_cell(text) == text
    assert spreadsheet_cell(-5) == -5
