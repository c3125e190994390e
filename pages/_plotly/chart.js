// Draws the Plotly figure Streamlit passes in (args: spec, alt, selectable, mode_bar) and, if
// selectable, reports the customdata of a clicked marker. Speaks Streamlit's component protocol
// (the messages of streamlit-component-lib) directly, so the chart needs no build step.
"use strict";

const chart = document.getElementById("chart");
let drawnSpec = null;
let listening = false;

function send(type, data) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
}

function describe(alt) {
  chart.setAttribute("aria-label", alt);
  if (window.frameElement) {
    // The frame is what assistive technology meets first: it carries the same name.
    window.frameElement.setAttribute("title", alt);
  }
}

function draw(args) {
  describe(args.alt);
  if (args.spec === drawnSpec) {
    return;
  }
  drawnSpec = args.spec;
  const figure = JSON.parse(args.spec);
  const height = (figure.layout && figure.layout.height) || 450;
  send("streamlit:setFrameHeight", { height });
  const config = { displaylogo: false, responsive: true, displayModeBar: args.mode_bar ? "hover" : false };
  Plotly.react(chart, figure.data, figure.layout, config).then(() => {
    if (args.selectable && !listening) {
      listening = true;
      chart.on("plotly_click", (event) => {
        const point = event.points && event.points[0];
        if (point && point.customdata !== undefined) {
          // A new value on every click, so that choosing the same marker again still counts.
          send("streamlit:setComponentValue", {
            value: { customdata: point.customdata, clicked: Date.now() },
            dataType: "json",
          });
        }
      });
    }
  });
}

window.addEventListener("message", (event) => {
  if (event.source === window.parent && event.data && event.data.type === "streamlit:render") {
    draw(event.data.args);
  }
});
send("streamlit:componentReady", { apiVersion: 1 });
