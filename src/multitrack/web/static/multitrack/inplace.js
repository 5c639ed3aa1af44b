/* Multitrack: editing a drawing in place (conflict maps, theories of change), shared by conflictmap.js and
   toc.js, which call MultitrackInplace.attach(container, cy, reload) once the drawing is made. Nothing
   here is needed to edit: the forms and tables under the drawing do the same without JavaScript.

   The container says what it may do (templates inplace/_tools.html and the pages):
   - data-connect-form: the id of the form that adds a tie or link. "Connect two" (or Shift held): press
     on a node and release on another, or click one then the other; the form gets both ends, and keyboard
     focus goes to its field named by data-connect-focus (the type of a tie, the rationale of a link).
   - data-rename-url (with 0 for the node's row id, data "pk" from data.json): a double-click on a node
     opens a small field over it, saved with htmx into the editor region (data-editor). A node that names a
     person (data "person") is shown by pseudonym and is not renamed here: the status line says so.
   - When the server answers an edit with the event "mt-drawing-changed" (HX-Trigger), `reload` fetches
     the drawing's data again into the same Cytoscape instance.
   No inline script or style: the field's place is set through the CSSOM, which the CSP allows. */
(function () {
  "use strict";

  function say(container, text) {
    var status = document.getElementById(container.getAttribute("data-status"));
    if (status) { status.textContent = text; }
  }

  function connecting(container, cy) {
    var tools = container.closest("section").querySelector("[data-drawing-tools]");
    // looked up when used: htmx replaces the form with each answer
    function form() { return document.getElementById(container.getAttribute("data-connect-form")); }
    if (!form() || !tools) { return; }
    var button = tools.querySelector("[data-connect]");
    var on = false, shift = false, from = null;
    tools.hidden = false;

    function active() { return on || shift; }
    function update() {
      cy.autoungrabify(active() || !container.hasAttribute("data-arrange"));
      container.classList.toggle("connecting", active());
      if (!active() && from) { from.removeClass("connect-from"); from = null; }
    }
    button.addEventListener("click", function () {
      on = !on;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      update();
      if (on) { say(container, "Connect: press a node, then release on (or click) another."); }
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Shift" && !shift) { shift = true; update(); } });
    document.addEventListener("keyup", function (e) { if (e.key === "Shift") { shift = false; update(); } });

    function choose(name, pk) {
      var field = form().querySelector("[name=" + name + "]");
      if (field) { field.value = String(pk); field.dispatchEvent(new Event("change", { bubbles: true })); }
    }
    cy.on("tapstart", "node", function (e) {
      if (!active() || from) { return; }
      from = e.target;
      from.addClass("connect-from");
    });
    cy.on("tapend", function (e) {
      if (!active() || !from) { return; }
      var to = e.target;
      if (to === cy || !to.isNode || !to.isNode()) { from.removeClass("connect-from"); from = null; return; }
      if (to.same(from)) { return; } // a click on the first node: wait for the second
      choose("source", from.data("pk"));
      choose("target", to.data("pk"));
      say(container, "From “" + from.data("label") + "” to “" + to.data("label") + "”: complete the form below and add it.");
      from.removeClass("connect-from");
      from = null;
      on = false;
      button.setAttribute("aria-pressed", "false");
      update();
      cy.scratch("_connected", Date.now()); // the second press of a connection is no double-click
      var next = form().querySelector("[name=" + (container.getAttribute("data-connect-focus") || "source") + "]");
      form().scrollIntoView({ block: "nearest" });
      // after the browser is done with the mouse press, which would take the focus back
      if (next) { setTimeout(function () { next.focus(); }, 0); }
    });
  }

  function renaming(container, cy) {
    var url = container.getAttribute("data-rename-url"), editor = container.getAttribute("data-editor");
    if (!url || !editor) { return; }
    var open = null;
    function close() { if (open) { open.remove(); open = null; } }
    cy.on("dbltap", "node", function (e) {
      var node = e.target;
      close();
      if (container.classList.contains("connecting") || Date.now() - (cy.scratch("_connected") || 0) < 300) { return; }
      if (node.data("person")) {
        say(container, "“" + node.data("label") + "” names a person and is shown by pseudonym: it is not renamed here. Change the person in the registry, or use Edit in the table.");
        return;
      }
      var action = url.replace(/\/0\/(?!.*\/0\/)/, "/" + node.data("pk") + "/"); // the last "/0/"
      var form = document.createElement("form");
      form.className = "drawing-rename";
      form.method = "post";
      form.action = action;
      form.setAttribute("hx-post", action);
      form.setAttribute("hx-target", "#" + editor);
      form.setAttribute("hx-swap", "outerHTML");
      var label = document.createElement("label");
      label.className = "visually-hidden";
      label.htmlFor = "drawing-rename-label";
      label.textContent = "New label";
      var field = document.createElement("input");
      field.type = "text";
      field.name = "label";
      field.id = "drawing-rename-label";
      field.value = node.data("label");
      field.required = true;
      var save = document.createElement("button");
      save.type = "submit";
      save.textContent = "Rename";
      form.append(label, field, save);
      var at = node.renderedPosition();
      form.style.left = Math.max(0, at.x - 110) + "px";
      form.style.top = Math.max(0, at.y - 18) + "px";
      container.parentNode.appendChild(form);
      open = form;
      if (window.htmx) { window.htmx.process(form); }
      form.addEventListener("htmx:afterRequest", close);
      field.addEventListener("keydown", function (k) { if (k.key === "Escape") { close(); container.focus(); } });
      field.focus();
      field.select();
    });
    cy.on("tap", function (e) { if (e.target === cy) { close(); } });
  }

  function attach(container, cy, reload) {
    connecting(container, cy);
    renaming(container, cy);
    document.addEventListener("mt-drawing-changed", function () { reload(); });
  }

  /* Replace the drawing's elements with those just fetched, in one batch. The server places them: saved
     positions keep their arrangement (a conflict map's nodes not yet arranged stand on a circle, which a
     new node redraws). */
  function replace(cy, elements) {
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements);
    });
  }

  window.MultitrackInplace = { attach: attach, replace: replace };
})();
