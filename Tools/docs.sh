#!/usr/bin/env bash
# `make docs`: the DocC documentation of every library module, with warnings treated as errors.
#
# Each module's public symbols are documented from its symbol graph (a separate archive per module,
# since one DocC catalog documents one module), the articles come from the umbrella module's catalog
# `Sources/Descent/Descent.docc`, and `docc merge` joins them into one archive:
# .build-docs/Descent.doccarchive. A missing parameter description, a parameter documented under the
# wrong name, or a broken link to an article fails the build.
#
# DescentDistributed is documented too when the package declares it (an MPI installation was found,
# see Package.swift), with its own catalog Sources/DescentDistributed/DescentDistributed.docc.
set -euo pipefail
cd "$(dirname "$0")/.."
swift="${SWIFT:-swift}"
docc="${DOCC:-$(command -v docc || echo "$(dirname "$(command -v "$swift")")/docc")}"
scratch=.build-docs
graphs="$scratch/symbol-graphs"
archives="$scratch/archives"
# The symbol graphs stay between runs: an incremental build emits graphs only for the modules it
# recompiles, and the others' graphs are still current.
modules=(DescentCore DescentAutodiff DescentOptimize DescentLearn DescentNeural DescentPlot Descent)
build_targets=(Descent)
# The optional MPI module, when Package.swift declares it (the umbrella `Descent` does not import it).
# (The description is read whole first: `grep -q` stopping early would break the pipe under pipefail.)
package_description=$("$swift" package dump-package 2>/dev/null || true)
if grep -q '"name" : "DescentDistributed"' <<<"$package_description"; then
  modules+=(DescentDistributed)
  build_targets+=(DescentDistributed)
fi
rm -rf "$archives" "$scratch/Descent.doccarchive"
for module in "${modules[@]}"; do rm -rf "${graphs:?}/$module"; done
mkdir -p "$graphs" "$archives"

# A separate scratch folder: the symbol-graph flags would otherwise invalidate the test build.
for target in "${build_targets[@]}"; do
  "$swift" build --scratch-path "$scratch" --target "$target" \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" >/dev/null
done

# The umbrella module `Descent` declares nothing of its own: its catalog is the articles, under a
# technology root; the other modules are documented from their symbols (DescentDistributed with its
# own catalog's overview page as well).
for module in "${modules[@]}"; do
  dir="$graphs/$module"
  mkdir -p "$dir"
  catalog=()
  if [ -d "Sources/$module/$module.docc" ]; then catalog=("Sources/$module/$module.docc"); fi
  if [ "$module" != Descent ]; then
    cp "$graphs/$module.symbols.json" "$dir/"
    # Extensions this module adds to other modules' types (e.g. DescentOptimize@Swift) belong to it too.
    for ext in "$graphs/$module@"*.symbols.json; do [ -e "$ext" ] && cp "$ext" "$dir/"; done
  fi
  echo "docc: $module"
  "$docc" convert "${catalog[@]}" --additional-symbol-graph-dir "$dir" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.descent.$module" \
    --output-path "$archives/$module.doccarchive" --warnings-as-errors >"$archives/$module.log" 2>&1 \
    || { cat "$archives/$module.log"; echo "docs: $module has documentation warnings (above)"; exit 1; }
done
"$docc" merge "$archives"/*.doccarchive --output-path "$scratch/Descent.doccarchive" >/dev/null
echo "docs: $scratch/Descent.doccarchive (no warnings)"
