"""Briefing exports: org charts (SVG, PNG, PDF, PPTX) and exchange formats.

``chart`` lays a scenario out with Graphviz and draws it; ``pptx`` builds editable
slides from the same layout; ``common`` holds the options, the focus subtree and safe
writing; ``build`` picks the writer of each format (the exchange formats -- mermaid,
GraphML, GEXF, JSON, Cypher, neo4j-admin CSV -- live beside their readers in
``loaders.formats``).  ``c2graph.cli.export`` wires them to ``c2graph export``.
"""
