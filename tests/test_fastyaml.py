"""The libyaml fast path reads exactly what ruamel reads, lines included, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from c2graph.loaders.fastyaml import available, fast_load

pytestmark = pytest.mark.skipif(not available(), reason="PyYAML without libyaml")

ROOT = Path(__file__).resolve().parent.parent


def ruamel_load(text: str):
    from c2graph.loaders.yamlio import text_yaml

    return text_yaml().load(text)


def same(fast, slow, where="$") -> None:
    """Equal values, equal container types, and equal lines for every key and item."""
    if isinstance(slow, dict):
        assert isinstance(fast, dict) and list(fast) == list(slow), where
        assert fast.lc.line == slow.lc.line, where
        for key in slow:
            assert fast.lc.key(key)[0] == slow.lc.key(key)[0], f"{where}.{key}"
            same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, list):
        assert isinstance(fast, list) and len(fast) == len(slow), where
        for i, item in enumerate(slow):
            assert fast.lc.item(i)[0] == slow.lc.item(i)[0], f"{where}[{i}]"
            same(fast[i], item, f"{where}[{i}]")
    else:
        assert fast == slow and isinstance(fast, type(slow).__mro__[-2]), (where, fast, slow)
        assert type(fast) is bool or type(slow) is not bool, where


def project_yaml_files():
    return sorted(p for p in (ROOT / "loaders" / "datasets").rglob("*.yaml")) + \
        sorted(p for p in (ROOT / "tests").rglob("*.yaml"))


@pytest.mark.parametrize("path", project_yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_project_reads_the_same(path):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any parser runs")
    try:
        slow = ruamel_load(text)
    except Exception:
        assert fast_load(text) is None  # invalid for ruamel: the fast path must decline
        return
    fast = fast_load(text)
    if fast is not None:
        same(fast, slow)


def test_generated_files_read_the_same(tmp_path):
    from c2graph.synthetic import Options, generate

    generate(tmp_path / "org", Options(actors=1500, seed=5))
    for path in sorted((tmp_path / "org").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = fast_load(text)
        assert fast is not None, path
        same(fast, ruamel_load(text))


SCALARS = """\
plain: text with spaces
quoted: "a \\"quoted\\" one"
single: 'it''s'
japanese: 統合作戦司令部
nulls: [~, null, Null, NULL, ]
bools: [true, True, FALSE, false]
yaml11_words: [yes, no, on, off, y, n]
ints: [0, 7, -12, +3]
date: 2025-03-24
folded: >-
  two
  lines
literal: |
  kept
  as is
nested:
  - {from: a, type: COMMANDS, to: b, sources: [x, "y#sec 1"]}
  -
    id: on-next-line
    note: >
      folded
"""


def test_scalars_and_block_styles_read_the_same():
    fast = fast_load(SCALARS)
    same(fast, ruamel_load(SCALARS))
    assert fast["yaml11_words"] == ["yes", "no", "on", "off", "y", "n"]
    assert fast["nulls"] == [None] * 4  # a trailing ", ]" adds no item
    assert fast["bools"] == ["true", "True", "FALSE", "false"]
    assert fast["ints"] == ["0", "7", "-12", "+3"]
    assert fast["date"] == "2025-03-24"


#: Plain scalars other YAML readers turn into numbers, booleans, floats or dates: both
#: readers keep each as the text written.
WRITTEN = ["0x1F", "0o17", "012", "1_000", "1.5", "1e3", ".inf", "-.INF", ".nan", "yes",
           "On", "true", "2025-03-24", "2025-3-4", "2025-02-30", "2025-03-24 10:00:00",
           "=", "+1", "0b101", "1:20", "NaN"]


@pytest.mark.parametrize("written", WRITTEN)
def test_plain_scalars_are_the_text_written(written):
    text = f"a: {written}\nb: [{written}]\n"
    fast = fast_load(text)
    assert fast == {"a": written, "b": [written]}
    same(fast, ruamel_load(text))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                         # duplicate key: ruamel names it
    "a: &x 1\nb: *x\n",                     # anchors and aliases
    "a: !!str 1\n",                         # explicit tag
    "<<: {a: 1}\n",                         # merge key
    "? [a, b]\n: c\n",                      # a list as a key
    "a: 1\n---\nb: 2\n",                    # several documents
    "a: [1, 2\n",                           # syntax error
    "# only a comment\n",
])
def test_anything_unusual_is_left_to_ruamel(text):
    assert fast_load(text) is None
