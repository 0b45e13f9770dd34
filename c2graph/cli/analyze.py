"""``c2graph analyze``: structural checks and networkx metrics of a scenario, or two.

The numbers come from ``c2graph.analyze`` (``graph.analysis``: plain data); this
module prints them as a report a reader without networkx can follow, and draws the
chart.  ``--format json`` prints the library's own result.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from c2graph.graph.collector import paused
from c2graph.cli.common import (C2Error, EXIT_BAD_INPUT, complete_scenarios, db_option, emit,
                                expected_errors, format_option, open_store, scenario_option)

TOP_BROKERS = 10


def _plot_path(ctx, param, value):
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter(f"{value!r}: the chart is written as .png or .svg")
    if not path.parent.is_dir():
        raise click.BadParameter(f"{value!r}: folder {str(path.parent)!r} does not exist")
    return path


@click.command()
@scenario_option(help="Scenario to analyse (default: the root scenario).")
@click.option("--compare", "compare_to", metavar="ID", shell_complete=complete_scenarios,
              help="Compare with this scenario: every metric side by side, change ="
                   " --scenario minus --compare.")
@click.option("--reach", multiple=True, metavar="ACTOR",
              help="Also list everything under this commander, by authority (repeatable).")
@format_option("table", "json")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=str), callback=_plot_path,
              metavar="FILE.png|FILE.svg",
              help="Draw span of control and coordination load per key actor (the posts"
                   " that change, with --compare; else the busiest).")
@db_option
def analyze(scenario, compare_to, reach, fmt, plot, db_url):
    """Check a scenario's structure and measure its command and coordination load.

    \b
    First the structural checks, each with a PASS or FAIL line:
      - no command cycles;
      - unity of command: at most one superior with NCA, COCOM, OPCON or COMMAND;
      - no command across national lines outside a COMBINED body;
      - every actor reached from a national command authority (along COMMANDS,
        SUPERVISES, TRANSMITS_ORDERS and MEMBER_OF; forums are exempt).
    Then the metrics: longest command chain per nation, each post's command depth,
    span of control (direct subordinates by authority), coordination load (partners,
    domestic and cross-national, and forums), the brokers of the coordination
    network (betweenness) and its single points of failure (articulation points and
    bridges).

    With --compare every metric is shown for both scenarios with its change; tables
    list the posts that change.  --format json prints one object with a key per
    metric (all rows, changed or not).  The exit code is 0 whether or not a check
    fails: read "checks" in the JSON.

    \b
    Examples:
      c2graph analyze
      c2graph analyze --scenario us-jfc --compare jjoc-2025
      c2graph analyze -s us-jfc --compare jjoc-2025 --format json
      c2graph analyze -s us-jfc --compare jjoc-2025 --plot jfc.png
      c2graph analyze -s jjoc-2025 --reach jp.jjoc
    """
    if plot is not None:
        try:
            import matplotlib  # noqa: F401  (an optional extra)
        except ImportError:
            raise C2Error("--plot needs matplotlib, an optional extra: pip install"
                          " 'c2graph[plot]'", EXIT_BAD_INPUT) from None

    with paused(freeze=True):        # a one-shot command: see graph/collector.py
        _run(scenario, compare_to, reach, fmt, plot, db_url)


def _run(scenario, compare_to, reach, fmt, plot, db_url):
    import networkx as nx

    from c2graph.graph.analysis import analyze as analysis_report

    store = open_store(db_url)
    with store, expected_errors():
        graph = store.read_graph(scenario or store.root_scenario())
        reference = store.read_graph(compare_to) if compare_to else None
    try:
        result = analysis_report(graph, reference, reach)
    except nx.NodeNotFound as exc:
        raise C2Error(f"--reach: {exc}", EXIT_BAD_INPUT) from None
    names = _names(graph, reference)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif reference is None:
        _print_report(result, names)
    else:
        _print_comparison(result, names)
    if plot is not None:
        from c2graph.graph.analysis.plot import plot_report

        try:
            drawn = plot_report(result, plot, labels=_short_names(graph, reference))
        except OSError as exc:
            raise C2Error(f"cannot write {str(plot)!r}: {exc.strerror or exc}") from None
        click.echo(f"Chart of {len(drawn)} actor(s) written to {plot}", err=fmt == "json")


# -- names --------------------------------------------------------------------------------
def _names(*graphs) -> dict[str, str]:
    names = {}
    for g in reversed([g for g in graphs if g is not None]):
        names.update({a: attrs.get("name_en") or a for a, attrs in g.nodes(data=True)})
    return names


def _short_names(*graphs) -> dict[str, str]:
    names = {}
    for g in reversed([g for g in graphs if g is not None]):
        names.update({a: attrs.get("short") or attrs.get("name_en") or a
                      for a, attrs in g.nodes(data=True)})
    return names


# -- shared pieces ------------------------------------------------------------------------
def _heading(text: str) -> None:
    click.echo(f"\n{text}\n{'=' * len(text)}")


def _signed(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "0" if value == 0 else f"{value:+.3f}"
    return f"{value:+d}" if value else "0"


def _table(rows: list[dict], columns: list[str], empty: str) -> None:
    """A table, or one sentence when there is nothing to list."""
    if rows:
        emit(rows, "table", columns)
    else:
        click.echo(empty)


def _ids(values) -> str:
    return ", ".join(values)


def _authorities(entry: dict) -> str:
    return ", ".join(f"{a} {len(vs)}" for a, vs in entry["by_authority"].items())


def _check_lines(lines: list[tuple[bool, str, list[str]]]) -> None:
    """One PASS/FAIL line per check (passed, text, violation details), then a summary."""
    for ok, text, details in lines:
        click.echo(f"{'PASS' if ok else 'FAIL'}  {text}")
        for detail in details:
            click.echo(f"      - {detail}")
    passed = sum(ok for ok, _, _ in lines)
    click.echo(f"{passed} of {len(lines)} structural checks pass.")


# -- one scenario -------------------------------------------------------------------------
def _print_report(r: dict, names: dict) -> None:
    meta = r["scenario"]
    click.echo(f"Scenario {meta['id']}: {meta.get('title') or ''} [{meta.get('status')}]")
    _heading("Structural checks")
    _check_lines([(ch["passed"], ch["rule"], [v["detail"] for v in ch["violations"]])
                  for ch in r["checks"].values()])

    _heading("Command chains")
    click.echo("National command authorities: "
               + (_ids(f"{a} ({names.get(a, a)})" for a in r["national_command_authorities"])
                  or "none (no actor commands another)"))
    if r["longest_chains"]:
        click.echo("\nLongest chain per nation:")
        emit([{"nation": n, "depth": c["depth"], "chain": " > ".join(c["chain"])}
              for n, c in r["longest_chains"].items()], "table")
        click.echo("\nCommand depth (links along COMMANDS from the national command"
                   " authority):")
        emit([{"actor": a, "name": names.get(a), "depth": d["depth"], "from": _ids(d["nca"])}
              for a, d in sorted(r["command_depth"].items(),
                                 key=lambda kv: (kv[1]["nca"], kv[1]["depth"], kv[0]))],
             "table")

    _heading("Span of control (direct subordinates by authority)")
    rows = sorted(r["span_of_control"].items(), key=lambda kv: (-kv[1]["total"], kv[0]))
    _table([{"actor": a, "name": names.get(a), "total": e["total"],
             "by authority": _authorities(e),
             "subordinates": _ids(v for vs in e["by_authority"].values() for v in vs)}
            for a, e in rows], ["actor", "name", "total", "by authority", "subordinates"],
           "No actor commands another.")

    _heading("Coordination load (partners and forums)")
    rows = sorted(r["coordination_load"].items(), key=lambda kv: (-kv[1]["total"], kv[0]))
    _table([{"actor": a, "name": names.get(a), "total": e["total"],
             "domestic": len(e["domestic"]), "cross-national": len(e["cross_national"]),
             "forums": len(e["forums"]), "cross-national partners": _ids(e["cross_national"])}
            for a, e in rows], ["actor", "name", "total", "domestic", "cross-national",
                                "forums", "cross-national partners"],
           "No actor coordinates with another or belongs to a forum.")

    b = r["brokers"]
    _heading("Brokers of the coordination network")
    click.echo(_network_line(b))
    top = [a for a, s in b["betweenness"].items() if s > 0][:TOP_BROKERS]
    _table([{"actor": a, "name": names.get(a), "betweenness": f"{b['betweenness'][a]:.3f}"}
            for a in top], ["actor", "name", "betweenness"],
           "No post brokers: no shortest coordination path passes through a third post.")
    _heading("Single points of failure (their loss splits the coordination network)")
    click.echo("Articulation points (posts):")
    _table([{"actor": a, "name": names.get(a)} for a in b["articulation_points"]],
           ["actor", "name"], "none")
    click.echo("\nBridges (links):")
    _table([{"between": " - ".join(x["actors"]), "relationships": _ids(x["relationships"])}
            for x in b["bridges"]], ["between", "relationships"], "none")

    for actor, reach in r["reach"].items():
        _heading(f"Reach of {actor} ({names.get(actor, actor)}): {reach['total']} actor(s)")
        _table([{"actor": a, "name": names.get(a), "authority": e["authority"],
                 "depth": e["depth"], "via": e["superior"]}
                for a, e in sorted(reach["actors"].items(),
                                   key=lambda kv: (kv[1]["depth"], kv[0]))],
               ["actor", "name", "authority", "depth", "via"], "It commands no one.")


def _network_line(b: dict) -> str:
    how = ("exact betweenness" if b["method"] == "exact"
           else f"betweenness estimated from {b['k']} sample actors (seed {b['seed']})")
    line = (f"{b['actors']} actors, {b['links']} links, {b['components']} component(s);"
            f" {how}: the share of shortest coordination paths that pass through a post.")
    for group in b["outside_main"]:
        line += f"\n  coordinating only among themselves: {_ids(group)}"
    return line


# -- two scenarios ------------------------------------------------------------------------
def _changed(rows: list[dict]) -> tuple[list[dict], int]:
    changed = [r for r in rows if r["changed"]]
    return changed, len(rows) - len(changed)


def _unchanged_note(n: int, what: str) -> None:
    if n:
        click.echo(f"({n} {what}: no change; --format json lists them all)")


def _print_comparison(c: dict, names: dict) -> None:
    old, new = c["base"]["id"], c["other"]["id"]
    click.echo(f"Scenario {new} ({c['other'].get('title') or ''}) compared with {old}"
               f" ({c['base'].get('title') or ''})")
    click.echo(f"change = {new} minus {old}")

    _heading("Structural checks")
    lines = []
    for ch in c["checks"].values():
        b, o = ch["base"], ch["other"]
        text = (f"{ch['rule']}  ({old} {'PASS' if b['passed'] else 'FAIL'},"
                f" {new} {'PASS' if o['passed'] else 'FAIL'})")
        details = ([f"{old}: {v['detail']}" for v in b["violations"]]
                   + [f"{new}: {v['detail']}" for v in o["violations"]])
        lines.append((b["passed"] and o["passed"], text, details))
    _check_lines(lines)

    _heading("Command chains")
    ncas = c["national_command_authorities"]
    click.echo(f"National command authorities in {new}: {_ids(ncas['other'])}"
               + (f"; added {_ids(ncas['added'])}" if ncas["added"] else "")
               + (f"; removed {_ids(ncas['removed'])}" if ncas["removed"] else ""))
    click.echo("\nLongest chain per nation:")
    emit([{"nation": n, old: ch["base"] and ch["base"]["depth"],
           new: ch["other"] and ch["other"]["depth"], "change": _signed(ch["change"]),
           f"chain in {new}": " > ".join(ch["other"]["chain"]) if ch["other"] else ""}
          for n, ch in c["longest_chains"].items()], "table")
    rows, same = _changed(c["command_depth"])
    click.echo("\nCommand depth, posts that move:")
    _table([{"actor": r["actor"], "name": names.get(r["actor"]),
             old: "-" if r["base"] is None else r["base"],
             new: "-" if r["other"] is None else r["other"],
             "change": ("new" if r["base"] is None else "gone" if r["other"] is None
                        else _signed(r["change"]))}
            for r in rows], ["actor", "name", old, new, "change"], "No post moves.")
    _unchanged_note(same, "posts on a command chain")

    _heading("Span of control (direct subordinates), posts that gain or lose")
    rows, same = _changed(c["span_of_control"])
    _table([{"actor": r["actor"], "name": names.get(r["actor"]), old: r["base"],
             new: r["other"], "change": _signed(r["change"]), "gained": _ids(r["gained"]),
             "lost": _ids(r["lost"]),
             "regraded": _ids(f"{x['actor']} {x['from']}>{x['to']}" for x in r["regraded"])}
            for r in rows], ["actor", "name", old, new, "change", "gained", "lost", "regraded"],
           "No commander gains or loses a subordinate.")
    _unchanged_note(same, "commanders")

    _heading("Coordination load (partners and forums), posts that gain or lose")
    rows, same = _changed(c["coordination_load"])
    _table([{"actor": r["actor"], "name": names.get(r["actor"]), old: r["base"],
             new: r["other"], "change": _signed(r["change"]),
             "cross-national": f"{r['cross_national'][0]} > {r['cross_national'][1]}",
             "gained": _ids(r["gained"]), "lost": _ids(r["lost"])}
            for r in rows], ["actor", "name", old, new, "change", "cross-national", "gained",
                             "lost"], "No post gains or loses a coordination partner or forum.")
    _unchanged_note(same, "coordinating posts")

    _heading("Brokers of the coordination network")
    click.echo(f"{old}: {_network_line(c['coordination_network']['base'])}")
    click.echo(f"{new}: {_network_line(c['coordination_network']['other'])}")
    top = sorted((r for r in c["betweenness"] if r["other"] > 0 or r["base"] > 0),
                 key=lambda r: (-r["other"], -r["base"], r["actor"]))[:TOP_BROKERS]
    _table([{"actor": r["actor"], "name": names.get(r["actor"]), old: f"{r['base']:.3f}",
             new: f"{r['other']:.3f}", "change": _signed(r["change"])} for r in top],
           ["actor", "name", old, new, "change"],
           "No post brokers in either scenario: no shortest coordination path passes"
           " through a third post.")

    _heading("Single points of failure (their loss splits the coordination network)")
    ap, br = c["articulation_points"], c["bridges"]
    click.echo(f"Articulation points in {new}: {_ids(ap['other']) or 'none'}")
    click.echo(f"  new in {new}: {_ids(ap['added']) or 'none'}")
    click.echo(f"  no longer critical: {_ids(ap['removed']) or 'none'}")
    click.echo(f"Bridges in {new}: {len(br['other'])}")
    for key, text in (("added", f"new in {new}"), ("removed", "no longer critical")):
        click.echo(f"  {text}: " + (_ids(" - ".join(x["actors"]) for x in br[key]) or "none"))

    if c["reach"]:
        _heading("Reach of commanders (everything under them)")
        emit([{"actor": r["actor"], "name": names.get(r["actor"]), old: r["base"],
               new: r["other"], "change": _signed(r["change"]), "gained": _ids(r["gained"]),
               "lost": _ids(r["lost"])} for r in c["reach"]], "table",
             ["actor", "name", old, new, "change", "gained", "lost"])
