#!/usr/bin/env bash
# What the export tests need beyond the Python packages (idempotent, quiet on success):
# LibreOffice Impress to render PPTX -> PDF, and poppler-utils (pdftoppm, pdftotext,
# pdffonts) to turn PDFs into PNGs and check their fonts.  Graphviz itself needs
# nothing from apt: the pygraphviz wheel bundles it, and the Japanese font ships in
# c2graph itself (viz/fonts).
set -euo pipefail

pkgs=()
command -v soffice >/dev/null 2>&1 || pkgs+=(libreoffice-impress)
command -v pdftoppm >/dev/null 2>&1 || pkgs+=(poppler-utils)
if [ ${#pkgs[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    for p in "${pkgs[@]}"; do
        if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            apt-get update -qq >/dev/null
            break
        fi
    done
    # with recommends: the configuration the export tests were run and checked with
    apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
