// Builds ../../../static/plotly-charts.min.js, which Streamlit serves (or the file named as its
// argument): plotly.js's core (which holds the scatter trace) with its bar and heatmap traces,
// the traces the timeline, the breakdown and the upload preview draw. Run `npm ci && npm run build` here after changing
// plotly.js's version in package.json, to the release plotly.py ships (the exports draw with
// that one); a test builds it again and compares.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import * as esbuild from "esbuild";

// plotly.js's own stylesheets, added to the page once by the bundle, as its own build does; the
// style element's id comes from the file's path here, so that any checkout builds the same bytes.
const inlineCss = {
  name: "inline-css",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, (args) => {
      const id = createHash("sha256").update(relative(process.cwd(), resolve(args.path))).digest("hex");
      const css = JSON.stringify(readFileSync(args.path, "utf8"));
      return {
        loader: "js",
        contents: `if (!document.getElementById("${id}")) { const style = document.createElement("style");`
          + ` style.id = "${id}"; style.textContent = ${css}; document.head.appendChild(style); }`,
      };
    });
  },
};

const { version } = JSON.parse(readFileSync("node_modules/plotly.js/package.json", "utf8"));

await esbuild.build({
  entryPoints: ["entry.js"],
  outfile: process.argv[2] || "../../../static/plotly-charts.min.js",
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2016",
  plugins: [inlineCss],
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  banner: {
    js: `/**\n* plotly.js (scatter, bar, heatmap - minified) v${version}\n* Copyright 2012-2026, Plotly, Inc.\n`
      + "* All rights reserved.\n* Licensed under the MIT license (LICENSE-plotly.js.txt)\n*/",
  },
  logLevel: "info",
});
