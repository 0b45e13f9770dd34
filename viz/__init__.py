"""Pictures of the graph: the interactive view (``view``), charts and slides (``export``)
and the layout engine they share (``layout``).

What every picture offers is here, light to import: ``c2graph --help`` lists every
command's options without importing the exporters to show two defaults.
"""

#: The label languages of every chart, slide and view.
LANGS = ("en", "ja", "both")
#: The classification banner a picture carries unless told otherwise.
DEFAULT_MARKING = "UNCLASSIFIED"
