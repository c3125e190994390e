// The parts of a drawn plotly.js chart that plotly.js keeps to itself (their names start with
// an underscore) and the chart reads: nowhere else uses them. An upgrade of plotly.js that
// changes them fails tests/test_browser_charts.py, which calls internalsMissing().
"use strict";

const internals = {
  // The traces as drawn: every attribute with its default filled in.
  traces: (plot) => plot._fullData || [],
  // The width the chart is drawn at, in pixels, or null before it is drawn.
  width: (plot) => (plot._fullLayout ? plot._fullLayout.width : null),
  // A trace's x and y axes, each with d2l (data to linear), l2p (linear to pixels along the
  // axis) and offset (where the axis starts, from the chart's left or top edge).
  axes(plot, trace) {
    const layout = plot._fullLayout;
    const axis = (name) => {
      const full = layout[name.replace(/^([xy])/, "$1axis")];
      return { d2l: (v) => full.d2l(v), l2p: (v) => full.l2p(v), offset: full._offset, length: full._length };
    };
    return { x: axis(trace.xaxis), y: axis(trace.yaxis) };
  },
  bargap: (plot) => plot._fullLayout.bargap,
};

// What of the above a chart drawn by this plotly.js lacks: an empty list when all is there.
function internalsMissing(Plotly, plot) {
  const data = [
    { type: "scatter", x: ["2020-01-01", "2021-01-01"], y: [1, 2], customdata: [{ a: 1 }, { a: 2 }] },
    { type: "bar", x: [3], y: ["b"], orientation: "h", xaxis: "x2", yaxis: "y2" },
  ];
  const layout = { width: 400, height: 300, xaxis2: { anchor: "y2" }, yaxis2: { anchor: "x2" } };
  return Plotly.newPlot(plot, data, layout).then(() => {
    const missing = [];
    const traces = internals.traces(plot);
    if (traces.length !== 2 || !traces[0].customdata || traces[0].customdata[1].a !== 2) {
      missing.push("_fullData with each trace's customdata");
    }
    if (internals.width(plot) !== 400) {
      missing.push("_fullLayout.width");
    }
    for (const trace of traces) {
      try {
        const { x, y } = internals.axes(plot, trace);
        const at = [x.l2p(x.d2l(trace.x[0])), y.l2p(y.d2l(trace.y[0])), x.offset, y.offset, x.length];
        if (!at.every(Number.isFinite)) {
          missing.push(`${trace.type}: an axis's d2l, l2p, _offset or _length`);
        }
      } catch (error) {
        missing.push(`${trace.type}: ${trace.xaxis} and ${trace.yaxis} in _fullLayout (${error})`);
      }
    }
    if (typeof internals.bargap(plot) !== "number") {
      missing.push("_fullLayout.bargap");
    }
    return missing;
  });
}
