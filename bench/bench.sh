#!/usr/bin/env bash
# Benchmark suite for cpmail (make bench). Drives the real binary against the
# fake cPanel server on 127.0.0.1 and prints a table of wall time and peak
# resident memory; then runs the Go benchmarks of the hot paths.
#
# Cases:
#   1. cpmail deliveries --all -o json over 1,000 / 10,000 / 100,000 records
#   2. the same payload through curl | jq (the baseline a user would reach for)
#   3. cpmail diagnose against the fake server with 150 ms latency per call
#   4. the bounce classifier alone (go test -bench)
set -euo pipefail
cd "$(dirname "$0")/.."

out=bench/out
mkdir -p "$out"
go build -o "$out/cpmail" ./cmd/cpmail
go build -o "$out/benchserver" ./bench/benchserver
for tool in jq curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed for the baseline: apt-get install -y $tool" >&2; exit 1; }
done
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is needed: apt-get install -y time" >&2; exit 1; }

# serve ARGS...: start the fake server, wait for its address, export the
# connection settings. The token goes to a 0600 file, never to argv.
serve() {
  rm -f "$out/server.env"
  "$out/benchserver" --env "$out/server.env" "$@" &
  server_pid=$!
  for _ in $(seq 1 200); do [ -s "$out/server.env" ] && break; sleep 0.05; done
  # shellcheck disable=SC1091
  . "$out/server.env"
  export CPANEL_HOST CPANEL_USER CPANEL_TOKEN
  printf 'Authorization: cpanel %s:%s\n' "$CPANEL_USER" "$CPANEL_TOKEN" > "$out/header"
  chmod 600 "$out/header"
}
stop() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap stop EXIT

# measure NAME CMD...: run CMD 3 times, keep the best wall time and its peak RSS.
measure() {
  local name=$1; shift
  local best="" rss=""
  for _ in 1 2 3; do
    rc=0
    $TIME -f '%e %M' -o "$out/time" "$@" > "$out/stdout" 2> "$out/stderr" || rc=$?
    # diagnose exits 3 when it finds problems: that is a result, not a failure.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "bench: $name failed ($rc):"; cat "$out/stderr"; exit 1; fi
    grep -v '^Command exited' "$out/time" > "$out/time.clean" && mv "$out/time.clean" "$out/time"
    read -r wall kb < "$out/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  printf '%-48s %8.2f s %8.1f MB\n' "$name" "$best" "$(awk "BEGIN{print $rss/1024}")"
  echo "$best" > "$out/last"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3)"
printf '%-48s %10s %11s\n' "case" "wall" "peak RSS"
url_of() { printf '%s/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=EmailTrack&cpanel_jsonapi_func=search&success=1&defer=1&failure=1&inprogress=1&max_results_by_type=0' "$CPANEL_HOST"; }
for n in 1000 10000 100000; do
  serve --records "$n"
  bytes=$(curl -s -H @"$out/header" "$(url_of)" | wc -c)
  measure "deliveries --all -o json ($n records, $((bytes/1024)) KiB)" "$out/cpmail" deliveries --all -o json --since 48h
  ours=$(cat "$out/last")
  lines=$(grep -c '"type":' "$out/stdout" || true)
  [ "$lines" -eq "$n" ] || { echo "bench: expected $n records in the output, got $lines" >&2; exit 1; }
  measure "curl | jq select failures ($n records)" sh -c "curl -s -H @'$out/header' '$(url_of)' | jq '[.cpanelresult.data[] | select(.type==\"failure\")]'"
  theirs=$(cat "$out/last")
  printf '%-48s %10s\n' "  ratio curl|jq / cpmail" "$(awk "BEGIN{printf \"%.1fx\", $theirs/($ours>0?$ours:0.001)}")"
  stop
done

serve --scenario demo --latency 150ms
measure "diagnose, 150 ms per API call (demo account)" "$out/cpmail" diagnose --offline -o json
stop

echo
echo "Go benchmarks (go test -run '^\$' -bench . -benchmem):"
go test -run '^$' -bench . -benchmem ./diagnose/bounce/ ./cpanel/ ./internal/cli/ 2>&1 | grep -E '^(Benchmark|ok|PASS)' || true
