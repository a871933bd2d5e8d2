// DescentLearn tests: one suite per model, dataset or format, each beside its reference JSON.
@testable import DescentLearn
