#!/usr/bin/env bash
# Fails if an HTTP client crate is in what Cairn ships (its normal and build dependencies). The e2e test crate
# has a WebDriver client, but it is a separate package that the app never links.
set -euo pipefail
cd "$(dirname "$0")/.."
clients='^(reqwest|hyper|hyper-util|ureq|isahc|curl|curl-sys|attohttpc|surf|minreq|http-client|awc) v'
tree=$(cargo tree --locked -p cairn -e normal,build --prefix none)
if found=$(grep -E "$clients" <<<"$tree" | sort -u) && [ -n "$found" ]; then
  echo "An HTTP client is in Cairn's dependency tree:" >&2
  echo "$found" >&2
  exit 1
fi
echo "offline: no HTTP client among $(sort -u <<<"$tree" | wc -l) crates in the app's dependency tree"
