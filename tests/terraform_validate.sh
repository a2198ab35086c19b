#!/usr/bin/env bash
# `terraform init -backend=false && terraform validate` on every folder Ferry exports for the
# test plans (tests/terraform_exports.sh), with the providers taken from a local mirror only.
# First it makes sure validate fails on tests/data/tfschema/bad (a folder of known mistakes).
# usage: terraform_validate.sh FERRY SOURCE_DIR SHARED_INPUTS
# The mirror is FERRY_TERRAFORM_MIRROR, else /opt/tf-plugins or ~/.terraform.d/plugins, laid
# out as Terraform's filesystem_mirror (registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/).
# Exits 77 (skipped) without a terraform binary or an AWS provider in a mirror; folders whose
# provider the mirror lacks are listed as not validated.
set -euo pipefail
ferry=$1 src=$2 shared=$3
terraform=$(command -v terraform || true)
[ -n "$terraform" ] || { echo "SKIP: no terraform binary on this machine"; exit 77; }
mirror=${FERRY_TERRAFORM_MIRROR:-}
if [ -z "$mirror" ]; then
    for m in /opt/tf-plugins "$HOME/.terraform.d/plugins"; do
        [ -d "$m/registry.terraform.io/hashicorp/aws" ] && { mirror=$m; break; }
    done
fi
[ -n "$mirror" ] && [ -d "$mirror/registry.terraform.io/hashicorp/aws" ] || {
    echo "SKIP: no AWS provider in a local mirror (set FERRY_TERRAFORM_MIRROR)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

# Prints validate's report on folder $1 and fails as it does.
validate() {
    (cd "$1" && "$terraform" init -backend=false -input=false -no-color >init.log 2>&1 ||
        { cat init.log; exit 1; }
     "$terraform" validate -no-color)
}

# validate can fail: the folder of known mistakes, with the AWS provider it needs.
mkdir "$work/bad"
cp "$src/tests/data/tfschema/bad/main.tf" "$work/bad/"
printf 'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n' \
    >"$work/bad/versions.tf"
if validate "$work/bad" >"$work/bad.txt" 2>&1; then
    echo "terraform validate passed a folder full of mistakes"; cat "$work/bad.txt"; exit 1
fi
grep -q 'Unsupported argument' "$work/bad.txt" || {
    echo "terraform validate failed on the bad folder for another reason:"; cat "$work/bad.txt"; exit 1; }

source "$(dirname "$0")/terraform_exports.sh"
validated=0 failed=0
for folder in "$work"/example/* "$work"/aws-split/* "$work"/heroku-do/* "$work"/records/* "$work"/dns/* "$work"/droplets/* "$work"/all/*; do
    [ -d "$folder" ] || continue
    name=${folder#"$work"/}
    missing=
    for p in $(grep -ho 'source *= *"[a-z0-9-]*/[a-z0-9-]*"' "$folder"/*.tf | sed 's/.*"\(.*\)"/\1/' | sort -u); do
        [ -d "$mirror/registry.terraform.io/$p" ] || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "not validated: $name (the mirror has no$missing)"
        continue
    fi
    if out=$(validate "$folder" 2>&1); then
        validated=$((validated + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $name"; echo "$out"
    fi
done
echo "$validated folders valid, $failed invalid"
[ "$validated" -gt 0 ] || { echo "SKIP: no folder could be validated with this mirror"; exit 77; }
[ "$failed" -eq 0 ]
