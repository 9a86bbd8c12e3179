#!/usr/bin/env bash
# Measures the release build of HostJamstack Desk on this machine and prints
# the figures docs/desktop.md reports:
#   - binary size;
#   - start to first dashboard paint (the app logs it), cold (empty data
#     folder: seed the demo provider, download the account) and warm;
#   - memory after start: the app's own RSS and the PSS of the whole
#     process tree (the app plus WebKit's web and network processes);
#   - the same with the big generated account (10k domains, 756k documents
#     at --scale 1) served by a separate provider, signed in with `hjs`;
#   - scrolling its domains table in the window, driven through WebDriver
#     (tests/e2e/tests/scroll.rs: frame intervals, placeholder frames).
# Runs under Xvfb with a throwaway D-Bus session and kernel keyring.
# Usage: scripts/measure-desk.sh [scale of the big account, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hjs-target}
scale=${1:-1}

if [ -z "${HJS_MEASURE_INNER:-}" ]; then
    npm install --prefix ui --no-audit --no-fund --loglevel=error
    npm run --prefix ui build >/dev/null
    cargo build --release --locked -p hjs-desk --features custom-protocol -p hjs-provider -p hjs-cli
    command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
    cargo build --locked -p hjs-e2e --tests
    export HJS_MEASURE_INNER=1 HJS_KEYRING=session
    export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
    exec xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- keyctl session - "$0" "$@"
fi

bin=$CARGO_TARGET_DIR/release
work=$(mktemp -d /tmp/hjs-measure.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# The release profile keeps line tables for backtraces; packages ship it stripped.
cp "$bin/hjs-desk" "$work/hjs-desk-stripped" && strip "$work/hjs-desk-stripped"
echo "binary: $(stat -c %s "$bin/hjs-desk" | numfmt --to=iec-i --suffix=B) as built, $(stat -c %s "$work/hjs-desk-stripped" | numfmt --to=iec-i --suffix=B) stripped"

# Every process whose parent chain reaches $1.
tree_pids() {
    local pids=("$1") frontier=("$1")
    while [ ${#frontier[@]} -gt 0 ]; do
        local next=()
        for p in "${frontier[@]}"; do
            for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do next+=("$c"); pids+=("$c"); done
        done
        frontier=("${next[@]}")
    done
    echo "${pids[@]}"
}

# kib PID FIELD FILE: a kB figure of /proc/PID/FILE (0 when the process is gone).
kib() { awk -v field="$2:" '$1 == field { print $2; found = 1 } END { if (!found) print 0 }' /proc/"$1"/"$3" 2>/dev/null || echo 0; }

memory() {
    local app=$1 pss=0 rss=0 count=0
    for p in $(tree_pids "$app"); do
        pss=$((pss + $(kib "$p" Pss smaps_rollup)))
        rss=$((rss + $(kib "$p" Rss smaps_rollup)))
        count=$((count + 1))
    done
    echo "memory: app RSS $(( $(kib "$app" VmRSS status) / 1024 )) MiB (anonymous $(( $(kib "$app" RssAnon status) / 1024 )), mapped files $(( $(kib "$app" RssFile status) / 1024 ))); tree of $count processes: RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB"
}

# Starts the app on data folder $1, waits for its first dashboard (and for
# the bootstrap when $2 says so), prints the figures, stops it.
run_app() {
    local home=$1 wait_for=$2 log=$work/app.log
    HJS_HOME=$home "$bin/hjs-desk" >"$log" 2>&1 &
    local app=$! waited=0
    until grep -q "$wait_for" "$log"; do
        sleep 0.5; waited=$((waited + 1))
        if [ $waited -gt 600 ]; then echo "gave up waiting for: $wait_for"; tail -20 "$log"; kill $app; return 1; fi
    done
    grep 'first dashboard painted' "$log" | grep -o 'ms=[0-9]*' | head -1 | sed 's/ms=/first dashboard paint after launch: /; s/$/ ms/'
    grep 'bootstrap finished' "$log" | grep -o 'documents=[0-9]*' | head -1 | sed 's/^/downloaded: /' || true
    sleep 5
    memory $app
    kill $app; wait $app 2>/dev/null || true
}

echo "== demo workspace, cold (empty data folder: seed, sign in, download)"
run_app "$work/demo-home" "first dashboard painted"
echo "== demo workspace, warm"
run_app "$work/demo-home" "first dashboard painted"

echo "== big generated account (scale $scale)"
db="sqlite://$work/large.sqlite?mode=rwc"
"$bin/hjs-provider" seed --large --scale "$scale" --database-url "$db"
"$bin/hjs-provider" serve --database-url "$db" --listen 127.0.0.1:58123 --no-jobs --mail-dir "$work/mail" 2>"$work/provider.log" &
sleep 2
echo demo-password-2026 | HJS_HOME=$work/large-home "$bin/hjs" login --provider http://127.0.0.1:58123 \
    --email reseller@large.hostjamstack.com --password-stdin >/dev/null
# `hjs login` downloaded the account; forget that download so the app does its own.
rm -f "$work"/large-home/workspaces/*/cache.db*
echo "-- cold: the app downloads the account"
run_app "$work/large-home" "bootstrap finished"
echo "-- warm"
run_app "$work/large-home" "first dashboard painted"
echo "-- scrolling the domains table"
HJS_E2E_APP="$bin/hjs-desk" HJS_E2E_HOME="$work/large-home" \
    cargo test --locked -p hjs-e2e --test scroll -- --ignored --nocapture 2>/dev/null | sed -n '/^domains table/,/^wheel/p'
