#!/usr/bin/env bash
# Runs its arguments with a working, unlocked Secret Service (the OS keychain on Linux), e.g.
#   bash tests/support/with-keyring.sh npx vitest run
#
# - If the current session bus already has an unlocked keyring with a default collection
#   (a developer's desktop), or dbus-run-session is missing (macOS, Windows), the command
#   just runs.
# - Otherwise it runs inside a private `dbus-run-session` with its own gnome-keyring-daemon,
#   whose "login" collection is created and unlocked with a throwaway password, its files in a
#   temporary folder that is removed afterwards. The person's own keyring is never touched.
#
# Exits with the command's exit code.
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash $0 COMMAND [ARGS...]" >&2
  exit 64
fi

SECRETS=org.freedesktop.secrets
SECRETS_PATH=/org/freedesktop/secrets

# Prints the object path of the default collection, or nothing.
default_collection() {
  local out
  out=$(dbus-send --session --print-reply=literal --reply-timeout=5000 --dest="$SECRETS" \
    "$SECRETS_PATH" org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null) || return 1
  out=$(echo "$out" | tr -d '[:space:]')
  [ -n "$out" ] && [ "$out" != "/" ] && echo "$out"
}

# True when the bus already has a Secret Service owner (asks without starting one).
secrets_owned() {
  dbus-send --session --print-reply=literal --reply-timeout=2000 --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:"$SECRETS" 2>/dev/null |
    grep -q true
}

# True when the session bus has a running keyring whose default collection is unlocked.
keyring_answers() {
  local collection
  command -v dbus-send >/dev/null 2>&1 || return 1
  secrets_owned || return 1
  collection=$(default_collection) || return 1
  dbus-send --session --print-reply=literal --reply-timeout=5000 --dest="$SECRETS" \
    "$collection" org.freedesktop.DBus.Properties.Get \
    string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null | grep -q 'boolean false'
}

if [ "${USHER_WITH_KEYRING_INNER:-}" != 1 ]; then
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && keyring_answers; then
    exec "$@"
  fi
  if ! command -v dbus-run-session >/dev/null 2>&1; then
    exec "$@"
  fi
  if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    echo "with-keyring: gnome-keyring-daemon is not installed; running without a keyring" >&2
    exec "$@"
  fi
  # dbus-run-session exits with the status of the program it ran.
  USHER_WITH_KEYRING_INNER=1 exec dbus-run-session -- bash "$0" "$@"
fi

# Inside the private session bus from here on.
unset USHER_WITH_KEYRING_INNER
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/usher-keyring.XXXXXX")
daemon_pid=

cleanup() {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Its own data folder: a fresh "login" collection is created with this password, unlocked,
# and made the default alias. The control socket goes there too.
printf 'pw' | XDG_DATA_HOME="$keyring_home" XDG_RUNTIME_DIR="$keyring_home" \
  gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
daemon_pid=$!

ready=
for _ in $(seq 1 100); do
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    break
  fi
  if secrets_owned && default_collection >/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "with-keyring: gnome-keyring-daemon did not provide an unlocked default collection" >&2
  exit 70
fi

# Prove that a write really works before handing over.
if command -v secret-tool >/dev/null 2>&1; then
  probe="probe-$$-$RANDOM"
  if ! printf '%s' "$probe" |
    secret-tool store --label='Usher keyring probe' service usher-keyring-probe account probe ||
    [ "$(secret-tool lookup service usher-keyring-probe account probe)" != "$probe" ]; then
    echo "with-keyring: the Secret Service does not store secrets" >&2
    exit 70
  fi
  secret-tool clear service usher-keyring-probe account probe
fi

"$@"
status=$?
exit "$status"
