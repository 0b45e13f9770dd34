"""``python -m c2graph`` runs the c2graph command line."""

from c2graph.cli import main

main()
