"""Loaders: sourced datasets (YAML folders, CSV pairs) and exchange formats
(``loaders.formats``: each format's reader and writer) into validated model objects.

Data flows one way: loaders -> graph (model, store) -> cypher/analysis -> viz.  A
loader either returns a complete, checked ``Dataset`` or raises ``DatasetError``
with every problem; it never writes anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from c2graph.graph.model import Dataset, DatasetError, Problem

BUNDLED = Path(__file__).parent / "datasets" / "alliance"


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read one dataset folder (YAML or CSV pair); ``None`` means the bundled dataset."""
    from c2graph.loaders.formats.csv_pair import is_csv_dataset, load_csv_dataset
    from c2graph.loaders.yaml_dataset import load_yaml_dataset
    from c2graph.loaders.yamlio import display_path

    folder = Path(path) if path is not None else BUNDLED
    shown = display_path(folder)
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise DatasetError([Problem(None, f"{shown}: no such file or folder")]) from None
    except OSError as exc:  # a symlink loop, a permission error, a name too long …
        raise DatasetError([Problem(None, f"{shown}: cannot read: {exc.strerror or exc}")]) \
            from None
    if not stat.S_ISDIR(mode) and folder.suffix.lower() in (".json", ".graphml"):
        from c2graph.loaders.formats.graphml import load_graphml  # exports read back
        from c2graph.loaders.formats.json_graph import load_json_graph

        return load_json_graph(folder) if folder.suffix.lower() == ".json" else load_graphml(folder)
    if not stat.S_ISDIR(mode):
        raise DatasetError([Problem(None, f"{shown}: expected a dataset folder"
                                          " (with sources.yaml, or nodes.csv), not a file")])
    from c2graph.loaders.formats.neo4j_csv import is_neo4j_import, load_neo4j_csv

    if is_neo4j_import(folder):  # a neo4j-admin import folder (c2graph export csv)
        return load_neo4j_csv(folder)
    if is_csv_dataset(folder):
        return load_csv_dataset(folder)
    return load_yaml_dataset(folder)


def load_datasets(paths) -> Dataset:
    """Several dataset folders merged; a scenario id defined twice is a problem."""
    paths = list(paths) or [None]
    problems, merged = [], None
    for path in paths:
        try:
            ds = load_dataset(path)
        except DatasetError as exc:
            problems.extend(exc.problems)
            continue
        if merged is None:
            merged = ds
            continue
        for sid, scenario in ds.scenarios.items():
            if sid in merged.scenarios:
                problems.append(Problem(None, f"{ds.path}: scenario {sid!r} is also defined"
                                              f" in {merged.path}"))
            merged.scenarios[sid] = scenario
        merged.sources.update(ds.sources)
    if problems:
        raise DatasetError(problems)
    return merged


__all__ = ["BUNDLED", "Dataset", "DatasetError", "load_dataset", "load_datasets"]
