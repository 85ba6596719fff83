#!/bin/sh
# The WEBJS tests run whatsapp-web.js in Debian's Chromium (never a downloaded browser). Install it
# when missing (as root, from apt); without root, stop and say how.
set -eu
browser="${CHROMIUM_PATH:-${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing at $browser, and the WEBJS tests need it." >&2
  echo "Install it as root: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)." >&2
  exit 1
fi
echo "Installing Chromium (apt-get install -y chromium) for the WEBJS tests..."
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
"$browser" --version
