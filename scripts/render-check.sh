#!/usr/bin/env bash
# Render briefing exports to PNG pages for a person to look at (the tests check structure;
# only eyes check legibility).  PPTX goes through LibreOffice headless -> PDF -> pdftoppm,
# the chart PDF through pdftoppm.  Needs .ci/export-setup.sh's packages.
#
#   scripts/render-check.sh [OUTDIR] [SCENARIO...]      (default: /tmp/c2graph-render us-jfc)
#
# Example: scripts/render-check.sh /tmp/look jjoc-2025 us-jfc cfc-transfer
set -euo pipefail
out=${1:-/tmp/c2graph-render}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(us-jfc)
mkdir -p "$out"

slides=()
for s in "${scenarios[@]}"; do
    slides+=(-s "$s")
    for lang in en ja; do
        c2graph export pdf -o "$out/$s-$lang.pdf" --dataset bundled -s "$s" --lang "$lang" \
            --marking "UNCLASSIFIED//FOR REVIEW"
        pdftoppm -r 50 -png "$out/$s-$lang.pdf" "$out/$s-$lang-pdf"
    done
done
c2graph export pptx -o "$out/deck-ja.pptx" --dataset bundled "${slides[@]}" --lang ja \
    --marking "UNCLASSIFIED//FOR REVIEW"
# LibreOffice sees the bundled Japanese font too (with the system's fonts for its UI).
conf=$(python -c "from viz import fonts; print(fonts.fontconfig_file(include_system=True))")
FONTCONFIG_FILE="$conf" soffice --headless --convert-to pdf --outdir "$out" "$out/deck-ja.pptx" >/dev/null
pdftoppm -r 110 -png "$out/deck-ja.pdf" "$out/deck-ja"
ls -1 "$out"/*.png
