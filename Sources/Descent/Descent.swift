// The umbrella module: `import Descent` brings in every layer.
@_exported import DescentCore
@_exported import DescentAutodiff
@_exported import DescentOptimize
@_exported import DescentLearn
@_exported import DescentNeural
@_exported import DescentPlot
