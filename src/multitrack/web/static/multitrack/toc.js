/* Multitrack theories of change: draws the JSON served at data-url (evaluation:toc_data) with the vendored
   Cytoscape.js. The server lays the elements out in columns by level (activities on the left, impact on the
   right); here they are drawn as rounded boxes coloured by level, links as arrows (dashed when the link has
   no rationale yet), elements named in a warning outlined in red. No inline script or style (the
   Content-Security-Policy forbids both). */
(function () {
  "use strict";
  var FILL = {
    activity: ["#e8f1e4", "#3b6e2a"],
    output: ["#dbe9f6", "#1f4e79"],
    outcome: ["#fbe5c8", "#8a5a00"],
    impact: ["#f3d9e6", "#7a1f4d"]
  };
  var WARN = "#b03a2e", INK = "#404040";
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

  function load(box) {
    return fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  function counted(box, cy) {
    box.dataset.nodes = String(cy.nodes().length);
    box.dataset.edges = String(cy.edges().length);
  }

  /* After an edit in place (inplace.js): the theory's data again, into the same diagram, laid out anew. */
  function reload(box, cy) {
    return load(box).then(function (data) {
      window.MultitrackInplace.replace(cy, data.elements.nodes.concat(data.elements.edges));
      cy.fit(undefined, 30);
      counted(box, cy);
    }).catch(function (error) { if (window.console) { window.console.error(error); } });
  }

  function draw(box) {
    var status = box.dataset.status ? document.getElementById(box.dataset.status) : null;
    load(box)
      .then(function (data) {
        var cy = cytoscape({
          container: box,
          elements: data.elements,
          layout: { name: "preset", fit: true, padding: 30 },
          autoungrabify: true,
          boxSelectionEnabled: false,
          style: [
            {
              selector: "node",
              style: {
                shape: "round-rectangle",
                label: "data(label)",
                "font-family": FONT,
                "font-size": 12,
                color: "#1a1a1a",
                "text-wrap": "wrap",
                "text-max-width": 150,
                "text-valign": "center",
                "text-halign": "center",
                width: 170,
                height: 66,
                "background-color": function (n) { return (FILL[n.data("level")] || FILL.output)[0]; },
                "border-color": function (n) { return (FILL[n.data("level")] || FILL.output)[1]; },
                "border-width": 1.5
              }
            },
            { selector: "node[?flagged]", style: { "border-color": WARN, "border-width": 3 } },
            {
              selector: "edge",
              style: {
                width: 1.5,
                "curve-style": "bezier",
                "line-color": INK,
                "target-arrow-color": INK,
                "target-arrow-shape": "triangle",
                "arrow-scale": 1.1
              }
            },
            { selector: "node.connect-from", style: { "border-color": "#b35c00", "border-width": 4 } },
            { selector: "edge[?bare]", style: { "line-style": "dashed" } },
            {
              // a link that skips a level bows above the column it crosses instead of running through it
              selector: "edge[?skips]",
              style: { "curve-style": "unbundled-bezier", "control-point-distances": -70, "control-point-weights": 0.5 }
            }
          ]
        });
        box.cy = cy;
        box.dataset.ready = "true";
        counted(box, cy);
        if (box.hasAttribute("data-editor") && window.MultitrackInplace) {
          window.MultitrackInplace.attach(box, cy, function () { return reload(box, cy); });
        }
        if (status && !data.elements.nodes.length) { status.textContent = "No elements yet."; }
      })
      .catch(function (error) {
        box.textContent = "The diagram could not be drawn (" + error.message + "); the tables below give the same information.";
      });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-toc]"), draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
