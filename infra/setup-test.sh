#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine: npm packages, Debian's Chromium, the Kafka broker's jars.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "[setup] npm packages" >&2
npm install --no-audit --no-fund >&2

if ! command -v chromium >/dev/null 2>&1; then
  echo "[setup] Debian chromium (headless browser tests)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi

echo "[setup] Apache Kafka jars (cached outside the repo)" >&2
bash infra/kafka/kafka.sh fetch >&2
echo "[setup] done" >&2
