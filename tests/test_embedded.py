"""The embedded engine's process handling: killed runs, stale locks, orphans, persistence."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from c2graph.graph.store import open_store
from c2graph.loaders import load_dataset

MINI = load_dataset("tests/data/mini")

HOLDER = """
import sys, time
from c2graph.graph.store import open_store
store = open_store(sys.argv[1])
print(store._proc.pid, flush=True)
time.sleep(60)
"""


def redis_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return ") Z " not in stat


def test_persists_across_processes(tmp_path):
    url = f"embedded:{tmp_path}/db"
    with open_store(url) as s:
        s.load(list(MINI.scenarios.values()))
    with open_store(url) as s:
        assert set(s.scenarios()) == {"base", "reform"}


def test_a_killed_process_leaves_no_lock_no_orphan_and_the_last_load(tmp_path):
    url = f"embedded:{tmp_path}/db"
    with open_store(url) as s:
        s.load([MINI.scenarios["base"]])
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).parent.parent)
    redis_pid = int(proc.stdout.readline())
    assert redis_alive(redis_pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while redis_alive(redis_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not redis_alive(redis_pid), "the engine outlived its parent"
    with open_store(url) as s:  # no stale lock or socket in the way
        assert s.scenarios()["base"]["nodes"] == 5


def test_a_load_killed_midway_keeps_the_last_complete_load(tmp_path):
    url = f"embedded:{tmp_path}/db"
    with open_store(url) as s:
        s.load([MINI.scenarios["base"]])
    script = """
import os, signal, sys
from c2graph.graph.store import open_store
from c2graph.graph.store import base
from c2graph.loaders import load_dataset
ds = load_dataset("tests/data/mini")
store = open_store(sys.argv[1])
calls = []
def progress(n):
    calls.append(n)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
store.load(list(ds.scenarios.values()), progress=progress)
"""
    proc = subprocess.run([sys.executable, "-c", script, url], cwd=Path(__file__).parent.parent)
    assert proc.returncode == -signal.SIGKILL
    with open_store(url) as s:
        assert {k: v["nodes"] for k, v in s.scenarios().items()} == {"base": 5}


def test_long_data_folder_paths_work(tmp_path):
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / ("and-another-one-" * 6) / "db"
    assert len(str(deep)) > 120
    with open_store(f"embedded:{deep}") as s:
        s.load([MINI.scenarios["base"]])
        assert s.scenarios()["base"]["nodes"] == 5


def test_an_unusable_data_folder_is_a_clear_error(tmp_path):
    """A data path under a regular file cannot be created (root ignores chmod, not this)."""
    import pytest

    from c2graph.graph.store import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        open_store(f"embedded:{blocker}/db")
    assert str(info.value) == f"cannot use the data folder {blocker}/db: Not a directory"
