"""``python -m graph.cli`` runs the c2graph command line."""

from graph.cli import main

main()
