#!/usr/bin/env bash
# `make sanitize`: the whole test suite under AddressSanitizer (with LeakSanitizer), then under
# ThreadSanitizer, each built in its own scratch folder (.build-asan, .build-tsan, git-ignored) so
# that neither invalidates the normal build. Prints how long each took; fails if either reports.
#
#   SANITIZERS=thread make sanitize      one of them only (default: "address thread")
#
# ASan/LSan: out-of-bounds accesses, use after free, leaks. The suppressions in
# Tools/sanitizers/lsan-suppressions.txt each name a toolchain library that leaks, with the reason.
# TSan: data races between the element-wise kernels' chunks, BLAS, batched sweeps, graph release and
# the tests' own threads (see ConcurrentWorkloadTests). It needs no suppressions: OpenBLAS is not
# instrumented, so TSan records none of its threads' memory accesses (only what they do through
# intercepted calls such as pthread_*, which adds happens-before edges, never reports); an entry
# `called_from_lib:libopenblas.so` would be the one to add should a report ever point into it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift="${SWIFT:-swift}"
sanitizers="${SANITIZERS:-address thread}"
summary=()
status=0
for sanitizer in $sanitizers; do
  case "$sanitizer" in
    address) scratch=.build-asan
             export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1"
             export LSAN_OPTIONS="suppressions=$PWD/Tools/sanitizers/lsan-suppressions.txt:print_suppressions=0" ;;
    thread)  scratch=.build-tsan
             export TSAN_OPTIONS="second_deadlock_stack=1" ;;
    *) echo "sanitize: unknown sanitizer '$sanitizer' (address or thread)"; exit 2 ;;
  esac
  log="$scratch/sanitize-test.log"
  echo "== $sanitizer: building in $scratch"
  start=$(date +%s)
  nice "$swift" build --build-tests --scratch-path "$scratch" --sanitize="$sanitizer" 2>&1 \
    | grep -E "^/.*error: |error: " || true
  built=$(date +%s)
  echo "== $sanitizer: running the tests (log: $log)"
  result=clean
  nice "$swift" test --skip-build --scratch-path "$scratch" --sanitize="$sanitizer" >"$log" 2>&1 || result=FAILED
  if grep -qE "^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Leak|Thread)Sanitizer)" "$log"; then result=FAILED; fi
  done_at=$(date +%s)
  tests=$(grep -E "Test run with [0-9]+ tests" "$log" | tail -1 | sed 's/^.*Test run/Test run/' || true)
  line="$sanitizer: $result, build $((built - start)) s, tests $((done_at - built)) s; ${tests:-no test summary}"
  if [ "$result" != clean ]; then
    status=1
    grep -E "^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: |✘ Test .* failed)" "$log" | sort | uniq -c | head -20 || true
  fi
  echo "$line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
