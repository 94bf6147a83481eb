#!/bin/sh
# Entrypoint of a Tabbi sandbox on Daytona. On the first start it clones the session's repository (the token goes
# as an HTTP header, never into the URL or .git/config) and its skills. On every start it runs the agent with
# OpenCode's offline settings and the session's configuration. Daytona restarts it on resume.
set -eu
export HOME=/tabbi/home XDG_CONFIG_HOME=/tabbi/config XDG_DATA_HOME=/tabbi/data XDG_CACHE_HOME=/tabbi/cache \
       XDG_STATE_HOME=/tabbi/state GIT_TERMINAL_PROMPT=0 \
       OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_SHARE=1 \
       OPENCODE_DISABLE_LSP_DOWNLOAD=1
mkdir -p "$HOME" "$XDG_CONFIG_HOME/opencode/skills" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

clone() { # url ref target [token]: without the token first, so a public repository never sees it
  GIT_TERMINAL_PROMPT=0 git -c credential.helper= clone --quiet ${2:+--branch "$2"} -- "$1" "$3" 2>/dev/null && return 0
  [ -n "${4:-}" ] || { echo "the repository could not be cloned" >&2; return 1; }
  # the header travels in git's environment, never on a command line that the process list shows
  GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader \
    GIT_CONFIG_VALUE_0="Authorization: Basic $(printf 'x-access-token:%s' "$4" | base64 | tr -d '\n')" \
    GIT_TERMINAL_PROMPT=0 git -c credential.helper= clone --quiet ${2:+--branch "$2"} -- "$1" "$3"
}

if [ ! -e /tabbi/prepared ]; then
  cd /workspace
  if [ -n "${TABBI_REPO_URL:-}" ]; then
    clone "$TABBI_REPO_URL" "${TABBI_REPO_REF:-}" . "${TABBI_REPO_TOKEN:-}"
  else
    git init --quiet --initial-branch=main
  fi
  # TABBI_SKILLS is a JSON array of "url" or "url#ref"
  i=0
  for skill in $(printf '%s' "${TABBI_SKILLS:-[]}" | tr -d '[]"' | tr ',' ' '); do
    clone "${skill%%#*}" "$( [ "$skill" != "${skill#*#}" ] && printf '%s' "${skill#*#}" )" \
      "$XDG_CONFIG_HOME/opencode/skills/$i"
    i=$((i + 1))
  done
  touch /tabbi/prepared
fi
unset TABBI_REPO_TOKEN

cd /workspace
export OPENCODE_CONFIG_CONTENT="$TABBI_OPENCODE_CONFIG"
exec opencode serve --port 4096 --hostname 0.0.0.0
