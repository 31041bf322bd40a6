#!/usr/bin/env bash
# Rebuilds the sandbox's worker releases (out/sw-*.js) with workbox-cli injectManifest from
# the site (../site) and the sources here. The sandbox crate embeds out/ (it cannot run npm);
# tests/cli/probe.rs rebuilds them the same way and fails if the committed ones differ.
#   WORKBOX=path/to/workbox (default: .ci/npm/node_modules/.bin/workbox of the repository,
#   which `.ci/test` installs: npm install --prefix .ci/npm workbox-cli@7.4.1)
set -euo pipefail
cd "$(dirname "$0")"
workbox="${WORKBOX:-../../../.ci/npm/node_modules/.bin/workbox}"
for config in v*.config.js; do
  "$workbox" injectManifest "$config" >/dev/null
done
