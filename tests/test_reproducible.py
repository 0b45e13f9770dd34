"""The same command on the same data writes the same bytes, whatever Python's hashing.

Python salts ``str`` hashes per process (``PYTHONHASHSEED``), so anything ordered by a
set or a hash leaks that salt into the output: a source's keys in the json export were
ordered by a set, and a deck's slide links by a set of frames.  A briefer who exports
twice and diffs must see no change, so each format is written by two processes with
different seeds and compared byte for byte (PPTX: its XML parts; the zip's timestamps
are the clock's, not ours).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from c2graph.cli import cli
from click.testing import CliRunner

SEEDS = ("1", "12")


def export(tmp: Path, seed: str, fmt: str, *args: str, env: dict | None = None) -> Path:
    out = tmp / f"{seed}.{fmt}"
    env = {**os.environ, "PYTHONHASHSEED": seed, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "c2graph", "export", fmt, "-o", str(out),
                           "--dataset", "bundled", *args],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("fmt, args", [
    ("json", ("-s", "us-jfc")),
    ("graphml", ("-s", "cfc-transfer")),
    ("svg", ("-s", "jjoc-2025", "--focus", "us.indopacom", "--lang", "both")),
])
def test_text_formats_do_not_depend_on_hashing(tmp_path, fmt, args):
    a, b = (export(tmp_path, seed, fmt, *args).read_bytes() for seed in SEEDS)
    assert a == b


def test_gexf_is_dated_by_source_date_epoch(tmp_path):
    """networkx writes today's date in the GEXF header; the export writes the date
    ``SOURCE_DATE_EPOCH`` names, as the charts' as-of line does."""
    out = export(tmp_path, "1", "gexf", "-s", "us-jfc", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert b'<meta lastmodifieddate="2026-01-01">' in out.read_bytes()


def test_deck_does_not_depend_on_hashing(tmp_path):
    # two scenarios too large for one slide: an overview with a link per frame
    args = ("-s", "jjoc-2025", "-s", "us-jfc", "--focus", "us.indopacom", "--lang", "both")
    a, b = (parts(export(tmp_path, seed, "pptx", *args)) for seed in SEEDS)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_deck_of_scenarios_with_different_tops(tmp_path):
    """baseline-2024's combined frame lacks cfc-transfer's top actor (the TSCF): the
    overview of each scenario names the tops it holds (this was a KeyError)."""
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(cli, ["export", "pptx", "-o", str(out), "--dataset", "bundled",
                                      "-s", "baseline-2024", "-s", "cfc-transfer"])
    assert result.exit_code == 0, result.output
    slides = parts(out)
    first, second = (slides[f"ppt/slides/slide{i}.xml"].decode() for i in (1, 2))
    assert "TSCF" not in first and "<a:t>BPM · TSCF</a:t>" in second
    assert "<a:t>→ slide 3 · 1 actor</a:t>" in first      # one actor, not "1 actors"
