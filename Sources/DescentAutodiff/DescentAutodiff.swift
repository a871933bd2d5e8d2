// Reverse- and forward-mode automatic differentiation over Tensor (see issue 3).
import DescentCore
