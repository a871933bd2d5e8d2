# Descent: `make demo` runs the tour, `make test` runs every test. Both install what they need
# (OpenBLAS, LAPACKE and SuiteSparse's CHOLMOD, and Open MPI for the optional DescentDistributed
# module, from Debian) on a fresh machine first.

SWIFT ?= swift
APT_PACKAGES := libopenblas-dev liblapacke-dev libsuitesparse-dev pkg-config
# Open MPI for the optional DescentDistributed module (declared in Package.swift only when MPI is found).
MPI_APT_PACKAGES := libopenmpi-dev openmpi-bin

.PHONY: all deps build test demo bench profiles references docs clean

all: build

# Install the system libraries when they are missing: apt-get when root, otherwise say what to run.
deps:
	@if ! pkg-config --exists openblas 2>/dev/null || [ ! -f /usr/include/lapacke.h ] \
		|| [ ! -f /usr/include/suitesparse/cholmod.h ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing $(APT_PACKAGES) ..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
		else \
			echo "Descent needs OpenBLAS, LAPACKE and SuiteSparse (CHOLMOD): run 'sudo apt-get install $(APT_PACKAGES)' (or 'brew install openblas suite-sparse' on macOS)"; \
			exit 1; \
		fi; \
	fi
	@if ! command -v mpirun >/dev/null || { ! pkg-config --exists ompi 2>/dev/null && ! pkg-config --exists mpich 2>/dev/null; }; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing $(MPI_APT_PACKAGES) ..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(MPI_APT_PACKAGES) >/dev/null; \
		else \
			echo "Note: without MPI the DescentDistributed module and its tests are left out; 'sudo apt-get install $(MPI_APT_PACKAGES)' (or 'brew install open-mpi') adds them"; \
		fi; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The tour: every section of `descent tour` in release mode, written to out/tour/report.html.
TOUR_OUT ?= out/tour
demo: deps
	$(SWIFT) build -c release --product descent
	"$$($(SWIFT) build -c release --show-bin-path)/descent" tour --out $(TOUR_OUT)

# Benchmarks: the Swift executable (release) and the peers' scripts on the same seeded data.
# The peers live in a virtual environment outside git (created on first use from PyPI).
bench: deps
	@bash Benchmarks/run.sh

# Dolan–Moré performance profiles of every minimize method beside SciPy's on the Moré–Garbow–Hillstrom
# and large-scale problems (Benchmarks/profiles.py; tables and SVGs in Benchmarks/results/profiles-*).
profiles: deps
	@bash Benchmarks/run.sh --profiles

# Regenerate the committed reference JSON from the peers (needs the same virtual environment).
references:
	@bash Tools/references/generate.sh

# The DocC documentation of every module (.build-docs/Descent.doccarchive); any warning fails.
docs: deps
	@bash Tools/docs.sh

# Fuzzing, never part of `make test`: the targets of Fuzz/Targets built with libFuzzer and ASan
# (.build-fuzz), each run FUZZ_SECONDS from its seeds in Fuzz/Corpus; crashes go to Fuzz/Crashes.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) bash Fuzz/fuzz.sh

# The test suite under AddressSanitizer (+ leaks), then ThreadSanitizer (.build-asan, .build-tsan).
.PHONY: sanitize
sanitize: deps
	@SWIFT=$(SWIFT) bash Tools/sanitize.sh

clean:
	rm -rf .build .build-docs
