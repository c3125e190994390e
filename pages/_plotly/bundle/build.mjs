// Builds ../plotly-charts.min.js: plotly.js's core (which holds the scatter trace) with its bar
// and heatmap traces, the traces the timeline, the breakdown and the upload preview draw. Run
// `npm ci && npm run build` here after changing plotly.js's version in package.json, to the
// release plotly.py ships (the exports draw with that one).
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";
import inlineCss from "esbuild-plugin-inline-css";

const { version } = JSON.parse(readFileSync("node_modules/plotly.js/package.json", "utf8"));

await esbuild.build({
  entryPoints: ["entry.js"],
  outfile: "../plotly-charts.min.js",
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2016",
  plugins: [inlineCss()],
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  banner: {
    js: `/**\n* plotly.js (scatter, bar, heatmap - minified) v${version}\n* Copyright 2012-2026, Plotly, Inc.\n`
      + "* All rights reserved.\n* Licensed under the MIT license (LICENSE-plotly.js.txt)\n*/",
  },
  logLevel: "info",
});
