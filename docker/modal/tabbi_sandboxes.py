"""Tabbi's sandboxes on Modal.

This one web endpoint offers the sandbox-service API of docs/sandbox-service.md. Each sandbox is a Modal Sandbox
running `opencode serve` behind an encrypted tunnel. Pausing takes a filesystem snapshot (the workspace and the
agent's data directory) and stops the sandbox. Resuming starts a new sandbox from that snapshot.

Deploy:   modal deploy docker/modal/tabbi_sandboxes.py
Then set SANDBOX_PROVIDER=modal, SANDBOX_REMOTE_URL=<the endpoint's URL> and a proxy-auth token
(SANDBOX_MODAL_TOKEN_ID / SANDBOX_MODAL_TOKEN_SECRET). See docker/modal/README.md.
"""

import asyncio
import base64
import json
import os
import secrets
import shlex
import time
import urllib.request

import modal
from fastapi import FastAPI, Header, HTTPException

OPENCODE_VERSION = "1.18.33"
AGENT_PORT = 4096
SANDBOX_HOURS = 24

image = (
    modal.Image.debian_slim(python_version="3.12")
    .apt_install("git", "curl", "ca-certificates", "nodejs", "npm")
    .run_commands(f"npm install -g --no-audit --no-fund opencode-ai@{OPENCODE_VERSION}")
)
app = modal.App("tabbi-sandboxes")
web = FastAPI(title="Tabbi sandboxes")

# Runs in the sandbox: clone (first start only), then the agent. The token is a header, never part of the URL or
# .git/config, and is gone from the environment before the agent starts.
START = r"""
set -eu
mkdir -p /workspace /tabbi/data /tabbi/config/opencode/skills /tabbi/cache /tabbi/state /tabbi/home
cd /workspace
if [ -n "${TABBI_REPO_URL:-}" ] && [ ! -e /tabbi/cloned ]; then
  # without the token first, so a public repository never sees it
  if ! GIT_TERMINAL_PROMPT=0 git -c credential.helper= clone --quiet \
      ${TABBI_REPO_REF:+--branch "$TABBI_REPO_REF"} -- "$TABBI_REPO_URL" . 2>/dev/null; then
    [ -n "${TABBI_REPO_TOKEN:-}" ] || exit 1
    # the header travels in git's environment, never on a command line that the process list shows
    export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader
    export GIT_CONFIG_VALUE_0="Authorization: Basic $(printf 'x-access-token:%s' "$TABBI_REPO_TOKEN" | base64 -w0)"
    GIT_TERMINAL_PROMPT=0 git -c credential.helper= clone --quiet \
      ${TABBI_REPO_REF:+--branch "$TABBI_REPO_REF"} -- "$TABBI_REPO_URL" .
  fi
  unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0
elif [ ! -e /workspace/.git ]; then
  git init --quiet --initial-branch=main
fi
touch /tabbi/cloned
unset TABBI_REPO_TOKEN
if [ -n "${TABBI_MODEL_CONFIG:-}" ]; then
  node -e 'const fs = require("fs"); const c = JSON.parse(fs.readFileSync("/tabbi/opencode.json", "utf8"));
    Object.assign(c, JSON.parse(process.env.TABBI_MODEL_CONFIG));
    fs.writeFileSync("/tabbi/opencode.json", JSON.stringify(c));'
fi
unset TABBI_MODEL_CONFIG
export OPENCODE_CONFIG_CONTENT="$(cat /tabbi/opencode.json)"
exec opencode serve --port 4096 --hostname 0.0.0.0 >> /tabbi/agent.log 2>&1
"""


def _check(authorization: str | None) -> None:
    expected = os.environ.get("TABBI_SANDBOX_API_KEY")
    if expected and authorization != f"Bearer {expected}":
        raise HTTPException(status_code=401, detail="bad API key")


def _model_config(model: dict | None) -> dict:
    """Tabbi's model gateway and this sandbox's token: no provider key ever enters a sandbox."""
    if not model:
        return {}
    qualified = f"{model['provider']}/{model['name']}"
    return {
        "model": qualified, "small_model": qualified, "enabled_providers": [model["provider"]],
        "provider": {model["provider"]: {
            "npm": "@ai-sdk/openai-compatible",
            "options": {"baseURL": model["baseUrl"], "apiKey": model["apiKey"], "timeout": 120000},
            "models": {model["name"]: {"tool_call": True, "limit": {"context": 128000, "output": 8192}}}}},
    }


def _opencode_config(settings: dict | None, model: dict | None) -> str:
    config = {"autoupdate": False, "share": "disabled", "permission": "allow", **_model_config(model)}
    for key in ("agent", "mcp"):
        if settings and key in settings:
            config[key] = settings[key]
    return json.dumps(config)


