#!/usr/bin/env bash
# Interop check: builds and starts the alseco-sandbox binary, runs tests/python/interop_zeep.py
# (Python zeep, a SOAP client nobody here wrote) against it, and always stops the sandbox.
#
#   tests/python/run_interop.sh            # from anywhere in the repository
#   INTEROP_PORT=18081 tests/python/run_interop.sh
#
# Needs cargo and `pip install -r tests/python/requirements.txt`. Honours CARGO_TARGET_DIR.
# The sandbox's clock is fixed (--now) so that account 600000's invoices are formed whatever
# the day of the month (they are formed on days 4–10 of a new period); set INTEROP_NOW=system
# to use the real clock instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${INTEROP_PORT:-18080}"
NOW="${INTEROP_NOW:-2025-04-15T06:00:00Z}"
PYTHON="${PYTHON:-python3}"
URL="http://127.0.0.1:${PORT}/AlsecoPaymentsService/AlsecoPaymentsService.asmx"
LOG="$(mktemp "${TMPDIR:-/tmp}/alseco-sandbox-interop.XXXXXX.log")"

cd "$ROOT"
echo "building alseco-sandbox…"
cargo build -q -p alseco-sandbox --bin alseco-sandbox

if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then
    echo "port ${PORT} is already in use; set INTEROP_PORT" >&2
    exit 2
fi

ARGS=(--listen "127.0.0.1:${PORT}")
if [ "$NOW" != "system" ]; then
    ARGS+=(--now "$NOW")
fi
cargo run -q -p alseco-sandbox --bin alseco-sandbox -- "${ARGS[@]}" >"$LOG" 2>&1 &
SANDBOX_PID=$!

CHECK_PID=
stop_sandbox() {
    if [ -n "$CHECK_PID" ]; then
        kill -TERM "$CHECK_PID" 2>/dev/null || true
    fi
    # `cargo run` execs the binary on Unix, so the PID is the sandbox's; its children too,
    # in case cargo stays in between.
    pkill -TERM -P "$SANDBOX_PID" 2>/dev/null || true
    kill -TERM "$SANDBOX_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$SANDBOX_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    rm -f "$LOG"
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

echo "waiting for ${URL}?wsdl …"
ready=
for _ in $(seq 1 240); do
    if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
        echo "the sandbox exited:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    if "$PYTHON" - "$URL?wsdl" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.status == 200 and b"wsdl:definitions" in r.read() else 1)
PY
    then
        ready=1
        break
    fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    echo "the sandbox did not answer ?wsdl within 120 s:" >&2
    cat "$LOG" >&2
    exit 1
fi

# In the background and waited for, so that a signal stops the sandbox at once.
"$PYTHON" tests/python/interop_zeep.py "$URL" &
CHECK_PID=$!
status=0
wait "$CHECK_PID" || status=$?
CHECK_PID=
exit "$status"
