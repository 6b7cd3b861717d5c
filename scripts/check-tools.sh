#!/usr/bin/env bash
# `npm test` runs this first: the system tools the suite needs, each checked where the tests look for it. A
# missing one is reported with the one line that installs it, instead of a failure deep inside a test.
set -uo pipefail

missing=()
debs=()
need() { # need TOOL DEBIAN_PACKAGE: TOOL is a path or a command on PATH
  if [[ $1 == /* ]] && [ -x "$1" ]; then return; fi
  if [[ $1 != /* ]] && command -v "$1" >/dev/null 2>&1; then return; fi
  missing+=("$1")
  [[ " ${debs[*]} " == *" $2 "* ]] || debs+=("$2")
}

need gnome-keyring-daemon gnome-keyring # the throwaway keychain (scripts/with-keyring.sh)
need dbus-run-session dbus              # its private D-Bus session
need /usr/bin/aws awscli                # the real AWS CLI reads what we write (test/support/cli-sandbox.ts)
need "${MFA_TRAY_CHROMIUM:-/usr/bin/chromium}" chromium # the popup's end-to-end tests (test/e2e)
need /usr/bin/zbarimg zbar-tools        # reads the QR codes back (test/support/qr-decode.ts)

# moto plays AWS; the tests start it with $MOTO_PYTHON, else python3 (test/support/aws-test-env.ts).
python=${MOTO_PYTHON:-python3}
moto_missing=
if ! command -v "$python" >/dev/null 2>&1; then
  missing+=("${MOTO_PYTHON:+MOTO_PYTHON=}$python")
  python=python3
  command -v python3 >/dev/null 2>&1 || debs+=(python3)
  moto_missing=1
elif ! "$python" -c 'import moto.server' >/dev/null 2>&1; then
  missing+=("moto 5 for $python")
  moto_missing=1
fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

{
  echo "npm test: missing: ${missing[*]}. Install with:"
  if [ ${#debs[@]} -gt 0 ]; then
    sudo=; [ "$(id -u)" = 0 ] || sudo='sudo '
    echo "  ${sudo}apt-get install -y --no-install-recommends ${debs[*]}"
  fi
  if [ -n "$moto_missing" ]; then
    echo "  $python -m pip install 'moto[server]>=5'   (or set MOTO_PYTHON to a python3 that has moto)"
  fi
} >&2
exit 1
