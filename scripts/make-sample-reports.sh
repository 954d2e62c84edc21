#!/usr/bin/env bash
# Regenerates Reports/samples/: one report of each kind, made by the demo from a small
# generated data set (no real people). Run from anywhere; writes only Reports/samples/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
households="${HOUSEHOLDS:-150}"
cd "$root"
swift build -c release --product datacollect
binary="$root/.build/release/datacollect"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Run from a scratch folder with a relative --out, so the samples name "sample-run/demo.sqlite"
# rather than a path of this machine.
mkdir -p "$work/Policies"
cp -R "$root/Policies/examples" "$work/Policies/examples"
(cd "$work" && "$binary" demo --households "$households" --out sample-run --quiet)

rm -rf "$root/Reports/samples"
mkdir -p "$root/Reports/samples"
for folder in "$work"/sample-run/reports/*/; do
    kind="$(basename "$folder")"
    cp -R "$folder" "$root/Reports/samples/$kind"
done
echo "Wrote $(ls "$root/Reports/samples" | wc -l) sample reports to Reports/samples/ ($households households)."
