// Models fitted to data: datasets, tables, linear and logistic models, regularization paths,
// cross-validation and metrics (issue 9); spectral methods build on it later (issue 10).
import DescentCore
import DescentOptimize
