#!/usr/bin/env bash
# Fuzzes the parsers and escapers with libFuzzer (the Swift toolchain's -sanitize=fuzzer, with
# AddressSanitizer): the JSON parser, HTML and Markdown escaping, the compiled template renderer
# against swift-mustache, and the server's path normalisation.
#
#   Benchmarks/fuzz.sh [SECONDS] [RUNS] [TARGET…]
#       each target (default: json escape template path) until SECONDS (default 900) or RUNS
#       executions (default 10,000,000), whichever comes first
#
# Seeds and kept findings are in Tests/Fuzz/<target>/ (the test suite replays them); the growing
# corpus stays in .build-fuzz/corpus/. A finding is written to .build-fuzz/findings/<target>/ and
# makes the script exit 1: fix it, then copy the input to Tests/Fuzz/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-900}
runs=${2:-10000000}
targets=("${@:3}")
((${#targets[@]})) || targets=(json escape template path)
scripts/setup >/dev/null
swift build --product telemetry-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -E "error:|Build complete" || true
binary=.build-fuzz/debug/telemetry-fuzz
test -x "$binary"
# A check that traps reports its message; the runtime's backtracer would read memory that
# AddressSanitizer then reports as a second, unrelated finding.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer also checks at exit: off, as in scripts/test-sanitized (one-time caches).
export ASAN_OPTIONS=detect_leaks=0
status=0
printf '| target | executions | seconds | corpus | findings |\n|---|---|---|---|---|\n'
for target in "${targets[@]}"; do
  corpus=.build-fuzz/corpus/$target findings=.build-fuzz/findings/$target
  rm -rf "$findings"  # findings of this run only (kept ones live in Tests/Fuzz/)
  mkdir -p "$corpus" "$findings"
  log=$(mktemp)
  start=$(date +%s)
  set +e
  # -detect_leaks=0: LeakSanitizer counts the Swift runtime's and swift-mustache's one-time
  # caches as leaks (1 KB in 25 allocations after 100,000 runs); a per-input leak would show in
  # -rss_limit_mb instead.
  FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -runs="$runs" -max_len=4096 -timeout=10 -detect_leaks=0 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "Tests/Fuzz/$target" >"$log" 2>&1
  code=$?
  set -e
  elapsed=$(($(date +%s) - start))
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  found=$(find "$findings" -type f | wc -l)
  printf '| %s | %s | %s | %s | %s |\n' "$target" "$executions" "$elapsed" "$(find "$corpus" -type f | wc -l)" "$found"
  if [ "$code" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    grep -E "ERROR|Fatal error|==[0-9]+==|SUMMARY" "$log" | head -20 >&2 || tail -30 "$log" >&2
  fi
  rm -f "$log"
done
exit $status
