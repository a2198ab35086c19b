#!/usr/bin/env bash
# Fetches the schema of the Terraform AWS provider 5.x for the terraform_schema test: the jsii
# assembly of the CDK for Terraform's prebuilt provider package (npm @cdktf/provider-aws
# 19.65.1, generated from hashicorp/aws 5.99.1's `terraform providers schema -json`), checked
# against the registry's sha512 and kept in DEST (default ~/.cache/ferry/provider-schemas).
# Without a `terraform` binary and a provider mirror, this is what lets a test check the
# exported folders against the provider's real argument names and required arguments.
# Prints nothing when the schema is already there; exits 1 (with a message) when it cannot be had.
set -euo pipefail
dest=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry/provider-schemas}
name=aws-5.99.1.jsii
url=https://registry.npmjs.org/@cdktf/provider-aws/-/provider-aws-19.65.1.tgz
sha512=pUvO9fYAgyc4MreWOZWkzz/lalxOvIAS2YEvBjIadJVqCUEiNN5EDWu5ofBp9Y1k+ncHzl3K6oPgBeYQYJz5kw==

[ -s "$dest/$name" ] && exit 0
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! curl -fsSL --retry 3 -o "$work/package.tgz" "$url"; then
    echo "fetch-provider-schema: could not download $url" >&2
    exit 1
fi
got=$(openssl dgst -sha512 -binary "$work/package.tgz" | base64 -w0)
if [ "$got" != "$sha512" ]; then
    echo "fetch-provider-schema: $url does not have the expected sha512" >&2
    exit 1
fi
tar -xzf "$work/package.tgz" -C "$work" package/.jsii
mv "$work/package/.jsii" "$dest/$name.part"
mv "$dest/$name.part" "$dest/$name"
