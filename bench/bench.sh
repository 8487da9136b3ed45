#!/usr/bin/env bash
# Benchmark suite for cpmail (make bench). Drives the real binary against the
# fake cPanel server on 127.0.0.1 and prints a table of wall time and peak
# resident memory; then runs the Go benchmarks of the hot paths.
#
# Cases:
#   1. cpmail deliveries --all -o json over 1,000 / 10,000 / 100,000 records
#   2. the same payload through curl | jq (the baseline a user would reach for)
#   3. over 100,000 records: deliveries as a table and as --summary, and
#      diagnose (the whole window), each against the JSON time with its target
#      (issue 11 items 8 and 9: table and summary <= 1.5x the JSON time and
#      <= 60 MB; diagnose <= 2x and <= 100 MB)
#   4. cpmail diagnose against the fake server with 150 ms latency per call
#   5. the bounce classifier alone (go test -bench)
#
# CPMAIL_BIN=path measures another cpmail binary (for a before/after table);
# BENCH_QUICK=1 skips the 1,000/10,000 cases, curl | jq and the Go benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

out=bench/out
mkdir -p "$out"
go build -o "$out/cpmail" ./cmd/cpmail
go build -o "$out/benchserver" ./bench/benchserver
cpmail=${CPMAIL_BIN:-$out/cpmail}
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

# measure NAME CMD...: run CMD 3 times (BENCH_RUNS), keep the median wall
# time and the largest peak RSS (the machine is shared: the median is
# steadier than the best).
measure() {
  local name=$1; shift
  local walls=() rss=0
  for _ in $(seq 1 "${BENCH_RUNS:-3}"); do
    rc=0
    $TIME -f '%e %M' -o "$out/time" "$@" > "$out/stdout" 2> "$out/stderr" || rc=$?
    # diagnose exits 3 when it finds problems: that is a result, not a failure.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "bench: $name failed ($rc):"; cat "$out/stderr"; exit 1; fi
    grep -v '^Command exited' "$out/time" > "$out/time.clean" && mv "$out/time.clean" "$out/time"
    read -r wall kb < "$out/time"
    walls+=("$wall")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local med
  med=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '%-56s %8.2f s %8.1f MB\n' "$name" "$med" "$(awk "BEGIN{print $rss/1024}")"
  echo "$med" > "$out/last"
  echo "$rss" > "$out/last.rss"
}

# target NAME RATIO MB BASE: say whether the last case met its target
# (wall <= RATIO x BASE seconds and peak RSS <= MB).
target() {
  local name=$1 ratio=$2 mb=$3 base=$4 wall rss
  wall=$(cat "$out/last"); rss=$(cat "$out/last.rss")
  printf '%-56s %10s %s\n' "  $name / json" "$(awk "BEGIN{printf \"%.2fx\", $wall/($base>0?$base:0.001)}")" \
    "$(awk "BEGIN{ok = $wall <= $ratio*$base && $rss/1024 <= $mb; printf \"(target <= %sx, <= %s MB: %s)\", \"$ratio\", \"$mb\", ok ? \"met\" : \"MISSED\"}")"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3)"
printf '%-56s %10s %11s\n' "case" "wall" "peak RSS"
url_of() { printf '%s/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=EmailTrack&cpanel_jsonapi_func=search&success=1&defer=1&failure=1&inprogress=1&max_results_by_type=0' "$CPANEL_HOST"; }
sizes="1000 10000 100000"
[ -n "${BENCH_QUICK:-}" ] && sizes=100000
for n in $sizes; do
  serve --records "$n"
  bytes=$(curl -s -H @"$out/header" "$(url_of)" | wc -c)
  measure "deliveries --all -o json ($n records, $((bytes/1024)) KiB)" "$cpmail" deliveries --all -o json --since 48h
  ours=$(cat "$out/last")
  lines=$(grep -c '"type":' "$out/stdout" || true)
  [ "$lines" -eq "$n" ] || { echo "bench: expected $n records in the output, got $lines" >&2; exit 1; }
  if [ "$n" -eq 100000 ]; then
    measure "deliveries --all as a table ($n records)" "$cpmail" deliveries --all --since 48h
    rows=$(($(wc -l < "$out/stdout") - 1))
    [ "$rows" -eq "$n" ] || { echo "bench: expected $n table rows, got $rows" >&2; exit 1; }
    target "table" 1.5 60 "$ours"
    measure "deliveries --all --summary ($n records)" "$cpmail" deliveries --all --summary --since 48h
    target "summary" 1.5 60 "$ours"
    measure "diagnose, the whole window ($n records)" "$cpmail" diagnose --offline --since 48h -o json
    target "diagnose" 2 100 "$ours"
    # Every failure counted: the generated log has n/4 failures (one reason).
    grep -q "\"count\": $((n / 4))\$" "$out/stdout" || echo "bench: diagnose did not count $((n / 4)) failures" >&2
  fi
  [ -n "${BENCH_QUICK:-}" ] && { stop; continue; }
  measure "curl | jq select failures ($n records)" sh -c "curl -s -H @'$out/header' '$(url_of)' | jq '[.cpanelresult.data[] | select(.type==\"failure\")]'"
  theirs=$(cat "$out/last")
  printf '%-56s %10s\n' "  ratio curl|jq / cpmail" "$(awk "BEGIN{printf \"%.1fx\", $theirs/($ours>0?$ours:0.001)}")"
  stop
done

serve --scenario demo --latency 150ms
measure "diagnose, 150 ms per API call (demo account)" "$cpmail" diagnose --offline -o json
stop
[ -n "${BENCH_QUICK:-}" ] && exit 0

echo
echo "Go benchmarks (go test -run '^\$' -bench . -benchmem):"
go test -run '^$' -bench . -benchmem ./diagnose/bounce/ ./cpanel/ ./internal/cmd/root/ 2>&1 | grep -E '^(Benchmark|ok|PASS)' || true
