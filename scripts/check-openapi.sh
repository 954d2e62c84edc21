#!/usr/bin/env bash
# Validates openapi.yaml (at the repository root) against the OpenAPI specification with
# openapi-spec-validator, installed on first use in a virtual environment under $TMPDIR.
# Exits non-zero when the document is invalid (or the validator cannot be installed).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec="${script_dir}/../openapi.yaml"
venv="${TMPDIR:-/tmp}/datacollect-openapi-venv"

if [[ ! -f "$spec" ]]; then
    echo "check-openapi: no OpenAPI document at $spec" >&2
    exit 2
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "check-openapi: creating a virtual environment in $venv" >&2
    python3 -m venv "$venv"
fi

if [[ ! -x "$venv/bin/openapi-spec-validator" ]]; then
    echo "check-openapi: installing openapi-spec-validator" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check openapi-spec-validator
fi

"$venv/bin/openapi-spec-validator" "$spec"
