#!/usr/bin/env bash
# The verification of docs/DEPLOYMENT.md, command by command, against a running Tabbi:
#   TABBI=https://tabbi.example.com KEY=tb_live_… docs/verify-deployment.sh
# It creates one session, runs one short turn in it and deletes it. Exit status 0: the deployment works.
set -euo pipefail
: "${TABBI:?set TABBI to the address of Tabbi}" "${KEY:?set KEY to an API key from the Keys page}"
TABBI=${TABBI%/}

step() { printf '== %s\n' "$*"; }
expect() {
    grep -q -- "$1" <<<"$2" || { printf 'FAILED: expected %s in:\n%s\n' "$1" "$2" >&2; exit 1; }
}

step "the process answers"
out=$(curl -fsS "$TABBI/health")
expect '"status":"ok"' "$out"

step "it is ready: database migrated, Redis (or single node), secrets"
out=$(curl -fsS "$TABBI/health/ready")
expect '"status":"UP"' "$out"

step "the API key is accepted"
out=$(curl -fsS -H "Authorization: Bearer $KEY" "$TABBI/v1/keys/current")
expect '"environment"' "$out"

step "a session starts"
out=$(curl -fsS -X POST -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{}' "$TABBI/v1/sessions")
expect '"status":"starting"' "$out"
SESSION=$(sed -E 's/.*"id":"([^"]+)".*/\1/' <<<"$out")
for _ in $(seq 1 120); do
    out=$(curl -fsS -H "Authorization: Bearer $KEY" "$TABBI/v1/sessions/$SESSION")
    if grep -q '"status":"idle"' <<<"$out" || grep -q '"status":"error"' <<<"$out"; then break; fi
    sleep 1 # the sandbox is starting
done
expect '"status":"idle"' "$out"

step "a turn streams"
out=$(curl -fsS -N -X POST -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"content":"Say hello"}' "$TABBI/v1/sessions/$SESSION/messages")
expect '"type":"session.running"' "$out"
expect '"type":"message.complete"' "$out"
expect '"type":"session.idle"' "$out"

step "the session ends"
out=$(curl -fsS -X DELETE -H "Authorization: Bearer $KEY" "$TABBI/v1/sessions/$SESSION")
expect '"status":"terminated"' "$out"

step "metrics are served"
out=$(curl -fsS "$TABBI/metrics")
expect 'tabbi_turns_total' "$out"
expect 'tabbi_sandboxes_live' "$out"

echo "deployment verified"
