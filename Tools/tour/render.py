"""Renders the tour's report.html in headless Chromium to PNGs of the whole page, to look at.

Usage: python3 Tools/tour/render.py [REPORT.html] [OUT_DIR] [WIDTH]
  REPORT.html  default out/tour/report.html (written by `make demo` or `descent tour`)
  OUT_DIR      default next to the report, in png/
  WIDTH        default 1000 (CSS pixels; try 420 for a phone)

Needs Debian's `chromium-headless-shell` (or `chromium`) and Python's standard library only; CI does
not run it. The page is measured first (a copy with a one-line script that writes the page height
into the title, read back with --dump-dom), then captured in slices of at most SLICE pixels, each
slice a copy of the page shifted up by CSS so no script runs in the captured pages.
"""
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SLICE = 3000
report = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out/tour/report.html").resolve()
out = pathlib.Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else report.parent / "png"
width = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
browser = shutil.which("chromium-headless-shell") or shutil.which("chromium")
if browser is None:
    raise SystemExit("needs chromium-headless-shell or chromium (apt-get install chromium-headless-shell)")
if not report.is_file():
    raise SystemExit(f"no report at {report}: run `make demo` or `descent tour --out {report.parent}` first")
html = report.read_text(encoding="utf-8")
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=3000"]

with tempfile.TemporaryDirectory() as scratch:
    scratch = pathlib.Path(scratch)
    probe = scratch / "probe.html"
    probe.write_text(html.replace("</body>", "<script>document.title = 'height=' + "
                                  "document.documentElement.scrollHeight;</script></body>"), encoding="utf-8")
    dom = subprocess.run([browser, *flags, f"--window-size={width},800", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    match = re.search(r"height=(\d+)", dom)
    if not match:
        raise SystemExit("could not measure the page height (is the browser working?)")
    height = int(match.group(1))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("report-*.png"):
        old.unlink()
    count = math.ceil(height / SLICE)
    for k in range(count):
        shifted = scratch / f"slice-{k}.html"
        shifted.write_text(html.replace("</head>", f"<style>html {{ transform: translateY(-{k * SLICE}px); }}</style></head>"),
                           encoding="utf-8")
        png = out / f"report-{k + 1:02d}.png"
        slice_height = min(SLICE, height - k * SLICE)
        subprocess.run([browser, *flags, f"--window-size={width},{slice_height}", f"--screenshot={png}", shifted.as_uri()],
                       capture_output=True, timeout=120, check=True)
        print(png)
    print(f"{count} PNG(s) of a {width} × {height} page in {out}")
