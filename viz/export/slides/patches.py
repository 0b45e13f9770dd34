"""Where python-pptx is too slow for a deck of hundreds of slides, and slide links.

* ``fast_part_names``: python-pptx looks through every part of the package for each
  new part's name, which grows with the square of a deck; names come from a counter.
* ``notes_page``: python-pptx clones the notes master's placeholders one search at a
  time for every notes page; after the first, a page is a copy of the first's empty one.
* ``link``: the relationship a shape's ``hlinkClick`` names to jump to another slide.
"""

from __future__ import annotations

from copy import deepcopy


def fast_part_names(prs) -> None:
    package = prs.part.package
    find, counters = package.next_partname, {}

    def next_partname(tmpl):
        from pptx.opc.packuri import PackURI

        if tmpl not in counters:      # the first free number, then the ones after it
            first = str(find(tmpl))
            counters[tmpl] = next(i for i in range(1, 1 << 20) if tmpl % i == first)
        else:
            counters[tmpl] += 1
        return PackURI(tmpl % counters[tmpl])

    package.next_partname = next_partname


def notes_page(slide, cache: dict):
    """The slide's notes page (``cache``: one dict for the whole deck)."""
    if "element" in cache:
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        package = slide.part.package
        part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, package, deepcopy(cache["element"]))
        part.relate_to(cache["master"], RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return slide.notes_slide
    notes = slide.notes_slide
    cache["element"] = deepcopy(notes._element)
    cache["master"] = slide.part.package.presentation_part.notes_master_part
    return notes


def link(slide, target) -> str:
    """The id of ``slide``'s relationship to ``target`` (for ``hlinkClick``)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return slide.part.relate_to(target.part, RT.SLIDE)
