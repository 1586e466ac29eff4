#!/usr/bin/env bash
# Installs promtool (Debian's prometheus package) for the k8s module's alert-rule tests, when it is missing.
# Idempotent and quick when present: it only checks that promtool runs.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "the k8s alert-rule tests need promtool from Debian's prometheus package: run 'apt-get install prometheus' as root" >&2
  exit 1
fi
echo "Installing Debian's prometheus package for promtool (the k8s module's alert-rule tests)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The package's post-install starts a Prometheus server through the init system; policy-rc.d refuses that, so
# only the binaries are installed and nothing keeps running.
policy="/usr/sbin/policy-rc.d"
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=true
fi
trap '[ "$created_policy" = true ] && rm -f "$policy"' EXIT
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
promtool --version
