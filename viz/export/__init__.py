"""Briefing exports: org charts (SVG, PNG, PDF, PPTX) and exchange formats.

``chart`` lays a scenario out with Graphviz and draws it; ``pptx`` builds editable
slides from the same layout; ``formats`` writes mermaid, GraphML, GEXF, JSON, Cypher
and neo4j-admin CSV; ``common`` holds the options, the focus subtree and safe writing.
``graph.cli.export`` wires them to ``c2graph export``.
"""
