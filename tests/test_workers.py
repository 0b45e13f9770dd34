"""viz/layout/workers.py: forked workers only where forking is safe.

The forking cases run in a fresh interpreter: the test process may hold other threads
(the test Neo4j server's reader), in which case forking is refused, as it should be.
"""

import os
import subprocess
import sys
import threading

from c2graph.viz.layout.workers import PROGRESS_THREAD, forkable, forked_map


def fresh(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_results_come_from_other_processes_in_order():
    out = fresh("""
import os
from c2graph.viz.layout.workers import forked_map
got = forked_map(lambda x: (x * x, os.getpid()), list(range(40)), workers=2)
assert [v for v, _ in got] == [x * x for x in range(40)], got
print(os.getpid() in {p for _, p in got})   # a worker may take every item: not 2
""")
    assert out == "False"


def test_the_progress_line_thread_does_not_stop_forking():
    out = fresh(f"""
import os, threading
from c2graph.viz.layout.workers import forkable, forked_map
stop = threading.Event()
threading.Thread(target=stop.wait, name={PROGRESS_THREAD!r}, daemon=True).start()
pids = set(forked_map(lambda x: os.getpid(), [1, 2, 3], workers=2))
stop.set()
print(os.getpid() in pids)
""")
    assert out == "False"


def test_a_worker_failure_is_raised_in_the_caller():
    out = fresh("""
from c2graph.viz.layout.workers import forked_map
def f(x):
    if x == 3:
        raise ValueError(f"bad part {x}")
    return x
try:
    forked_map(f, [1, 2, 3, 4], workers=2)
except ValueError as exc:
    print(exc)
""")
    assert out == "bad part 3"


class TestForkingRefused:
    def test_any_other_thread_keeps_the_work_in_this_process(self):
        stop = threading.Event()
        other = threading.Thread(target=stop.wait, name="holds-a-lock-maybe", daemon=True)
        other.start()
        try:
            assert not forkable()
            assert forked_map(lambda x: os.getpid(), [1, 2, 3], workers=2) == [os.getpid()] * 3
        finally:
            stop.set()
            other.join()

    def test_one_worker_or_one_item_is_this_process(self):
        assert forked_map(lambda x: os.getpid(), [1, 2], workers=1) == [os.getpid()] * 2
        assert forked_map(lambda x: os.getpid(), [1], workers=4) == [os.getpid()]
        assert forked_map(lambda x: x, [], workers=4) == []
