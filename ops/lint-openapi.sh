#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly's CLI (npm @redocly/cli, installed once into ~/.cache/tabbi/redocly):
#   ops/lint-openapi.sh <file-or-url>        e.g. https://tabbi.example.com/openapi.yaml
# Exit status 1 when the document has errors; warnings are printed and allowed.
set -euo pipefail
document=${1:?usage: ops/lint-openapi.sh <file-or-url>}
tools="${HOME}/.cache/tabbi/redocly"
if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
    mkdir -p "$tools"
    (cd "$tools" && npm install --no-audit --no-fund --loglevel=error @redocly/cli@2.77.0)
fi
exec "$tools/node_modules/.bin/redocly" lint --format=stylish "$document"
