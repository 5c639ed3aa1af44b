#!/usr/bin/env bash
# Refresh the JavaScript libraries vendored under src/multitrack/web/static/vendor from the npm registry.
# The app never loads anything from the internet at run time; this runs only when a version changes.
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/src/multitrack/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
fetch() {  # package@version  file-inside-package  name-in-vendor
    npm pack --silent "$1" >/dev/null
    tar xzf ./*.tgz
    cp "package/$2" "$dest/$3"
    cp package/LICENSE* "$dest/$3.LICENSE" 2>/dev/null || true
    rm -rf package ./*.tgz
}
fetch htmx.org@2.0.11 dist/htmx.min.js htmx.min.js
fetch cytoscape@3.34.4 dist/cytoscape.min.js cytoscape.min.js
echo "vendored into $dest"
