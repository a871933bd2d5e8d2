// Optimizers, line searches, the minimize driver, second-order, stochastic and proximal methods (issue 4).
import DescentCore
