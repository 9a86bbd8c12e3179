#!/usr/bin/env bash
# Runs the provider on the demo workspace: a SQLite database under .data/,
# seeded with the demo data on first start, served on 127.0.0.1:8080.
# Outgoing mail lands as .eml files in .data/mail/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hjs-target}
mkdir -p .data
database="sqlite://$PWD/.data/demo-provider.db?mode=rwc"
cargo build --release -p hjs-provider
bin="$CARGO_TARGET_DIR/release/hjs-provider"
"$bin" seed --demo --database-url "$database"
exec "$bin" serve --database-url "$database" --listen "${HJS_LISTEN:-127.0.0.1:8080}" --mail-dir .data/mail
