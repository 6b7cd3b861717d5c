#!/usr/bin/env bash
# The whole suite: unit, integration (keychain, moto, AWS CLI) and end-to-end tests, against the built output.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find dist/test -name '*.test.js' | sort)
exec bash scripts/with-keyring.sh node --test --test-concurrency=1 "${files[@]}"
