"""Small helpers for writing broken datasets in tests."""

from __future__ import annotations

import shutil
from pathlib import Path

MINI = Path(__file__).parent / "data" / "mini"


def copy_mini(tmp_path: Path, name: str = "ds") -> Path:
    """A writable copy of the tiny valid dataset."""
    dest = tmp_path / name
    shutil.copytree(MINI, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")
