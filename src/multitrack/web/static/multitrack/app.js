/* Multitrack, on every page: small screens and htmx swaps. Nothing here is needed to use a page; without
   it tables stay tables, and forms submit without asking.

   - A table of records (a header row, no row headers) becomes a list of cards below 600 px wide
     (app.css, table.as-cards): each cell is labelled with its column's header, copied into data-label.
     A table with row headers (a cross-table) stays a table, and scrolls sideways when it is wider than
     its place (table.wide).
   - A box that scrolls sideways (a wide table, code, a wide chart) can be reached with the keyboard
     (tabindex, and a name taken from its caption or the section's heading), so that it can be scrolled
     without a mouse.
   - A free-text field shows how many characters it holds of its limit (`maxlength`, which the server
     enforces too): always under a text area, under a line once it is 80 % full.
   - On an actor's form, what describes a person only (data-person-only) is hidden for an organisation
     or a group while it is empty (the server refuses it filled in).
   - Finding an actor as one types (htmx): picking a result chooses it in the form's list of actors.
   - A form with data-confirm (saving a version, deleting a draft: what cannot be undone; removing from a
     draft) asks first, with or without htmx.
   - After htmx swaps part of a page, the same is done inside it, and keyboard focus goes back where it
     was (the same control, or one marked autofocus, or the first control of what was swapped in) rather
     than to <body>. */
(function () {
  "use strict";

  function label(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head || table.querySelector("tbody th") || table.closest(".scroll, .table-scroll")) {
      // a cross-table stays a table; only one wider than its place scrolls sideways
      if (table.parentElement && table.offsetWidth > table.parentElement.clientWidth) {
        table.classList.add("wide");
      }
      return;
    }
    var names = Array.prototype.map.call(head.cells, function (cell) { return cell.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label")) { cell.setAttribute("data-label", names[column] || ""); }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("as-cards");
  }

  var SCROLLERS = "pre, table, .table-scroll, .scroll, .numbers, .chart-area";

  function reachable(box) {
    var style = getComputedStyle(box);
    var scrolls = /auto|scroll/.test(style.overflowX + style.overflowY) &&
      (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
    if (!scrolls || box.hasAttribute("tabindex") || box.closest("[tabindex]")) { return; }
    box.setAttribute("tabindex", "0");
    if (box.tagName === "TABLE" || box.tagName === "PRE" || box.hasAttribute("aria-label")) { return; }
    var caption = box.querySelector("caption");
    var section = box.closest("section, figure");
    var heading = section && section.querySelector("h2, h3, figcaption");
    var name = (caption || heading || {}).textContent;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name ? name.trim() + " (scrolls sideways)" : "Scrolls sideways");
  }

  function counter(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || field.hasAttribute("data-counted")) { return; }
    field.setAttribute("data-counted", "");
    var out = document.createElement("span");
    out.className = "char-count";
    field.insertAdjacentElement("afterend", out);
    function update() {
      var n = field.value.length;
      var shown = field.tagName === "TEXTAREA" || n >= 0.8 * limit;
      out.textContent = shown ? n + " of " + limit + " characters" : "";
      out.classList.toggle("full", n >= limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function personOnly(form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind || form.hasAttribute("data-kinds-ready")) { return; }
    form.setAttribute("data-kinds-ready", "");
    function update() {
      Array.prototype.forEach.call(form.querySelectorAll("[data-person-only]"), function (field) {
        var box = field.closest(".field") || field;
        var empty = field.type === "checkbox" ? !field.checked : !field.value;
        box.hidden = kind.value !== "person" && empty;
      });
    }
    kind.addEventListener("change", update);
    update();
  }

  function prepare(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table"), label);
    Array.prototype.forEach.call(root.querySelectorAll(SCROLLERS), reachable);
    Array.prototype.forEach.call(root.querySelectorAll("textarea[maxlength], input[maxlength]"), counter);
    Array.prototype.forEach.call(root.querySelectorAll("form"), personOnly);
  }

  document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  var resized = null;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(function () {
      Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), reachable);
    }, 200);
  });

  // Finding an actor (registry/_actor_lookup.html): a result picks it in the form's actor list.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-pick-actor]");
    if (!button) { return; }
    var form = button.closest("form");
    var select = form && form.querySelector("select[name=actor]");
    if (!select) { return; }
    select.value = button.getAttribute("data-pick-actor");
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var results = button.closest(".lookup-results");
    if (results) { results.textContent = "Chosen: " + button.textContent; }
    var role = form.querySelector("select[name=role]");
    (role || select).focus();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    // Declined: stopped here too, before it reaches the form, so that htmx (which listens there) sends nothing.
    if (question && !window.confirm(question)) { event.preventDefault(); event.stopPropagation(); }
  }, true);

  var focused = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    focused = active && active !== document.body ? (active.id || active.getAttribute("name")) : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) { return; }
    // With hx-swap="outerHTML" the target was replaced: look for its successor by id.
    var live = (!document.body.contains(target) && target.id && document.getElementById(target.id)) || target;
    prepare(live);
    if (document.activeElement && document.activeElement !== document.body) { return; }
    var again = focused && (document.getElementById(focused) ||
      live.querySelector("[name='" + focused.replace(/'/g, "") + "']"));
    var field = "input:not([type=hidden]), select, textarea";
    var next = again || live.querySelector("[autofocus]") || live.querySelector("form " + field.replace(/, /g, ", form ")) ||
      live.querySelector(field + ", button, a[href]");
    if (next) { next.focus(); }
  });
})();
