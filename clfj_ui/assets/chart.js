// The app's chart element (clfj_ui/plot.py): draws a Plotly figure in the page itself, rings
// the chosen milestone's markers, and reports a click on a marker or a bar by the named fields
// of its customdata record ({milestone: id}, {group: {...}}, {state: name}, {sector: name}).
//
// This module runs once per page, however many charts the page draws: they share one plotly.js
// (the app's bundle, loaded once) and each keeps its state on its own element.
//
// plotly.js is fetched, evaluated and drawn with only once a chart is on screen: on a phone the
// charts sit below the page's text, and drawing them held the main thread for seconds while
// the page loaded. A chart's place keeps the figure's height from the start (plot.py reserves
// it before this script runs), so that nothing below it moves when it is drawn. A chart
// waiting to be scrolled to is marked data-waiting="view".
//
// A click is read from the pointer itself and matched against the markers the person saw at
// the moment they pressed, not left to plotly.js's hover state, which a redraw (a new version,
// a width change) resets: so no click is lost to a redraw. A keyboard reaches the milestones
// (or the bars) through a list of buttons, one a marker or a bar, in the order they are drawn:
// the list is one Tab stop, the arrow keys move from one to the next (the focus ringed on the
// marker, or round the bar, itself), Enter chooses one, and Tab leaves the chart.
//
// plotly.js's own toolbar is not drawn: the app has its own export buttons, and the toolbar's
// icons were seven Tab stops a chart, titled in English on a Hindi page, and covered the top of
// the chart. A chart that zooms has one button of the app's instead, in the page's language, in
// a strip of its own above the chart: shown once the chart is zoomed or panned, it shows the
// whole range again.
//
// Needs plotly_internals.js before it (plot.py joins the two).

const BUNDLE = "app/static/plotly-charts.min.js"; // Streamlit's static folder (static/ at the root)
const RELAYOUT_SHARE = 0.06; // a figure laid out for a width: redraw for one that differs by more
// Where Streamlit stacks a page's columns one above the other: a chart drawn beside another
// there stands alone, and is drawn as its narrow figure where it has one (plot.py's ONE_COLUMN).
const ONE_COLUMN = window.matchMedia("(max-width: 640px)");
const RESET_PX = 32; // the strip above a chart that zooms, for its button that shows it all again
const HIT_PX = 12; // a press this near a marker's centre chooses it
const DRAG_PX = 5; // a press that moves further than this is a pan, not a click
const SETTLE_MS = 200; // a chart on screen this long is drawn (a page still laying out moves it)
// A chart is drawn once this much of it is on screen (half of a smaller one): the top of a chart
// at the foot of a phone's first screen (the Overview's) is not yet read, and drawing it there held
// the main thread for a second or more while the page loaded.
const SEEN_PX = 160;
const SEEN_STEPS = Array.from({ length: 21 }, (_, i) => i / 20); // told at every 5% of it shown
// The ring round a chosen milestone's markers, in pixels: labels keep clear of it
// (clfj_data/timeline_labels.py, LabelStyle.ring), and of the keyboard's focus ring (plot.py).
const RING = { radius: 13, line: { width: 3, color: "#000000" } };
const NEXT_KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

let plotly = null;

// The app's plotly.js, evaluated once per page: the first chart asks for it, the rest wait for it.
function loadPlotly() {
  if (!plotly) {
    plotly = new Promise((resolve, reject) => {
      if (window.Plotly) {
        resolve(window.Plotly);
        return;
      }
      const script = document.createElement("script");
      script.src = new URL(BUNDLE, document.baseURI).href;
      // Only a chart on screen, with its figure, asks for plotly.js: it is drawn at once after.
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        plotly = null; // the next chart tries again
        reject(new Error(`the app's plotly.js did not load from ${script.src}`));
      };
      document.head.appendChild(script);
    });
  }
  return plotly;
}

function ringAt(xref, yref, x, y, ring) {
  return {
    type: "circle", layer: "above", xref, yref, xsizemode: "pixel", ysizemode: "pixel",
    xanchor: x, yanchor: y, x0: -ring.radius, x1: ring.radius, y0: -ring.radius, y1: ring.radius,
    line: ring.line,
  };
}

