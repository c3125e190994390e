// Draws the Plotly figure Streamlit passes in (args: spec, alt, selected, selectable, mode_bar),
// rings the markers of the selected milestone and, if selectable, reports the customdata of a
// clicked marker. Speaks Streamlit's component protocol (the messages of
// streamlit-component-lib) directly, so the chart needs no build step.
//
// A figure whose labels were laid out for a width (layout.meta.width) reports the width it is
// really drawn at, so that the app can lay them out again for it; a click on a marker that
// stands for many milestones zooms into its period at once.
"use strict";

const chart = document.getElementById("chart");
const RELAYOUT_SHARE = 0.06; // redraw for a width that differs by more than this share
const TOOLBAR_PX = 28; // Plotly's toolbar, shown on hover at the top right of the chart
// The ring round a chosen milestone's markers, in pixels: labels keep clear of it
// (clfj_data/charts.py, MARKER_CLEARANCE).
const RING = { radius: 13, line: { width: 3, color: "#000000" } };
let drawnSpec = null;
let figureShapes = [];
let ringed = null;
let listening = false;
let reportedWidth = null;
let laidOutFor = null;

function send(type, data) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
}

function report(value) {
  send("streamlit:setComponentValue", { value: { ...value, at: Date.now() }, dataType: "json" });
}

function describe(alt) {
  chart.setAttribute("aria-label", alt);
  if (window.frameElement) {
    // The frame is what assistive technology meets first: it carries the same name.
    window.frameElement.setAttribute("title", alt);
  }
}

function checkWidth() {
  const width = Math.round(chart.clientWidth);
  if (!laidOutFor || !width || width === reportedWidth) {
    return;
  }
  if (Math.abs(width - laidOutFor) > RELAYOUT_SHARE * width) {
    reportedWidth = width;
    report({ width });
  }
}

function clicked(event) {
  const point = event.points && event.points[0];
  if (!point || point.customdata === undefined) {
    return;
  }
  const [id, , , , start, end] = point.customdata;
  if (id === "" && start && end) {
    // A marker for many milestones: show its period now; the app lists them after its rerun.
    // The figure's ticks are years or quarters: Plotly's own suit a month or a quarter.
    Plotly.relayout(chart, {
      "xaxis.range": [start, end], "xaxis.dtick": null, "xaxis.tick0": null, "xaxis.tickformat": null,
    });
  }
  // A new value on every click, so that choosing the same marker again still counts.
  report({ customdata: point.customdata });
}

// A ring round each marker whose customdata starts with the milestone's id: a layout shape
// anchored at the marker, so that moving it redraws the shapes alone, not the markers. Its
// height is placed as a share of the y axis ("y domain"): a shape on both data axes is cut off
// at the plot's edge, and a marker on the lowest lane sits close to it.
function rings(selected) {
  const shapes = [];
  for (const trace of selected ? chart._fullData || [] : []) {
    const data = trace.customdata || [];
    const yaxis = chart._fullLayout[trace.yaxis.replace("y", "yaxis")];
    for (let i = 0; i < data.length; i++) {
      if (Array.isArray(data[i]) && data[i][0] === selected) {
        shapes.push({
          type: "circle", layer: "above", xref: trace.xaxis, yref: `${trace.yaxis} domain`,
          xsizemode: "pixel", ysizemode: "pixel", xanchor: trace.x[i],
          yanchor: 1 - yaxis.l2p(trace.y[i]) / yaxis._length,
          x0: -RING.radius, x1: RING.radius, y0: -RING.radius, y1: RING.radius, line: RING.line,
        });
      }
    }
  }
  return shapes;
}

function ring(selected) {
  ringed = selected;
  return Plotly.relayout(chart, { shapes: [...figureShapes, ...rings(selected)] });
}

function draw(args) {
  describe(args.alt);
  const selected = args.selected || null;
  if (args.spec === drawnSpec) {
    if (selected !== ringed) {
      ring(selected);
    }
    return;
  }
  drawnSpec = args.spec;
  const figure = JSON.parse(args.spec);
  const layout = figure.layout || {};
  figureShapes = layout.shapes || [];
  ringed = null;
  let height = layout.height || 450;
  if (args.mode_bar && layout.showlegend) {
    // Room above the legend for the toolbar, so that it never covers the legend on a narrow screen.
    layout.margin = { ...layout.margin, t: ((layout.margin && layout.margin.t) || 0) + TOOLBAR_PX };
    height += TOOLBAR_PX;
    layout.height = height;
  }
  laidOutFor = (layout.meta && layout.meta.width) || null;
  send("streamlit:setFrameHeight", { height });
  const config = { displaylogo: false, responsive: true, displayModeBar: args.mode_bar ? "hover" : false };
  Plotly.react(chart, figure.data, layout, config).then(() => {
    if (selected) {
      ring(selected);
    }
    checkWidth();
    if (args.selectable && !listening) {
      listening = true;
      chart.on("plotly_click", clicked);
    }
  });
}

// The first drawing in a frame also compiles the plotly.js code it runs. Done here on a tiny
// chart with the same parts (a date axis, the range slider, a labelled and ringed marker)
// while the figure is on its way, that is a task of its own instead of half of the chart's
// drawing.
function warmUp() {
  const scratch = document.createElement("div");
  scratch.style.cssText = "position: absolute; left: -10000px; width: 300px; height: 150px";
  document.body.appendChild(scratch);
  const data = [{
    type: "scatter", mode: "markers", x: ["2020-01-01", "2021-01-01"], y: [1, 2], customdata: [["a"], ["b"]],
    hovertemplate: "%{customdata[0]}", marker: { size: [6, 8], line: { width: 1, color: "#FFFFFF" } },
  }];
  const layout = {
    xaxis: { type: "date", rangeslider: { visible: true } },
    annotations: [{ x: "2020-01-01", y: 1, text: "<b>a</b> b", showarrow: true, bgcolor: "#FFFFFF" }],
    shapes: [{
      type: "circle", layer: "above", xsizemode: "pixel", ysizemode: "pixel",
      xanchor: "2020-01-01", yanchor: 1,
      x0: -RING.radius, x1: RING.radius, y0: -RING.radius, y1: RING.radius, line: RING.line,
    }],
  };
  Plotly.newPlot(scratch, data, layout, { displayModeBar: false }).then(() => {
    Plotly.purge(scratch);
    scratch.remove();
  });
}

let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(checkWidth, 250);
});
window.addEventListener("message", (event) => {
  if (event.source === window.parent && event.data && event.data.type === "streamlit:render") {
    // Drawing holds the page's main thread: the page paints what came with the figure first
    // (the panel a click opened), then the chart is drawn.
    const args = event.data.args;
    requestAnimationFrame(() => setTimeout(() => draw(args), 0));
  }
});
try {
  warmUp();
} catch (error) {
  // Without it the first drawing only takes longer.
}
send("streamlit:componentReady", { apiVersion: 1 });
