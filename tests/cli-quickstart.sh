#!/usr/bin/env bash
# Runs the quickstart of crates/alseco-cli/README.md exactly as written there: its first
# `sh` block (the install) from the repository's root, its second (the commands) in a fresh
# directory; then checks what the commands left behind.
#
#   tests/cli-quickstart.sh
#
# Honours CARGO_TARGET_DIR (the install then reuses what a release build already compiled).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
README="$ROOT/crates/alseco-cli/README.md"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The `sh` blocks of the "Quickstart" section, one file each.
BLOCKS="$(mktemp -d "${TMPDIR:-/tmp}/alseco-quickstart.XXXXXX")"
trap 'rm -rf "$BLOCKS"' EXIT
awk -v dir="$BLOCKS" '
    /^### / { in_section = ($0 ~ /^### Quickstart/) }
    in_section && /^```sh$/ { n++; in_block = 1; next }
    in_block && /^```$/ { in_block = 0; next }
    in_block { print > (dir "/block" n ".sh") }
' "$README"
for n in 1 2; do
    if [ ! -s "$BLOCKS/block$n.sh" ]; then
        echo "the Quickstart section of $README has no sh block $n" >&2
        exit 1
    fi
done

echo "==> install (README block 1, from the repository's root)"
cat "$BLOCKS/block1.sh"
(cd "$ROOT" && bash -euo pipefail "$BLOCKS/block1.sh")

WORK="$BLOCKS/work"
mkdir "$WORK"
echo "==> commands (README block 2, in a fresh directory)"
cat "$BLOCKS/block2.sh"
(cd "$WORK" && bash -euxo pipefail "$BLOCKS/block2.sh")

echo "==> what the commands left behind"
for file in alseco-journal.sqlite alseco-sandbox.jsonl invoice.pdf; do
    if [ ! -s "$WORK/$file" ]; then
        echo "the quickstart left no $file" >&2
        exit 1
    fi
done
if command -v pdftoppm >/dev/null; then
    pdftoppm -png -r 30 "$WORK/invoice.pdf" "$WORK/page"
    ls "$WORK"/page*.png >/dev/null
    echo "invoice.pdf renders with pdftoppm"
fi
echo "quickstart ran as written"
