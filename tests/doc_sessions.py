"""Run the console sessions of a Markdown file and compare what they print.

A session is a fenced block whose info string is ``console``::

    ```console
    $ c2graph validate loaders/datasets/alliance
    OK: loaders/datasets/alliance: 5 scenario(s), 62 source(s)
    ...
    $ echo $?
    0
    ```

Each ``$ `` line is a command; a line ending in ``\\`` continues on the next, and lines
right after a command that start with ``> `` (the shell's own continuation prompt, as
in a here-document) are part of it.  The lines up to the next command are what it
must print, stdout and stderr together.  The rules:

* every console block in the file runs, in order, in one scratch folder per file
  (the repository's top-level folders are linked into it, so ``loaders/datasets/…``
  and ``tests/data/…`` resolve) with ``C2GRAPH_DB`` set to a fresh embedded store
  there: the first session of a file starts from an empty store;
* a line ``...`` in the expected output stands for any number of lines;
* before comparing, both sides are normalised: absolute paths become ``<path>``,
  sizes (``12 KB``, ``1,234 bytes``) ``<size>`` and durations (``0.4 s``,
  ``real 0m1.2s``) ``<time>``; trailing blanks are ignored;
* the notice that the embedded engine hung right after loading its data file and was
  restarted (``c2graph: the embedded engine stopped answering while it loaded …;
  restarting it``, about one start in a few hundred: docs/stores.md) is dropped from
  what a command printed: the command then answers as documented, and no session
  shows the notice;
* a block preceded by ``<!-- console: skip REASON -->`` is not run (say why: it
  needs a server, it shows an error on a file that is not in the repository …).

Run one file and see the first difference::

    python -m tests.doc_sessions docs/api.md
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from c2graph.graph.store.embedded import HUNG_NOTICE

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```console[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
SKIP = re.compile(r"<!--\s*console:\s*skip\b(.*?)-->\s*$")
TIMEOUT = 600

_RESTARTED = re.compile(rf"^c2graph: {re.escape(HUNG_NOTICE)} .*; restarting it\n", re.M)
_PATH = re.compile(r"(?<![\w.~<>-])/(?:[\w.+@~-]+/)*[\w.+@~-]+/?")
_SIZE = re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:bytes|KiB|MiB|GiB|KB|kB|MB|GB|B)\b")
_TIME = re.compile(r"\b\d+m\d+(?:\.\d+)?s\b|\b\d+(?:\.\d+)?\s?(?:ms|s)\b")


@dataclass
class Command:
    text: str
    expected: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Session:
    path: Path
    line: int
    commands: list[Command]
    skip: str | None = None


def normalise(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = _PATH.sub("<path>", line)
        line = _SIZE.sub("<size>", line)
        line = _TIME.sub("<time>", line)
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def sessions(path: Path) -> list[Session]:
    """The console sessions of a Markdown file, with their line numbers."""
    text = path.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        start = text.count("\n", 0, m.start()) + 1
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = SKIP.search(before)
        commands: list[Command] = []
        pending = None
        for offset, line in enumerate(m.group(1).splitlines(), start + 1):
            if pending is not None and line.startswith("> "):  # the shell's PS2 prompt
                pending.text += "\n" + line[2:]
                continue
            if pending is not None and pending.text.endswith("\\"):
                pending.text += "\n" + line
                continue
            pending = None
            if line.startswith("$ "):
                commands.append(Command(line[2:], line=offset))
                pending = commands[-1]
            elif commands:
                commands[-1].expected.append(line)
            elif line.strip():
                raise ValueError(f"{path}:{offset}: a console session starts with a '$ '"
                                 " command")
        out.append(Session(path, start, commands,
                           (skip.group(1).strip() or "no reason given") if skip else None))
    return out


def matches(expected: list[str], actual: str) -> bool:
    """Whether normalised ``actual`` fits ``expected`` (``...`` lines are wildcards)."""
    want = normalise("\n".join(expected))
    parts = [re.escape(line) if line.strip() != "..." else r"(?:[^\n]*\n)*?[^\n]*"
             for line in want.split("\n")] if want else []
    pattern = r"\n".join(parts)
    return re.fullmatch(pattern, normalise(actual), re.S) is not None


def scratch(folder: Path) -> dict:
    """Link the repository into ``folder`` and return the environment sessions run in."""
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in ("test-artifacts",):
            continue
        (folder / entry.name).symlink_to(entry)
    env = dict(os.environ)
    env.update({"C2GRAPH_DB": f"embedded:{folder / 'db'}", "COLUMNS": "200",
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                "C2GRAPH_LOCK_TIMEOUT": "120", "PYTHONPATH": str(ROOT)})
    for name in ("NEO4J_URI", "NEO4J_PASSWORD"):
        env.pop(name, None)
    return env


def run_file(path: Path, folder: Path | None = None) -> list[str]:
    """Run every session of ``path``; one message per command whose output differs."""
    failures = []
    with tempfile.TemporaryDirectory(prefix="c2graph-doc-") as tmp:
        work = Path(folder or tmp)
        env = scratch(work)
        for session in sessions(path):
            if session.skip is not None:
                continue
            for cmd in session.commands:
                done = subprocess.run(["bash", "-c", cmd.text], cwd=work, env=env,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, timeout=TIMEOUT)
                actual = _RESTARTED.sub("", done.stdout.decode("utf-8", "replace"))
                if not matches(cmd.expected, actual):
                    failures.append(
                        f"{_shown(path)}:{cmd.line}: $ {cmd.text}\n"
                        f"--- expected (normalised)\n{normalise(chr(10).join(cmd.expected))}\n"
                        f"--- printed (normalised)\n{normalise(actual)}")
                    return failures  # later commands depend on this one's effects
    return failures


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str]) -> int:
    status = 0
    for name in argv or [str(ROOT / "README.md"),
                         *sorted(str(p) for p in (ROOT / "docs").glob("*.md"))]:
        failures = run_file(Path(name).resolve())
        for failure in failures:
            print(failure, end="\n\n")
        print(f"{name}: {'FAILED' if failures else 'ok'}")
        status |= bool(failures)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
