#!/bin/sh
# Runs a command in a D-Bus session of its own, with a GNOME Keyring Secret Service unlocked in
# a temporary home, so that keychain tests never see or touch the user's keyring:
#   tests/with-keyring.sh COMMAND [ARG…]
# Exit code: the command's, or 2 when the session cannot be started.
set -u
command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null || {
    echo "with-keyring.sh: dbus-run-session and gnome-keyring-daemon are needed" \
         "(scripts/setup.sh test installs dbus-daemon and gnome-keyring)" >&2
    exit 2
}
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
export HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# The daemon creates and unlocks a "login" keyring with this throw-away password.
dbus-run-session -- sh -c '
    printf ferry-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 2
    exec "$@"' sh "$@"
