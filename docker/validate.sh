#!/usr/bin/env bash
# Checks the deployment files where no container engine or cluster runs: the compose file with
# `docker compose config` (or the older docker-compose), the Kubernetes manifests against Kubernetes' schemas
# (npm kubernetes-models, installed once into ~/.cache/tabbi/k8s-validate) and the "restricted" Pod Security Standard,
# the Prometheus alert rules with promtool (their unit tests too), and the Grafana dashboard's JSON and queries.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r docker/compose.yml docker/nginx "$work/"
cp docker/tabbi.env.example "$work/tabbi.env" # compose wants the env files the operator will write
sed -e 's/^TABBI_DB_PASSWORD=$/TABBI_DB_PASSWORD=checked/' -e 's/^TABBI_REDIS_PASSWORD=$/TABBI_REDIS_PASSWORD=checked/' \
    docker/compose.env.example > "$work/.env"
if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
else
    echo "validate: needs docker compose or docker-compose" >&2
    exit 2
fi
"${compose[@]}" -f "$work/compose.yml" --profile backup config -q
echo "valid docker/compose.yml"

tools="${HOME}/.cache/tabbi/k8s-validate"
if [ ! -d "$tools/node_modules/kubernetes-models" ] || [ ! -d "$tools/node_modules/yaml" ] \
        || [ ! -d "$tools/node_modules/@kubernetes-models/prometheus-operator" ]; then
    mkdir -p "$tools"
    (cd "$tools" && npm install --no-audit --no-fund --loglevel=error kubernetes-models@5.1.0 yaml@2.8.1 \
        @kubernetes-models/prometheus-operator@6.0.0)
fi
cp docker/k8s/validate.mjs "$tools/validate.mjs" # ES modules resolve packages next to the script
node "$tools/validate.mjs" docker/k8s/*.yaml

command -v promtool >/dev/null || { echo "validate: needs promtool (Debian package prometheus)" >&2; exit 2; }
promtool check rules ops/monitoring/alerts.yml
(cd ops/monitoring && promtool test rules alerts.test.yml)
node ops/monitoring/check.mjs "$work/dashboard-queries.yml"
promtool check rules "$work/dashboard-queries.yml" >/dev/null
echo "valid ops/monitoring/alerts.yml"
