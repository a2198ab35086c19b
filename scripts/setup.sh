#!/usr/bin/env bash
# Ferry's set-up on a fresh Debian 12 machine (run as root, or with sudo available).
#   scripts/setup.sh run    install what is missing, build, open the GUI on the example plan
#   scripts/setup.sh test   install what is missing, build, run every test with CTest
# Idempotent and quiet when nothing needs installing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
packages=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-svg-dev libqt6sql6-sqlite libqt6sql6-psql libgl-dev
          libyaml-cpp-dev libpqxx-dev libgraphviz-dev qtkeychain-qt6-dev libsimdjson-dev
          libcmark-gfm-dev libcmark-gfm-extensions-dev
          libbenchmark-dev xvfb xauth)
# The tests also check the Terraform output with the HCL formatter, built from Debian's sources,
# run PostgreSQL and TLS servers of their own, and a GNOME Keyring in a D-Bus session of its own.
# The hostile-input test renders the runbook with cmark-gfm (GitHub's CommonMark renderer).
# The Terraform is also checked against the AWS provider's schema, fetched with curl from the
# npm registry (scripts/fetch-provider-schema.sh).
[ "$mode" = test ] && packages+=(golang-go golang-github-hashicorp-hcl-v2-dev postgresql-15 openssl
                                 gnome-keyring dbus-daemon cmark-gfm curl ca-certificates)
# CI also fuzzes every reader briefly with libFuzzer, which comes with clang.
[ "$mode" = test ] && [ "${CI:-}" = true ] && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

preset=default
[ "$mode" = test ] && [ "${CI:-}" = true ] && preset=ci
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |^ninja: no work to do' || true
test -x "build$([ "$preset" = ci ] && echo -ci)/gui/ferry" || { echo "build failed" >&2; exit 1; }

# Qt wants a private runtime directory; root shells on servers often have none.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="/tmp/runtime-$(id -u)"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi

case "$mode" in
run)
    exe=build/gui/ferry
    plan=resources/examples/example.ferry.yaml
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        echo "No display: starting Ferry under Xvfb (set DISPLAY to use a real one)."
        exec xvfb-run -a "$exe" "$plan"
    fi
    exec "$exe" "$plan"
    ;;
test)
    bash scripts/fetch-provider-schema.sh ||
        echo "Without the provider schema, the terraform_schema test is skipped." >&2
    ctest --preset "$preset"
    if [ "${CI:-}" = true ]; then
        # CI also runs every test under AddressSanitizer, LeakSanitizer and UBSan.
        cmake --preset sanitize >/dev/null
        cmake --build --preset sanitize -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |^ninja: no work to do' || true
        ctest --preset sanitize
        # …and fuzzes each reader for 40 seconds from the real inputs (docs/fuzzing.md).
        cmake --preset fuzz >/dev/null
        cmake --build --preset fuzz -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |^ninja: no work to do' || true
        ctest --preset fuzz
    fi
    ;;
*)
    echo "usage: scripts/setup.sh run|test" >&2
    exit 2
    ;;
esac
