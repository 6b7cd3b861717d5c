#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring, so the real
# OS keychain path (keytar -> libsecret -> Secret Service) is exercised without touching the user's keyring.
# If a Secret Service is already reachable (MFA_TRAY_USE_SESSION_KEYRING=1), the command runs as is.
set -euo pipefail
if [ "${MFA_TRAY_USE_SESSION_KEYRING:-}" = 1 ]; then exec "$@"; fi
if [ -z "${MFA_TRAY_KEYRING_INNER:-}" ]; then
  keyring_home=$(mktemp -d -t mfa-tray-keyring.XXXXXX)
  trap 'rm -rf "$keyring_home"' EXIT
  MFA_TRAY_KEYRING_INNER=1 KEYRING_HOME="$keyring_home" dbus-run-session -- bash "$0" "$@"
  exit $?
fi
# Inside the D-Bus session: start the keyring daemon with its storage in the temp HOME, unlocked.
mkdir -p "$KEYRING_HOME/.local/share/keyrings"
eval "$(printf 'throwaway' | HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
