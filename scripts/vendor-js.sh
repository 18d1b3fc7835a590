#!/usr/bin/env bash
# Fetch the pair page's charting library from the npm registry and vendor its built files
# under app/static/vendor/, so the app serves them itself (no CDN at run time). The versions
# are pinned here; run `make vendor-js` after changing them and commit what it writes.
set -euo pipefail
D3=7.9.0      # the version Plot's UMD build names as its dependency
PLOT=0.6.17
out="$(cd "$(dirname "$0")/.." && pwd)/app/static/vendor"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tradeclaims-npm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm install --no-audit --no-fund --ignore-scripts --no-save \
    "d3@$D3" "@observablehq/plot@$PLOT" >/dev/null )
cp "$tmp/node_modules/d3/dist/d3.min.js" "$out/d3.min.js"
cp "$tmp/node_modules/d3/LICENSE" "$out/d3.LICENSE"
cp "$tmp/node_modules/@observablehq/plot/dist/plot.umd.min.js" "$out/plot.umd.min.js"
cp "$tmp/node_modules/@observablehq/plot/LICENSE" "$out/plot.LICENSE"
( cd "$out" && sha256sum d3.min.js plot.umd.min.js > SHA256SUMS )
echo "vendored d3 $D3 and @observablehq/plot $PLOT into app/static/vendor" >&2
