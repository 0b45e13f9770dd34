"""Briefing exports: org charts (SVG, PNG, PDF, PPTX) and exchange formats.

``drawing`` draws a chart (SVG, PNG, PDF) from the layout engine (``viz.layout``) and
``pptx`` builds editable slides from the same layout; the Graphviz ``dot`` chart
(``dot_graph``, ``dot_layout`` and the other ``dot_*`` modules) gives the ``dot``
source and the geometry GraphML and GEXF place boxes with; ``common`` holds the
options, the focus subtree and safe writing; ``build`` picks the writer of each format
(the exchange formats -- mermaid, GraphML, GEXF, JSON, Cypher, neo4j-admin CSV -- live
beside their readers in ``loaders.formats``).  ``c2graph.cli.export`` wires them to
``c2graph export``.
"""