async def _wait_healthy(url: str, password: str, timeout: float = 90.0) -> None:
    credentials = base64.b64encode(f"opencode:{password}".encode()).decode()
    request = urllib.request.Request(f"{url}/global/health", headers={"Authorization": f"Basic {credentials}"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        except Exception:  # not listening yet
            pass
        await asyncio.sleep(0.5)
    raise HTTPException(status_code=504, detail="the agent did not start")


async def _start(sandbox_image: modal.Image, env: dict, session_id: str) -> dict:
    password = secrets.token_urlsafe(32)
    env = {
        **env,
        "OPENCODE_SERVER_PASSWORD": password,
        "HOME": "/tabbi/home",
        "XDG_DATA_HOME": "/tabbi/data",
        "XDG_CONFIG_HOME": "/tabbi/config",
        "XDG_CACHE_HOME": "/tabbi/cache",
        "XDG_STATE_HOME": "/tabbi/state",
        "OPENCODE_DISABLE_MODELS_FETCH": "1",
        "OPENCODE_DISABLE_AUTOUPDATE": "1",
        "OPENCODE_DISABLE_SHARE": "1",
        "OPENCODE_DISABLE_LSP_DOWNLOAD": "1",
    }
    sandbox = await modal.Sandbox.create.aio(
        "bash", "-c", START, app=app, image=sandbox_image, encrypted_ports=[AGENT_PORT],
        secrets=[modal.Secret.from_dict(env)], timeout=SANDBOX_HOURS * 3600, workdir="/workspace",
    )
    await sandbox.set_tags.aio({"tabbi-session": session_id})
    tunnel = (await sandbox.tunnels.aio())[AGENT_PORT]
    await _wait_healthy(tunnel.url, password)
    return {"id": sandbox.object_id, "status": "running", "agentUrl": tunnel.url, "agentPassword": password}


@web.post("/sandboxes", status_code=201)
async def create(body: dict, authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    env = {}
    repo = body.get("repo")
    if repo:
        env["TABBI_REPO_URL"] = repo["url"]
        if repo.get("ref"):
            env["TABBI_REPO_REF"] = repo["ref"]
        if repo.get("token"):
            env["TABBI_REPO_TOKEN"] = repo["token"]
    config = _opencode_config(body.get("agentSettings"), body.get("model"))
    skills = " && ".join(
        f"git clone --quiet {('--branch ' + shlex.quote(s['ref'])) if s.get('ref') else ''} -- "
        f"{shlex.quote(s['url'])} /tabbi/config/opencode/skills/{i}"
        for i, s in enumerate(body.get("skills", [])))
    setup = image.run_commands(
        "mkdir -p /tabbi/config/opencode/skills",
        f"printf %s {shlex.quote(config)} > /tabbi/opencode.json",
        *([skills] if skills else []))
    return await _start(setup, env, body["sessionId"])


@web.get("/sandboxes")
async def listing(authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    found = []
    async for sandbox in modal.Sandbox.list.aio(app_id=app.app_id):
        tags = await sandbox.get_tags.aio()
        found.append({"id": sandbox.object_id, "sessionId": tags.get("tabbi-session", "")})
    return {"sandboxes": found}


@web.get("/sandboxes/{sandbox_id}")
async def status(sandbox_id: str, authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    try:
        sandbox = await modal.Sandbox.from_id.aio(sandbox_id)
    except modal.exception.NotFoundError:
        raise HTTPException(status_code=404, detail="no such sandbox")
    running = await sandbox.poll.aio() is None
    return {"id": sandbox_id, "status": "running" if running else "stopped"}


@web.get("/sandboxes/{sandbox_id}/logs")
async def logs(sandbox_id: str, tail: int = 100, authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    sandbox = await modal.Sandbox.from_id.aio(sandbox_id)
    process = await sandbox.exec.aio("tail", "-n", str(max(1, min(tail, 10000))), "/tabbi/agent.log")
    return {"logs": (await process.stdout.read.aio()).splitlines()}


@web.post("/sandboxes/{sandbox_id}/pause")
async def pause(sandbox_id: str, authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    sandbox = await modal.Sandbox.from_id.aio(sandbox_id)
    snapshot = await sandbox.snapshot_filesystem.aio()
    await sandbox.terminate.aio()
    return {"snapshot": snapshot.object_id}


@web.post("/snapshots/{snapshot_id}/resume", status_code=201)
async def resume(snapshot_id: str, body: dict, authorization: str | None = Header(default=None)) -> dict:
    _check(authorization)
    # the paused sandbox's token was revoked: the resumed one gets the model settings with its new token
    env = {"TABBI_MODEL_CONFIG": json.dumps(_model_config(body.get("model")))}
    return await _start(modal.Image.from_id(snapshot_id), env, body["sessionId"])


@web.delete("/sandboxes/{sandbox_id}", status_code=204)
async def delete(sandbox_id: str, authorization: str | None = Header(default=None)) -> None:
    _check(authorization)
    try:
        sandbox = await modal.Sandbox.from_id.aio(sandbox_id)
    except modal.exception.NotFoundError:
        raise HTTPException(status_code=404, detail="no such sandbox")
    await sandbox.terminate.aio()


@web.delete("/snapshots/{snapshot_id}", status_code=204)
async def discard(snapshot_id: str, authorization: str | None = Header(default=None)) -> None:
    _check(authorization)  # Modal keeps snapshot images until they expire; nothing to do here


@app.function(image=modal.Image.debian_slim().pip_install("fastapi[standard]"),
              secrets=[modal.Secret.from_name("tabbi-sandboxes")])
@modal.asgi_app(requires_proxy_auth=True)
def endpoint() -> FastAPI:
    return web
