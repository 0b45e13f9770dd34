"""networkx analysis of a scenario's command and coordination structure.

Every function takes the ``networkx.MultiDiGraph`` that ``Store.read_graph``
returns (or ``graph.graphs.scenario_graph`` builds from a model ``Scenario``), checks it
first, and returns plain data (dicts, lists, numbers) that prints as JSON as is.
Results are sorted and independent of edge order, so both engines give the same
answer for the same scenario.

Command (``graph.analysis.command``)
    :func:`national_command_authorities`, :func:`command_depth`,
    :func:`longest_command_chains`, :func:`span_of_control`, :func:`command_reach`.
Structural checks (``graph.analysis.checks``)
    :func:`command_cycles`, :func:`unity_of_command_violations`,
    :func:`cross_national_commands`, :func:`unreachable_actors`,
    :func:`structural_checks`.
Coordination (``graph.analysis.coordination``)
    :func:`coordination_network`, :func:`coordination_load`, :func:`brokers`.
Reports (``graph.analysis.report``)
    :func:`analyze_scenario`, :func:`compare_scenarios`, :func:`analyze` (either);
    ``graph.analysis.plot``
    draws either with matplotlib.
"""

from c2graph.graph.analysis.checks import (command_cycles, cross_national_commands,
                                   structural_checks, unity_of_command_violations,
                                   unreachable_actors)
from c2graph.graph.analysis.command import (command_depth, command_reach, longest_command_chains,
                                    national_command_authorities, span_of_control)
from c2graph.graph.analysis.coordination import brokers, coordination_load, coordination_network
from c2graph.graph.analysis.report import analyze, analyze_scenario, compare_scenarios

__all__ = [
    "analyze", "analyze_scenario", "brokers", "command_cycles", "command_depth", "command_reach",
    "compare_scenarios", "coordination_load", "coordination_network",
    "cross_national_commands", "longest_command_chains", "national_command_authorities",
    "span_of_control", "structural_checks",
    "unity_of_command_violations", "unreachable_actors",
]
