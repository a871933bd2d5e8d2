#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets of Fuzz/Targets with libFuzzer and AddressSanitizer, runs each
# for FUZZ_SECONDS (default 60) from its committed seeds, and prints what each run reached.
#
#   FUZZ_SECONDS=300 make fuzz                 longer runs
#   FUZZ_TARGETS="FuzzCSV" make fuzz           some targets only (default: every folder of Fuzz/Targets)
#   FUZZ_FLAGS="-use_value_profile=1" make fuzz   more libFuzzer flags
#
# Layout: Fuzz/Targets/<Target>/ holds one executable target (declared in Package.swift when
# DESCENT_FUZZ is set) whose entry point is LLVMFuzzerTestOneInput; Fuzz/Corpus/<Target>/ its seeds
# (read only here); Fuzz/Dictionaries/<Target>.dict its tokens, if any. The corpus a run grows goes to
# .build-fuzz/corpus/<Target>/ and crashing inputs to Fuzz/Crashes/<Target>/ (both ignored by git).
# Replay one with `.build-fuzz/release/<Target> Fuzz/Crashes/<Target>/crash-…`; once fixed, commit
# it as a test case in the normal suite and as a seed.
#
# The build is a release build with coverage instrumentation (-sanitize=fuzzer) and ASan on the
# Swift and C code, and -enable-testing so a target may reach internal parsers through
# @testable import. It uses its own scratch folder, so it never invalidates the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift="${SWIFT:-swift}"
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-$(ls Fuzz/Targets)}"
scratch=.build-fuzz
export DESCENT_FUZZ=1   # Package.swift declares the fuzz targets only then
# Swift's own crash backtracer would run after a trap and read memory ASan reports on; libFuzzer's
# handler already prints the stack and saves the input.
export SWIFT_BACKTRACE=enable=no

# --sanitize=fuzzer makes SwiftPM keep `main` out of the executables (libFuzzer's is linked) and
# instruments the C targets; SwiftPM passes each --sanitize to swiftc as a separate -sanitize= flag,
# of which the driver keeps the last, so the Swift flags are given in one -Xswiftc.
build_flags=(--scratch-path "$scratch" -c release --sanitize=fuzzer
             -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address -Xswiftc -enable-testing)
mkdir -p "$scratch/logs"
for target in $targets; do
  echo "== building $target"
  built=ok
  nice "$swift" build "${build_flags[@]}" --product "$target" >"$scratch/logs/$target.build.log" 2>&1 || built=no
  # Shown: errors, and warnings in Fuzz/ (the library's own show in any release build). Not shown:
  # SwiftPM also compiles the README plugin's tool with these flags, where -parse-as-library breaks
  # its top-level code, but that tool is not needed here.
  grep -E "^/.*error: |^$PWD/Fuzz/.*warning: " "$scratch/logs/$target.build.log" | grep -v "/Tools/ReadmeSnippetExtractor/" || true
  [ "$built" = ok ] || { echo "fuzz: $target did not build (log: $scratch/logs/$target.build.log)"; exit 1; }
done

status=0
summary=()
for target in $targets; do
  corpus="$scratch/corpus/$target"
  crashes="Fuzz/Crashes/$target"
  log="$scratch/logs/$target.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  flags=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=4096
         -artifact_prefix="$crashes/")
  [ -f "Fuzz/Dictionaries/$target.dict" ] && flags+=(-dict="Fuzz/Dictionaries/$target.dict")
  # shellcheck disable=SC2206  # FUZZ_FLAGS is a list of words on purpose
  flags+=(${FUZZ_FLAGS:-})
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  result=ok
  # The first corpus folder receives the new inputs; the committed seeds are only read.
  nice "$scratch/release/$target" "${flags[@]}" "$corpus" "Fuzz/Corpus/$target" >"$log" 2>&1 || result=CRASH
  last=$(grep -E "^#[0-9]+.*cov: " "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  line="$target: ${runs:-?} runs, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus $(ls "$corpus" | wc -l) new + $(ls "Fuzz/Corpus/$target" | wc -l) seeds, peak RSS ${rss:-?} MB: $result"
  if [ "$result" != ok ]; then
    status=1
    grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*fuzz oracle failed|artifact_prefix|Test unit written)" "$log" | head -8 || true
  fi
  echo "$line"
  summary+=("$line")
done
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
