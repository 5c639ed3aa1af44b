#!/usr/bin/env bash
# Refresh the JavaScript libraries vendored under src/multitrack/web/static/vendor from the npm registry,
# and axe-core (accessibility checks of the browser tests) under tests/web/vendor, which the app never
# serves. The app never loads anything from the internet at run time; this runs only when a version changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/multitrack/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
fetch() {  # package@version  file-inside-package  name-in-vendor
    npm pack --silent "$1" >/dev/null
    tar xzf ./*.tgz
    # Without its .map file a source-map comment only makes browser developer tools ask for a missing file.
    sed '/^\/\/# sourceMappingURL=/d' "package/$2" >"$dest/$3"
    cat package/LICENSE* >"$dest/$3.LICENSE" 2>/dev/null || true  # axe-core has a second, third-party one
    rm -rf package ./*.tgz
}
fetch htmx.org@2.0.11 dist/htmx.min.js htmx.min.js
fetch cytoscape@3.34.4 dist/cytoscape.min.js cytoscape.min.js
# Charts: Vega, Vega-Lite and vega-embed, loaded in this order as plain scripts (globals vega, vegaLite,
# vegaEmbed). The CSP-safe expression interpreter (package vega-interpreter, 2.3.2) comes bundled inside
# vega-embed.min.js, which uses it when called with `ast: true` (see static/multitrack/charts.js). The
# vega-interpreter package itself ships only an ES module importing vega-util, which a plain script tag
# cannot load, so it is not vendored on its own. When updating, keep vega-lite's peer range on vega.
fetch vega@6.4.0 build/vega.min.js vega.min.js
fetch vega-lite@6.5.0 build/vega-lite.min.js vega-lite.min.js
fetch vega-embed@7.3.0 build/vega-embed.min.js vega-embed.min.js
dest="$root/tests/web/vendor"
fetch axe-core@4.14.1 axe.min.js axe.min.js
echo "vendored into src/multitrack/web/static/vendor and tests/web/vendor"
