"""Exchange formats, each one module with its reader and its writer side by side.

=================  ======================  ==========================================
format             module                  read back by ``c2graph load``
=================  ======================  ==========================================
json (node-link)   ``json_graph``          yes: ``FILE.json``
graphml            ``graphml``             yes: ``FILE.graphml``
gexf               ``gexf``                no (Gephi reads the GraphML too)
csv (neo4j-admin)  ``neo4j_csv``           yes: a folder with ``actors.csv``
mermaid            ``mermaid``             no (a drawing)
cypher script      ``cypher_script``       no (it recreates the scenario in Neo4j)
CSV pair           ``csv_pair``            read only: ``nodes.csv`` + ``relationships.csv``
=================  ======================  ==========================================

``common`` holds what they share.  Writers draw from ``graph.schema`` (line styles,
labels, colours, shapes), so this loader layer never imports ``viz``; the chart
geometry the GraphML and GEXF writers place boxes with is handed in by the caller
(``viz.export.build``).  Every XML writer filters characters through
``graph.textsafety.xml_text``; every reader reads its file through
``loaders.yamlio.read_text`` and refuses duplicates and excessive nesting.
"""
