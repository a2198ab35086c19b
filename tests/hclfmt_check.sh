#!/usr/bin/env bash
# Checks that Ferry's Terraform output is valid HCL that the HCL formatter (hclwrite.Format,
# the formatter behind `terraform fmt`) leaves unchanged: on the example plan, and on a plan
# imported from every real input available and mapped wholesale.
# usage: hclfmt_check.sh FERRY HCLFMT SOURCE_DIR SHARED_INPUTS
set -euo pipefail
ferry=$1 hclfmt=$2 src=$3 shared=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ferry" export terraform "$src/resources/examples/example.ferry.yaml" -o "$work/example" >/dev/null
inputs=("$src"/tests/data/real/*.tfstate "$src"/tests/data/real/aws_*.json "$src"/tests/data/real/dropletkit_*.json)
[ -d "$shared/tfstate" ] && inputs+=("$shared"/tfstate/*)
"$ferry" import "${inputs[@]}" -o "$work/all.ferry.yaml" >/dev/null
"$ferry" map "$work/all.ferry.yaml" --account production 'provider:digitalocean' >/dev/null
"$ferry" map "$work/all.ferry.yaml" --account staging --wave 2 'provider:heroku' >/dev/null 2>&1 || true
"$ferry" map "$work/all.ferry.yaml" --account shared-services --wave 3 'provider:aws' >/dev/null
"$ferry" export terraform "$work/all.ferry.yaml" -o "$work/all" >/dev/null

checked=0 failed=0
while IFS= read -r -d '' f; do
    checked=$((checked + 1))
    if ! "$hclfmt" -check -require-no-change "$f" >/dev/null 2>"$work/err"; then
        failed=$((failed + 1))
        echo "not fmt-stable or invalid: ${f#$work/}"
        cat "$work/err"
        "$hclfmt" "$f" | diff "$f" - | head -20 || true
    fi
done < <(find "$work" -name '*.tf' -print0)
echo "$((checked - failed)) passed, $failed failed"
[ "$checked" -gt 20 ] && [ "$failed" -eq 0 ]
