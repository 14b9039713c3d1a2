#!/bin/sh
# End-to-end test of the Thunderbird extension (ctest label "thunderbird").
#   tests/thunderbird/run-e2e.sh BUILD_DIR [COURTOISD]
# Installs nothing: it checks that Thunderbird, Xvfb, Dovecot and ImageMagick are there
# (scripts/setup-thunderbird installs them) and that courtoisd is built, then runs e2e.py.
set -u
# Dovecot lives in /usr/sbin, often missing from a user's PATH.
PATH="$PATH:/usr/sbin:/sbin"
here=$(cd "$(dirname "$0")" && pwd)
build_dir=${1:?usage: run-e2e.sh BUILD_DIR [COURTOISD]}
courtoisd=${2:-$build_dir/server/courtoisd}

missing=""
for tool in thunderbird Xvfb dovecot import python3; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "run-e2e: missing:$missing" >&2
  echo "run-e2e: install them with scripts/setup-thunderbird (apt-get install thunderbird xvfb xauth dovecot-imapd imagemagick)" >&2
  exit 1
fi
if [ ! -x "$courtoisd" ]; then
  echo "run-e2e: courtoisd is not built at $courtoisd; build it first (cmake --build $build_dir --target courtoisd)" >&2
  exit 1
fi
version=$(thunderbird --version 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')
if [ -n "$version" ] && [ "$version" -lt 128 ]; then
  echo "run-e2e: Thunderbird $version is too old; the extension needs 128 or later" >&2
  exit 1
fi
exec python3 "$here/e2e.py" --build-dir "$build_dir" --courtoisd "$courtoisd"
