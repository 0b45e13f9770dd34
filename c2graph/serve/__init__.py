"""``c2graph serve``: a local, read-only explorer in the browser over the store.

``explorer`` answers what the page asks (search, canned and ad hoc queries, scenario
comparison, what-if, chart export) through the same library the CLI uses;
``http`` is the guarded server that carries those answers (docs/serve.md).  This
package sits at the top, beside the CLI: it ties the store, the queries and the view
together, so nothing below imports it.
"""
