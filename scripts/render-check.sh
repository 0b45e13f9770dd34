#!/usr/bin/env bash
# Render briefing exports to PNG pages for a person to look at (the tests check that
# every text fits its box, in PowerPoint's terms and in LibreOffice's render; only eyes
# check that a chart reads well).  PPTX goes through LibreOffice headless -> PDF ->
# pdftoppm, the chart PDF through pdftoppm.  Needs .ci/export-setup.sh's packages.
#
#   scripts/render-check.sh [OUTDIR] [SCENARIO...]      (default: /tmp/c2graph-render us-jfc)
#
# Writes, for the scenarios given: the chart PDF in English and Japanese, a Japanese deck
# and a bilingual (--lang both) deck with one slide per scenario, their pages as PNG
# (decks at 150 dpi, as a projector shows them), and prints the size the boxes' text got
# on every slide.
#
# Example: scripts/render-check.sh /tmp/look jjoc-2025 us-jfc cfc-transfer
set -euo pipefail
out=${1:-/tmp/c2graph-render}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(us-jfc)
mkdir -p "$out"
marking="UNCLASSIFIED//FOR REVIEW"

slides=()
for s in "${scenarios[@]}"; do
    slides+=(-s "$s")
    for lang in en ja; do
        c2graph export pdf -o "$out/$s-$lang.pdf" --dataset bundled -s "$s" --lang "$lang" \
            --marking "$marking"
        pdftoppm -r 50 -png "$out/$s-$lang.pdf" "$out/$s-$lang-pdf"
    done
done
# LibreOffice sees the bundled Japanese font too (with the system's fonts for its UI).
conf=$(python -c "from viz import fonts; print(fonts.fontconfig_file(include_system=True))")
for lang in ja both; do
    deck="$out/deck-$lang.pptx"
    c2graph export pptx -o "$deck" --dataset bundled "${slides[@]}" --lang "$lang" --marking "$marking"
    FONTCONFIG_FILE="$conf" soffice --headless --convert-to pdf --outdir "$out" "$deck" >/dev/null
    pdftoppm -r 150 -png "$out/deck-$lang.pdf" "$out/deck-$lang"
    python - "$deck" <<'EOF'
import sys
from pptx import Presentation
for number, slide in enumerate(Presentation(sys.argv[1]).slides, 1):
    sizes = sorted({r.font.size.pt for s in slide.shapes if s.has_text_frame and "." in s.name
                    and not s.name.startswith(("Label", "Legend"))
                    for p in s.text_frame.paragraphs for r in p.runs})
    print(f"{sys.argv[1]} slide {number}: box text {', '.join(f'{v:g}' for v in sizes)} pt")
EOF
done
ls -1 "$out"/*.png
