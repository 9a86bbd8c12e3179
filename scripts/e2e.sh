#!/usr/bin/env bash
# End-to-end tests in the real app window: builds the app with its UI
# embedded (custom-protocol), installs tauri-driver when missing, and runs
# the hjs-e2e tests under Xvfb and a private D-Bus session, with session
# tokens in a throwaway kernel session keyring (never the user's persistent one). Screenshots land in docs/screenshots/.
# Expects the UI built (ui/dist) and the Debian packages scripts/test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hjs-target}

[ -f ui/dist/index.html ] || npm run --prefix ui build
if ! command -v tauri-driver >/dev/null; then
    export PATH="$HOME/.cargo/bin:$PATH"
    command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
fi

echo "==> building the app (custom-protocol)"
cargo build --locked -p hjs-desk --features custom-protocol
export HJS_E2E_APP="$CARGO_TARGET_DIR/debug/hjs-desk"
# Tokens in the session keyring of the `keyctl session -` below, alone.
export HJS_KEYRING=session
# No GPU here: software rendering, and no compositing mode WebKit can't do.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1

echo "==> driving the app under Xvfb"
xvfb-run -a -s "-screen 0 1600x1000x24" \
    dbus-run-session -- \
    keyctl session - \
    cargo test --locked -p hjs-e2e -- --test-threads 1 --nocapture
