#!/bin/bash
# Rebuild the bundled fonts from their pinned Debian packages and check them against fonts/SHA256SUMS.
# usage: tools/fonts/rebuild_and_verify.sh [WORKDIR]
#   needs: apt-get (run `apt-get update` first), dpkg-deb, python3 with fontTools 4.68
#   exit 0 when every rebuilt face is byte-identical to the committed one; 1 otherwise.
# To replace the committed bundle after a deliberate change: tools/fonts/build_bundle.sh fonts/
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$HERE/build_bundle.sh" "$OUT" "${1:-$(mktemp -d)}" >/dev/null
echo "rebuilt in $OUT; checking against $REPO/fonts/SHA256SUMS"
status=0
(cd "$OUT" && sha256sum --check "$REPO/fonts/SHA256SUMS") || status=1
for f in README-fonts.txt LICENSE-Noto-CJK-OFL.txt LICENSE-Fandol-GPL3-font-exception.txt; do
    if cmp -s "$OUT/$f" "$REPO/fonts/$f"; then echo "$f: OK"; else echo "$f: DIFFERS"; status=1; fi
done
if diff -r "$OUT/metrics" "$REPO/fonts/metrics" >/dev/null; then echo "metrics/: OK"; else echo "metrics/: DIFFERS"; status=1; fi
size=$(du -sb "$REPO/fonts" | cut -f1)
echo "fonts/ is $((size / 1000000)) MB (limit 25 MB)"
[ "$size" -lt 25000000 ] || status=1
exit $status
