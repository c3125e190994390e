// The Milestones page's table (clfj_ui/reading_table.py): an HTML table of the rows it is
// given, and the same rows as cards, which a phone shows in its place (the page's style picks
// one by the screen's width), every text set as text. A click or tap on a row or a card, or
// Enter on its headline's button, reports its milestone ({milestone: id}); a click that ends a
// selection of text does not.

const elements = new WeakMap(); // each table's holder: the newest run's element and what it drew

function cell(tag, text, lang) {
  const made = document.createElement(tag);
  made.textContent = text;
  if (lang) {
    made.lang = lang;
  }
  return made;
}

function table({ columns, rows, label }) {
  const made = document.createElement("table");
  made.setAttribute("aria-label", label);
  const widths = document.createElement("colgroup");
  const head = document.createElement("tr");
  for (const { name, label: header, width } of columns) {
    const col = document.createElement("col");
    col.style.width = width;
    widths.append(col);
    const th = cell("th", header);
    th.scope = "col";
    head.append(th);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.milestone = row.id;
    for (const { name } of columns) {
      const lang = row.lang[name];
      if (name === "Headline") { // the row's header: a button that opens its milestone
        const th = document.createElement("th");
        th.scope = "row";
        th.append(cell("button", row.cells[name], lang));
        th.firstChild.type = "button";
        tr.append(th);
      } else {
        tr.append(cell("td", row.cells[name] ?? "", lang));
      }
    }
    body.append(tr);
  }
  made.append(widths, thead, body);
  return made;
}

// A card: the headline (a button, so that a keyboard reaches it), a line of facts (date,
// states, sector, and "Staff only" where it is), and why it matters.
function card(row, { facts, why, why_label: whyLabel, staff_only: staffOnly, emphasis, unspecified }) {
  const made = document.createElement("li");
  made.dataset.milestone = row.id;
  const headline = cell("button", row.cells.Headline, row.lang.Headline);
  headline.type = "button";
  const shown = facts
    .map((name) => (row.cells[name] === unspecified.value ? unspecified[name] : row.cells[name]))
    .filter(Boolean);
  if (row.cells.Visibility === staffOnly) {
    shown.push(staffOnly);
  }
  const line = cell("p", shown.join(" · "));
  line.className = "clfj-card-facts";
  const reason = document.createElement("p");
  reason.append(cell(emphasis, whyLabel), " ", cell("span", row.cells[why] ?? "", row.lang[why]));
  made.append(headline, line, reason);
  return made;
}

function cards(data) {
  const made = document.createElement("ul");
  made.className = "clfj-cards";
  made.setAttribute("aria-label", data.label);
  made.append(...data.rows.map((row) => card(row, data.card)));
  return made;
}

export default function (component) {
  const holder = component.parentElement.querySelector(".clfj-table");
  const before = elements.get(holder);
  const drawn = JSON.stringify(component.data);
  elements.set(holder, { component, drawn });
  if (!before) {
    holder.addEventListener("click", (event) => {
      const row = event.target.closest("tbody tr, .clfj-cards li");
      const selecting = !event.target.closest("button") && String(window.getSelection()).length > 0;
      if (row && !selecting) {
        elements.get(holder).component.setTriggerValue("milestone", row.dataset.milestone);
      }
    });
  }
  if (!before || before.drawn !== drawn) {
    holder.replaceChildren(table(component.data), cards(component.data));
  }
}
