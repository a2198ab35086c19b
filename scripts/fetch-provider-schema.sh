#!/usr/bin/env bash
# Fetches the schemas of the Terraform providers Ferry writes for, for the terraform_schema test:
# the jsii assemblies of the CDK for Terraform's prebuilt provider packages, each generated from
# the provider's `terraform providers schema -json`, checked against the npm registry's sha512
# and kept in DEST (default ~/.cache/ferry/provider-schemas):
#   aws-5.99.1.jsii           npm @cdktf/provider-aws 19.65.1 (hashicorp/aws 5.99.1)
#   digitalocean-2.71.0.jsii  npm @cdktf/provider-digitalocean 13.14.1 (digitalocean/digitalocean 2.71.0)
# Without a `terraform` binary and a provider mirror, this is what lets a test check the
# exported folders against the providers' real argument names and required arguments.
# Prints nothing when the schemas are already there; exits 1 (with a message) when one cannot be had.
set -euo pipefail
dest=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry/provider-schemas}
registry=https://registry.npmjs.org/@cdktf

fetch() { # NAME TARBALL-PATH SHA512
    local name=$1 url=$registry/$2 sha512=$3 work got
    [ -s "$dest/$name" ] && return 0
    mkdir -p "$dest"
    work=$(mktemp -d)
    if ! curl -fsSL --retry 3 -o "$work/package.tgz" "$url"; then
        echo "fetch-provider-schema: could not download $url" >&2
        rm -rf "$work"; exit 1
    fi
    got=$(openssl dgst -sha512 -binary "$work/package.tgz" | base64 -w0)
    if [ "$got" != "$sha512" ]; then
        echo "fetch-provider-schema: $url does not have the expected sha512" >&2
        rm -rf "$work"; exit 1
    fi
    tar -xzf "$work/package.tgz" -C "$work" package/.jsii
    mv "$work/package/.jsii" "$dest/$name.part"
    mv "$dest/$name.part" "$dest/$name"
    rm -rf "$work"
}

fetch aws-5.99.1.jsii provider-aws/-/provider-aws-19.65.1.tgz \
    pUvO9fYAgyc4MreWOZWkzz/lalxOvIAS2YEvBjIadJVqCUEiNN5EDWu5ofBp9Y1k+ncHzl3K6oPgBeYQYJz5kw==
fetch digitalocean-2.71.0.jsii provider-digitalocean/-/provider-digitalocean-13.14.1.tgz \
    Ibgo4EFoas7rNnWDCkugxUCA01ovXtLvUvruUiWWtKHEPRAmpnopgfu5+VOH3MUYn8RAf7sV08vWsovLwBTNpg==
