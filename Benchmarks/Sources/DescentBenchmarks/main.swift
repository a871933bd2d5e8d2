// Benchmark runner (built in release by `make bench`). Cases are added by the benchmark work.
import Descent
print("no benchmark cases yet")
