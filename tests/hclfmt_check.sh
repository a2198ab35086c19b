#!/usr/bin/env bash
# Checks that Ferry's Terraform output is valid HCL that the HCL formatter (hclwrite.Format,
# the formatter behind `terraform fmt`) leaves unchanged: on the example plan, and on a plan
# imported from every real input available and mapped wholesale.
# usage: hclfmt_check.sh FERRY HCLFMT SOURCE_DIR SHARED_INPUTS
set -euo pipefail
ferry=$1 hclfmt=$2 src=$3 shared=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$(dirname "$0")/terraform_exports.sh"

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
