// Marks <html> with the page shown: class clfj-story while the Story is, so that the Story's
// style sheet (static/story.css) applies from the first paint. A classic script in the page's
// head, run before the page is painted; Streamlit changes pages in the browser through the
// history API, so its pushState and replaceState, and the back and forward buttons, mark it again.
(function () {
  const mark = () => document.documentElement.classList.toggle("clfj-story", /\/story\/?$/.test(location.pathname));
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
})();
