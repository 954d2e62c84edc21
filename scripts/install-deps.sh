#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need, if missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -euo pipefail

# chromium and fonts-dejavu-core: the headless browser test screenshots report.html.
# zbar-tools: the tests read the public artifacts' QR codes back with zbarimg.
packages=(pkg-config libsqlite3-dev sqlite3 libarchive-dev libssl-dev libqrencode-dev libpng-dev postgresql chromium fonts-dejavu-core zbar-tools)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

# The OpenAPI validator, the pyCANON test and the report checks build virtual environments:
# python3 with venv and ensurepip (Debian ships those in python3-venv).
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        run_as_root=(sudo)
    else
        echo "error: these packages are missing and this user cannot install them: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${run_as_root[@]}" apt-get update -qq
"${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
