#!/bin/sh
# Refresh the page's vendored files from the npm registry (see src/dateline/web/static/vendor/VENDOR.md).
set -e
V="$(cd "$(dirname "$0")/.." && pwd)/src/dateline/web/static/vendor"
T="$(mktemp -d)"
cd "$T" && npm init -y >/dev/null
npm install --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 world-atlas@2.0.2 topojson-client@3.1.0
N="$T/node_modules"
mkdir -p "$V/images"
cp "$N/leaflet/dist/leaflet.js" "$N/leaflet/dist/leaflet.css" "$V/"
cp "$N/leaflet/dist/images/"* "$V/images/"
cp "$N/leaflet/LICENSE" "$V/LICENSE-leaflet"
cp "$N/leaflet.markercluster/dist/leaflet.markercluster.js" "$N/leaflet.markercluster/dist/MarkerCluster.css" \
   "$N/leaflet.markercluster/dist/MarkerCluster.Default.css" "$V/"
cp "$N/leaflet.markercluster/MIT-LICENCE.txt" "$V/LICENSE-markercluster"
cp "$N/world-atlas/countries-110m.json" "$V/" && cp "$N/world-atlas/LICENSE" "$V/LICENSE-world-atlas"
cp "$N/topojson-client/dist/topojson-client.min.js" "$V/" && cp "$N/topojson-client/LICENSE" "$V/LICENSE-topojson-client"
rm -rf "$T"
