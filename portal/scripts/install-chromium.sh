#!/usr/bin/env bash
# Installs Debian's Chromium and its driver for the portal's browser tests, when they are missing.
# Idempotent and quick when both are present: it only checks that the two binaries run. A Chinese font comes too
# (WenQuanYi Micro Hei), so screenshots of the portal's Simplified Chinese pages show characters, not empty boxes.
set -euo pipefail

CHINESE_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -f "$CHINESE_FONT" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "portal browser tests need Debian's chromium and chromium-driver: run 'apt-get install chromium chromium-driver fonts-wqy-microhei' as root" >&2
  exit 1
fi
echo "Installing Debian's chromium and chromium-driver for the portal's browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core fonts-wqy-microhei >/dev/null
/usr/bin/chromium --version