// Text Plotly shows is HTML-escaped (clfj_data.markup.plotly_text): a button shows it plain.
function unescaped(text) {
  const box = document.createElement("textarea");
  box.innerHTML = text;
  return box.value;
}

class Chart {
  constructor(root) {
    this.root = root;
    this.plot = root.querySelector(".clfj-chart");
    this.keys = root.querySelector(".clfj-chart-keys");
    this.reset = root.querySelector(".clfj-chart-reset");
    this.figureRange = {};
    this.component = null;
    this.wanted = null; // the newest data from the app
    this.applied = null;
    this.drawing = null;
    this.drawnSpec = null;
    this.figureShapes = [];
    this.ringed = undefined; // the chosen milestone, as ringed
    this.current = null; // what the keyboard's list stops at (its button's data-chooses)
    this.laidOutFor = null;
    this.reportedWidth = null;
    this.pressed = null;
    this.listening = false;
    this.parsed = { spec: null, figure: null };
    this.seen = null; // resolves once the chart is on screen
    this.plot.addEventListener("pointerdown", (event) => this.press(event), true);
    this.keys.addEventListener("keydown", (event) => this.step(event));
    this.reset.addEventListener("click", () => this.showAll());
    // Plotly covers the page while a button is held (to follow a drag): the release is the window's.
    this.onRelease = (event) => this.release(event);
    window.addEventListener("pointerup", this.onRelease, true);
    // The chart's width follows its column, which changes without the window (the sidebar
    // opens or closes, the story hides it): drawn again for the new width, or laid out again.
    let resizing = null;
    let width = null;
    this.resized = new ResizeObserver(() => {
      const now = this.plot.clientWidth;
      if (now === width || !this.drawnSpec) {
        width = now;
        return;
      }
      width = now;
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        if (this.connected() && this.plot.clientWidth && !this.checkWidth()) {
          window.Plotly.Plots.resize(this.plot);
        }
      }, 100);
    });
    this.resized.observe(this.plot);
    // A phone turned, a window narrowed: a chart with a narrow figure is drawn with the other.
    ONE_COLUMN.addEventListener("change", () => {
      if (this.connected() && this.sent && this.sent.narrow) {
        this.show(this.sent);
      }
    });
  }

  connected() {
    if (this.plot.isConnected) {
      return true;
    }
    window.removeEventListener("pointerup", this.onRelease, true);
    this.resized.disconnect();
    if (this.watched) {
      this.watched.disconnect();
    }
    return false;
  }

  show(sent) {
    this.sent = sent;
    const data = sent.narrow && ONE_COLUMN.matches ? { ...sent, spec: sent.narrow } : sent;
    this.wanted = data;
    this.plot.setAttribute("aria-label", data.alt);
    if (data.spec !== this.drawnSpec) {
      // The figure's height, kept from the start: what follows the chart stays where it is.
      this.plot.style.height = `${this.layoutFor(data).height || 450}px`;
    }
    if (!this.drawing) {
      this.drawing = this.drawWanted().finally(() => {
        this.drawing = null;
      });
    }
  }

  // The figure of ``spec``, parsed once.
  figure(spec) {
    if (this.parsed.spec !== spec) {
      this.parsed = { spec, figure: JSON.parse(spec) };
    }
    return this.parsed.figure;
  }

  // Resolves once enough of the chart is on screen (SEEN_PX; never while it is hidden).
  // Streamlit's page scrolls inside an element that clips the chart, so a margin round the
  // screen would not reach it: the chart starts loading as it comes into sight.
  onScreenSoon() {
    if (!this.seen) {
      this.seen = new Promise((resolve) => {
        let seeing = null;
        this.watched = new IntersectionObserver((entries) => {
          clearTimeout(seeing);
          const entry = entries[entries.length - 1];
          const enough = Math.min(SEEN_PX, entry.boundingClientRect.height / 2);
          if (entry.isIntersecting && entry.intersectionRect.height >= enough) {
            // Still on screen a moment later: not only while the page above it was laid out.
            seeing = setTimeout(() => {
              delete this.plot.dataset.waiting;
              this.watched.disconnect();
              resolve();
            }, SETTLE_MS);
          } else {
            this.plot.dataset.waiting = "view";
          }
        }, { threshold: SEEN_STEPS });
        this.watched.observe(this.plot);
      });
    }
    return this.seen;
  }

  async drawWanted() {
    const first = this.wanted;
    if (first.spec !== this.drawnSpec && this.needsLayout(first)) {
      // The app lays the figure out again for this chart's width, and sends it: plotly.js is
      // fetched and evaluated meanwhile, so that the figure is drawn as soon as it arrives.
      this.onScreenSoon()
        .then(loadPlotly)
        .catch(() => {}); // the figure's own drawing tries again, and says why it could not
      return;
    }
    await this.onScreenSoon();
    const Plotly = await loadPlotly();
    while (this.wanted !== this.applied && this.connected()) {
      const data = this.wanted;
      this.applied = data;
      try {
        await this.apply(Plotly, data);
      } catch (error) {
        console.error("The chart could not be drawn:", error);
      }
    }
  }

  async apply(Plotly, data) {
    if (data.spec === this.drawnSpec) {
      await this.ring(Plotly);
      return;
    }
    if (this.needsLayout(data)) {
      return;
    }
    // Drawing holds the page's main thread: the page paints what came with the figure first
    // (the panel a click opened), then the chart is drawn.
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const figure = this.figure(data.spec);
    const layout = this.layoutFor(data);
    const laidOutFor = (layout.meta && layout.meta.width) || null;
    this.plot.style.height = `${layout.height || 450}px`;
    const config = { displaylogo: false, displayModeBar: false };
    this.drawnSpec = data.spec;
    this.laidOutFor = laidOutFor;
    this.figureShapes = layout.shapes || [];
    // A copy: plotly.js changes the layout it draws as the chart is panned and zoomed.
    this.figureRange = structuredClone(layout.xaxis || {});
    this.ringed = null; // drawn with the figure's own shapes: no ring yet
    delete this.plot.dataset.drawnWidth;
    await Plotly.react(this.plot, figure.data, layout, config);
    const drawnX = this.plot.layout.xaxis || {};
    if (!this.figureRange.range && drawnX.range) {
      this.figureRange.range = [...drawnX.range]; // the dates plotly.js chose to show: the whole
    }
    if (!this.listening) {
      this.listening = true;
      this.plot.on("plotly_afterplot", () => {
        if (this.plot.dataset.drawnWidth) {
          this.markDrawn();
        }
        this.place(this.keys.querySelector("button:focus")); // the ring follows a pan or a zoom
      });
      this.plot.on("plotly_relayout", () => this.offerReset());
    }
    this.offerReset();
    this.listKeys();
    await this.ring(Plotly);
    this.markDrawn();
    this.checkWidth();
  }

  // Whether ``data``'s chart offers to show its whole range again: it zooms (a range slider),
  // and the app asked for the button.
  resets(data) {
    const layout = this.figure(data.spec).layout || {};
    const slider = layout.xaxis && layout.xaxis.rangeslider;
    return Boolean(data.reset_label && slider && slider.visible);
  }

  // The layout ``data``'s figure is drawn with at the chart's width.
  layoutFor(data) {
    const layout = { ...(this.figure(data.spec).layout || {}) };
    if (this.resets(data)) {
      // A strip above the chart (and its legend) for the button that shows it all again, so
      // that the button covers nothing (kept while it is hidden: the chart's place has that
      // height from the start, and nothing moves as the button comes and goes).
      layout.margin = { ...layout.margin, t: ((layout.margin && layout.margin.t) || 0) + RESET_PX };
      layout.height = (layout.height || 450) + RESET_PX;
    }
    return layout;
  }

  // The button that shows the whole range again, shown while the chart shows less or more.
  offerReset() {
    const offered = this.applied && this.resets(this.applied) && this.zoomed();
    if (offered) {
      this.reset.textContent = this.applied.reset_label;
    }
    if (this.reset.hidden === Boolean(offered)) {
      const current = this.keys.querySelector("button[tabindex='0']");
      if (!offered && current && this.reset.contains(document.activeElement)) {
        current.focus({ preventScroll: true }); // the focus stays in the chart, not lost with the button
      }
      this.reset.hidden = !offered;
    }
  }

  // Whether the dates shown are not the figure's own (panned, zoomed, or a group's period).
  zoomed() {
    const drawn = (this.plot.layout && this.plot.layout.xaxis) || {};
    const own = this.figureRange.range;
    if (!own || !drawn.range) {
      return false;
    }
    const time = (value) => new Date(String(value).replace(" ", "T")).getTime();
    const span = Math.abs(time(own[1]) - time(own[0])) || 1;
    return drawn.range.some((end, i) => Math.abs(time(end) - time(own[i])) > span / 200);
  }

  showAll() {
    const own = this.figureRange;
    const reset = { "xaxis.range": [...own.range] };
    for (const name of ["dtick", "tick0", "tickformat"]) {
      reset[`xaxis.${name}`] = own[name] === undefined ? null : own[name];
    }
    return window.Plotly.relayout(this.plot, reset);
  }

  // Whether ``data``'s figure was laid out for a width too far from the chart's: then the app is
  // told this one, lays it out again and sends it, and the chart is drawn once, with that.
  needsLayout(data) {
    const layout = this.figure(data.spec).layout || {};
    const laidOutFor = (layout.meta && layout.meta.width) || null;
    const width = Math.round(this.plot.clientWidth);
    return Boolean(laidOutFor && data.reports.includes("width") && this.report("width", width, laidOutFor));
  }

  // The width the chart is drawn at, once all of it is (its keyboard list and rings too), for
  // tests and benchmarks to wait on; plotly.js draws it again after a resize.
  markDrawn() {
    this.plot.dataset.drawnWidth = String(internals.width(this.plot));
  }

  // Tells the app the chart's width, where the figure was laid out for one too far from it.
  report(name, width, laidOutFor) {
    if (!width || width === this.reportedWidth || Math.abs(width - laidOutFor) <= RELAYOUT_SHARE * width) {
      return false;
    }
    this.reportedWidth = width;
    this.component.setTriggerValue(name, width);
    return true;
  }

  // Whether the chart asked the app to lay it out again for the width it has now.
  checkWidth() {
    const laidOut = this.laidOutFor && this.applied && this.applied.reports.includes("width");
    return Boolean(laidOut && this.report("width", Math.round(this.plot.clientWidth), this.laidOutFor));
  }

  // Rings round the chosen milestone's markers: layout shapes anchored at each marker, so that
  // moving them redraws the shapes alone, not the markers. Their height is placed as a share of
  // the y axis ("y domain"): a shape on both data axes is cut off at the plot's edge, and a
  // marker on the lowest lane sits close to it.
  ring(Plotly) {
    const chosen = this.applied.selected || null;
    if (chosen === this.ringed) {
      return Promise.resolve();
    }
    this.ringed = chosen;
    const shapes = [...this.figureShapes];
    for (const { trace, index, y } of chosen ? this.markers() : []) {
      if (trace.customdata[index].milestone === chosen) {
        const share = 1 - y / this.axes(trace).y.length;
        shapes.push(ringAt(trace.xaxis, `${trace.yaxis} domain`, trace.x[index], share, RING));
      }
    }
    return Plotly.relayout(this.plot, { shapes });
  }

  axes(trace) {
    return internals.axes(this.plot, trace);
  }

  // Every marker that reports a click, where it is drawn: x and y in pixels from the plot
  // area's top left corner.
  *markers() {
    for (const trace of internals.traces(this.plot)) {
      if (trace.type !== "scatter" || trace.visible !== true || !trace.customdata) {
        continue;
      }
      const { x, y } = this.axes(trace);
      for (let index = 0; index < trace.customdata.length; index++) {
        yield {
          trace, index, x: x.l2p(x.d2l(trace.x[index])), y: y.l2p(y.d2l(trace.y[index])),
        };
      }
    }
  }

  // The record (customdata) of the marker or bar at a point of the screen, or null.
  recordAt(clientX, clientY) {
    const box = this.plot.getBoundingClientRect();
    let nearest = null;
    let best = Infinity;
    for (const { trace, index, x, y } of this.markers()) {
      const { x: xAxis, y: yAxis } = this.axes(trace);
      const dx = clientX - box.left - xAxis.offset - x;
      const dy = clientY - box.top - yAxis.offset - y;
      const inside = x >= 0 && x <= xAxis.length && y >= 0 && y <= yAxis.length;
      // One size for every marker, or one each (an array, or a typed array from Plotly's JSON).
      const size = typeof trace.marker.size === "number" ? trace.marker.size : trace.marker.size[index];
      const distance = Math.hypot(dx, dy);
      if (inside && distance <= Math.max(HIT_PX, size / 2 + 2) && distance < best) {
        best = distance;
        nearest = trace.customdata[index];
      }
    }
    return nearest || this.barAt(clientX - box.left, clientY - box.top);
  }

  // Every bar that reports a click, where it is drawn: its box in pixels from the chart's top
  // left corner.
  *bars() {
    for (const trace of internals.traces(this.plot)) {
      if (trace.type !== "bar" || trace.visible !== true || !trace.customdata) {
        continue;
      }
      const axes = this.axes(trace);
      const [along, across] = trace.orientation === "h" ? ["x", "y"] : ["y", "x"];
      const [length, position] = trace.orientation === "h" ? [trace.x, trace.y] : [trace.y, trace.x];
      const a = axes[across];
      const thick = Math.abs(a.l2p(1) - a.l2p(0)) * (1 - internals.bargap(this.plot));
      for (let index = 0; index < position.length; index++) {
        const middle = a.offset + a.l2p(a.d2l(position[index]));
        const ends = [0, length[index]].map((v) => axes[along].offset + axes[along].l2p(v));
        const [from, to] = [Math.min(...ends), Math.max(...ends)];
        const box = trace.orientation === "h"
          ? { left: from, top: middle - thick / 2, width: to - from, height: thick }
          : { left: middle - thick / 2, top: from, width: thick, height: to - from };
        yield { trace, index, box };
      }
    }
  }

  barAt(left, top) {
    for (const { trace, index, box } of this.bars()) {
      const inside = (at, start, size, slack) => at >= start - slack && at <= start + size + slack;
      const [slackX, slackY] = trace.orientation === "h" ? [2, 0] : [0, 2];
      if (inside(left, box.left, box.width, slackX) && inside(top, box.top, box.height, slackY)) {
        return trace.customdata[index];
      }
    }
    return null;
  }

  press(event) {
    this.pressed = null;
    if (event.button === 0 && this.applied && this.applied.reports.length) {
      // What is under the pointer now, as the person sees it, whatever is redrawn before the release.
      const record = this.recordAt(event.clientX, event.clientY);
      this.pressed = record && { x: event.clientX, y: event.clientY, record };
    }
  }

  release(event) {
    if (!this.connected() || !this.pressed) {
      return;
    }
    const { x, y, record } = this.pressed;
    this.pressed = null;
    if (Math.hypot(event.clientX - x, event.clientY - y) <= DRAG_PX) {
      this.choose(record);
    }
  }

  choose(record) {
    const name = this.applied.reports.find((report) => report !== "width" && record[report] !== undefined);
    if (name === undefined) {
      return;
    }
    const group = record.group;
    if (name === "group" && group.start && group.end) {
      // A marker for many milestones: show its period now; the app lists them after its rerun.
      // The figure's ticks are years or quarters: Plotly's own suit a month or a quarter.
      window.Plotly.relayout(this.plot, {
        "xaxis.range": [group.start, group.end], "xaxis.dtick": null, "xaxis.tick0": null,
        "xaxis.tickformat": null,
      });
    }
    this.component.setTriggerValue(name, record[name]);
  }

  // A button for each milestone's marker, in date order, or for each bar that chooses, from the
  // top (or the left): the list is one Tab stop (the button last stopped at), the arrow keys,
  // Home and End move along it, Enter chooses, and its name (the milestone's date and headline,
  // the bar's name and count) is what a screen reader says. The focused button is a ring drawn
  // round its marker or its bar, where the eye already is.
  listKeys() {
    const reports = this.applied.reports.filter((report) => report !== "width");
    const buttons = [];
    const seen = new Set();
    const focused = this.keys.contains(document.activeElement); // kept on the same one
    for (const { record, name } of this.keyed(reports)) {
      const report = reports.find((field) => record[field] !== undefined);
      const id = JSON.stringify([report, record[report]]);
      if (report === undefined || seen.has(id)) {
        continue; // a milestone in two lanes (two states) is listed once
      }
      seen.add(id);
      const button = document.createElement("button");
      const said = document.createElement("span");
      button.type = "button";
      button.tabIndex = -1;
      button.dataset.chooses = id;
      if (report === "milestone") {
        button.dataset.milestone = record.milestone;
      } else {
        button.classList.add("clfj-bar");
      }
      said.textContent = name;
      button.append(said);
      button.addEventListener("click", () => this.choose(record));
      button.addEventListener("focus", () => this.focus(button));
      buttons.push(button);
    }
    this.keys.replaceChildren(...buttons);
    this.keys.hidden = !buttons.length;
    const bars = buttons.length && buttons[0].classList.contains("clfj-bar");
    this.keys.setAttribute("aria-label", (bars ? this.applied.bars_label : this.applied.keys_label) || "");
    const current = buttons.find((button) => button.dataset.chooses === this.current) || buttons[0];
    if (current) {
      current.tabIndex = 0;
      if (focused) {
        current.focus({ preventScroll: true });
      }
    }
  }

  // What the keyboard's list holds: the milestones' markers in date order, else the bars that
  // choose, from the top (or the left). Each with its record and the name a screen reader says.
  *keyed(reports) {
    if (reports.includes("milestone")) {
      const found = [...this.markers()].filter(({ trace, index }) => trace.customdata[index].milestone);
      found.sort((a, b) => a.x - b.x || a.y - b.y);
      for (const { trace, index } of found) {
        const record = trace.customdata[index];
        yield { record, name: `${record.when} · ${unescaped(record.title)}` };
      }
      return;
    }
    const found = [...this.bars()];
    found.sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
    for (const { trace, index } of found) {
      const record = trace.customdata[index];
      yield { record, name: record.said || "" };
    }
  }

  // The arrow keys, Home and End: the next milestone, the one before, the first, the last.
  step(event) {
    const buttons = [...this.keys.children];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const moves = { Home: -at, End: buttons.length - 1 - at, ...NEXT_KEYS };
    if (!(event.key in moves)) {
      return;
    }
    event.preventDefault(); // the page does not scroll
    buttons[Math.max(0, Math.min(at + moves[event.key], buttons.length - 1))].focus();
  }

  // The list's Tab stop moves to ``button``, which is drawn round its marker or its bar.
  focus(button) {
    for (const other of this.keys.children) {
      other.tabIndex = other === button ? 0 : -1;
    }
    this.current = button.dataset.chooses;
    this.place(button);
  }

  // ``button`` (if any) over its milestone's marker, or round its bar, where the chart draws it now.
  place(button) {
    if (!button) {
      return;
    }
    const [report, value] = JSON.parse(button.dataset.chooses);
    for (const { trace, index, x, y } of report === "milestone" ? this.markers() : []) {
      if (trace.customdata[index].milestone === value) {
        const { x: xAxis, y: yAxis } = this.axes(trace);
        button.style.left = `${xAxis.offset + x}px`;
        button.style.top = `${yAxis.offset + y}px`;
        return;
      }
    }
    for (const { trace, index, box } of report === "milestone" ? [] : this.bars()) {
      if (trace.customdata[index][report] === value) {
        for (const side of ["left", "top", "width", "height"]) {
          button.style[side] = `${box[side]}px`;
        }
        return;
      }
    }
  }
}

const charts = new WeakMap();

export default function (component) {
  const root = component.parentElement;
  let chart = charts.get(root);
  if (!chart || !chart.plot.isConnected) {
    chart = new Chart(root);
    charts.set(root, chart);
  }
  chart.component = component; // the newest run's: its setTriggerValue reaches the app
  chart.show(component.data);
}
