// plotly.js with the traces the dashboard's charts use and nothing else (see build.mjs).
var Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/heatmap")]);

module.exports = Plotly;
