"""The dialog graph as one self-contained HTML page that works offline: the SVG drawing
(`graph_drawing`), a legend, and pan/zoom by svg-pan-zoom (BSD-2-Clause, a dependency
shipped as package data in `compiler/graph_assets/`, inlined into the page). A Content
Security Policy of `default-src 'none'` (inline script and style only) means the page
cannot make a single network request; a violation would be counted in
`data-csp-violations` on the body.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from botc.compiler.graph_drawing import EDGE_COLOURS, graph_to_svg
from botc.compiler.graph_model import DialogGraph

_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"

_STYLE = """
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #d5d8dc; background: #fbfcfc; }
header h1 { font-size: 16px; margin: 0 0 4px 0; }
header p { margin: 2px 0; font-size: 12px; color: #4d5656; }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend b { display: inline-block; width: 22px; height: 0; vertical-align: middle;
            border-top: 2px solid; margin-right: 4px; }
main { flex: 1; min-height: 0; overflow: hidden; }
main svg { display: block; }
"""

_SCRIPT = """
(function () {
  var violations = 0;
  document.addEventListener('securitypolicyviolation', function () {
    violations += 1;
    document.body.setAttribute('data-csp-violations', String(violations));
  });
  var zoom = svgPanZoom('#graph', {
    zoomEnabled: true, controlIconsEnabled: true, fit: true, center: true,
    minZoom: 0.05, maxZoom: 20, zoomScaleSensitivity: 0.3
  });
  window.addEventListener('resize', function () { zoom.resize(); zoom.fit(); zoom.center(); });
  document.body.setAttribute('data-pan-zoom', 'ready');
})();
"""


def pan_zoom_script() -> str:
    """svg-pan-zoom's minified source, as shipped with the package."""
    assets = resources.files("botc.compiler") / "graph_assets"
    return (assets / "svg-pan-zoom.min.js").read_text(encoding="utf-8")


def graph_to_html(graph: DialogGraph, *, title: str, coverage_note: str) -> str:
    legend = "".join(
        f'<span><b style="border-top-color:{colour};'
        f'{"border-top-style:dashed;" if kind in ("wait", "context switch") else ""}"></b>'
        f"{escape(kind)}</span>"
        for kind, colour in EDGE_COLOURS.items()
    )
    legend += (
        '<span><b style="border-top-color:#c0392b;border-top-style:dashed"></b>not reached</span>'
    )
    script = pan_zoom_script().replace("</script", "<\\/script")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<title>{escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body data-csp-violations="0" data-pan-zoom="off">
<header>
<h1>{escape(title)}</h1>
<p class="legend">{legend}</p>
<p class="coverage">{escape(coverage_note)} Drag to pan, scroll to zoom.</p>
</header>
<main>
{graph_to_svg(graph)}
</main>
<script>{script}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
