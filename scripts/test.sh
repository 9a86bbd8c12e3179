#!/usr/bin/env bash
# Runs every check and test of the workspace on a fresh Debian 12 machine:
# installs what is missing (Debian packages: PostgreSQL, WebKitGTK and its
# WebDriver, Xvfb, keyutils; the UI's npm packages; tauri-driver), starts a
# throwaway PostgreSQL cluster so every provider test also runs on
# PostgreSQL, then runs svelte-check, vitest, rustfmt, clippy, all Rust
# tests, and the end-to-end tests that drive the real app window under Xvfb.
# Stops the cluster on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hjs-target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

need_packages=()
for pair in "postgresql:/usr/lib/postgresql" "pkg-config:/usr/bin/pkg-config" "build-essential:/usr/bin/cc" \
    "keyutils:/usr/bin/keyctl" "libwebkit2gtk-4.1-dev:/usr/include/webkitgtk-4.1" "librsvg2-dev:/usr/include/librsvg-2.0" \
    "webkit2gtk-driver:/usr/bin/WebKitWebDriver" "xvfb:/usr/bin/Xvfb" "xauth:/usr/bin/xauth" "dbus:/usr/bin/dbus-run-session" \
    "nodejs:/usr/bin/node" "npm:/usr/bin/npm" "bind9-utils:/usr/bin/named-checkzone"; do
    package=${pair%%:*}; path=${pair#*:}
    [ -e "$path" ] || need_packages+=("$package")
done
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "==> installing ${need_packages[*]}"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi
# Debian's postgresql package starts a system cluster; ours is separate.

echo "==> UI: npm packages, svelte-check, vitest, build"
# The exact versions of ui/package-lock.json. (`npm install`, not `npm ci`:
# the lock holds only this platform's optional native packages, as the
# registry here serves, and `npm ci` insists on every platform's.)
npm install --prefix ui --no-audit --no-fund --loglevel=error
npm run --prefix ui check
npm run --prefix ui test
npm run --prefix ui build

pg_dir=$(mktemp -d /tmp/hjs-test-pg.XXXXXX)
chmod 755 "$pg_dir"
pg_port=$((55000 + RANDOM % 5000))
cleanup() { scripts/pg-cluster.sh stop "$pg_dir" || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
echo "==> starting PostgreSQL on port $pg_port"
HJS_TEST_POSTGRES_URL=$(scripts/pg-cluster.sh start "$pg_dir" "$pg_port")
export HJS_TEST_POSTGRES_URL
export HJS_REQUIRE_POSTGRES=1

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
# Session tokens go to the kernel session keyring of a fresh session alone
# (HJS_KEYRING=session: never linked to the user's persistent keyring), so
# tests neither need a desktop keyring nor leave anything in the user's.
# Checked: our keys in the persistent keyring before and after.
export HJS_KEYRING=session
ours_in_persistent_keyring() {
    # In a throwaway session, so looking does not link anything into the caller's.
    keyctl session - sh -c 'ring=$(keyctl get_persistent @s 2>/dev/null) || exit 0
        for key in $(keyctl rlist "$ring" 2>/dev/null); do keyctl describe "$key" 2>/dev/null; done' 2>/dev/null |
        grep hostjamstack-desk | sort || true
}
keyring_before=$(ours_in_persistent_keyring)
check_persistent_keyring() {
    local new
    new=$(comm -13 <(echo "$keyring_before") <(ours_in_persistent_keyring) | grep . || true)
    if [ -n "$new" ]; then
        echo "FAILED: $1 left keys in the user's persistent keyring:"
        echo "$new"
        exit 1
    fi
    echo "==> the user's persistent keyring: nothing new after $1"
}

echo "==> cargo test"
keyctl session - cargo test --workspace --exclude hjs-e2e --locked --no-fail-fast -- --test-threads 4
check_persistent_keyring "the Rust tests"

echo "==> end-to-end: the real app window under Xvfb"
scripts/e2e.sh
check_persistent_keyring "the end-to-end tests"
