// SVG charts and HTML reports.
import DescentCore
