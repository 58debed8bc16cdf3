#!/bin/sh
# Install the Debian packages newsift needs to build and test, when missing.
# Called by make when pkg-config cannot find a library; safe to run again.
set -eu
pkgs="build-essential pkg-config zlib1g-dev libxxhash-dev libutf8proc-dev libjson-c-dev libgumbo-dev libzstd-dev libuchardet-dev libbrotli-dev libstemmer-dev libdeflate-dev libisal-dev python3 time gnuplot-nox chromium libopenmpi-dev openmpi-bin"
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	exit 0
fi
echo "deps.sh: installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2
