// Marks <html> with the page shown (class clfj-story while the Story is, clfj-overview and
// clfj-timeline likewise), so that the page's style sheet (static/<page>.css) applies from the
// first paint. A classic script in the page's head, run before the page is painted; Streamlit
// changes pages in the browser through the history API, so its pushState and replaceState, and
// the back and forward buttons, mark it again.
//
// It also tells the app the width of the window (cookie clfj_viewport, sent with the app's
// connection), so that a page's first run lays its timeline out for a phone's width, not for a
// desktop's to be laid out again once the chart has reported its own (clfj_ui/chart_width.py).
(function () {
  const PAGES = { story: /\/story\/?$/, timeline: /\/timeline\/?$/, overview: /^\/(overview\/?)?$/ };
  const mark = () => {
    for (const [page, path] of Object.entries(PAGES)) {
      document.documentElement.classList.toggle(`clfj-${page}`, path.test(location.pathname));
    }
  };
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      mark();
      return result;
    };
  }
  window.addEventListener("popstate", mark);
  mark();
  // Before the page's viewport tag is read (this script comes first in the head), a phone's
  // window is 980 px wide: its screen's width is the one it will have.
  const width = Math.min(window.innerWidth, window.screen.width);
  document.cookie = `clfj_viewport=${Math.round(width)}; path=/; SameSite=Lax`;
})();
