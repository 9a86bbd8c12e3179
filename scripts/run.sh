#!/usr/bin/env bash
# Runs HostJamstack Desk. With nothing configured it opens the demo
# workspace: the provider runs inside the app on 127.0.0.1, with a SQLite
# database in the app's data folder seeded with the demo data, and the app
# signs in to it. Installs what the build needs when it is missing (Debian's
# WebKitGTK, the UI's npm packages), builds the UI and a release build of
# the app with the UI embedded, then starts it.
# HJS_HOME=<folder> keeps the app's data there instead of ~/.local/share.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hjs-target}

need_packages=()
for pair in "pkg-config:/usr/bin/pkg-config" "build-essential:/usr/bin/cc" "libwebkit2gtk-4.1-dev:/usr/include/webkitgtk-4.1" \
    "librsvg2-dev:/usr/include/librsvg-2.0" "nodejs:/usr/bin/node" "npm:/usr/bin/npm"; do
    package=${pair%%:*}; path=${pair#*:}
    [ -e "$path" ] || need_packages+=("$package")
done
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

npm install --prefix ui --no-audit --no-fund --loglevel=error
npm run --prefix ui build
cargo build --release --locked -p hjs-desk --features custom-protocol
exec "$CARGO_TARGET_DIR/release/hjs-desk" "$@"
