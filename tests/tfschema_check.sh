#!/usr/bin/env bash
# Checks Ferry's Terraform output against the AWS and DigitalOcean providers' published schemas (tfschemacheck:
# resource types, argument and block names, required arguments and blocks, references, no
# empty strings or lists) — what `terraform validate` would find without the provider binary.
# First it makes sure the checker finds every problem of a folder written to have them.
# usage: tfschema_check.sh FERRY CHECKER SOURCE_DIR SHARED_INPUTS SCHEMA_DIR
# Exits 77 (skipped) when the schema is not on this machine (scripts/fetch-provider-schema.sh).
set -euo pipefail
ferry=$1 checker=$2 src=$3 shared=$4 schemas=$5
schema="$schemas/aws-5.99.1.jsii" do_schema="$schemas/digitalocean-2.71.0.jsii"
for s in "$schema" "$do_schema"; do
    if [ ! -s "$s" ]; then
        echo "SKIP: no provider schema at $s (scripts/fetch-provider-schema.sh fetches it)"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The checker can fail: a folder with one of each problem gives exactly the expected report.
(cd "$src/tests/data/tfschema/bad" && "$checker" -schema "$schema" . >"$work/bad.txt" 2>/dev/null) && {
    echo "the checker passed a folder full of problems"; exit 1; }
sed 's|^\./||' "$work/bad.txt" | diff "$src/tests/data/tfschema/bad/expected.txt" - || {
    echo "the checker's report on tests/data/tfschema/bad differs from expected.txt"; exit 1; }

source "$(dirname "$0")/terraform_exports.sh"
folders=("$work"/example/* "$work"/aws-split/* "$work"/heroku-do/* "$work"/records/* "$work"/dns/* "$work"/droplets/* "$work"/all/*)
[ ${#folders[@]} -gt 6 ] || { echo "too few folders exported: ${#folders[@]}"; exit 1; }
"$checker" -schema "$schema" -schema "$do_schema" "${folders[@]}" | sed "s|^$work/||"
