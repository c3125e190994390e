// The Milestones page's table (clfj_ui/reading_table.py): an HTML table of the rows it is
// given, every text set as text. A click on a row, or Enter on its headline's button, reports
// the row's milestone ({milestone: id}); a click that ends a selection of text does not.

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

export default function (component) {
  const holder = component.parentElement.querySelector(".clfj-table");
  const before = elements.get(holder);
  const drawn = JSON.stringify(component.data);
  elements.set(holder, { component, drawn });
  if (!before) {
    holder.addEventListener("click", (event) => {
      const row = event.target.closest("tbody tr");
      const selecting = !event.target.closest("button") && String(window.getSelection()).length > 0;
      if (row && !selecting) {
        elements.get(holder).component.setTriggerValue("milestone", row.dataset.milestone);
      }
    });
  }
  if (!before || before.drawn !== drawn) {
    holder.replaceChildren(table(component.data));
  }
}
