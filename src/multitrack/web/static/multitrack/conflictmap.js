/* Multitrack conflict maps: draws the JSON served at data-url with the vendored Cytoscape.js, after the
   conflict-mapping legend (Fisher et al. 2000), in the colours of the SVG download (core/conflictmap_svg.py)
   and of the legend (app.css, "Conflict maps"). On a draft the user may drag parties to arrange them; the
   positions are saved. No inline script or style (the Content-Security-Policy forbids both).

   Parties are circles sized by relative power, external parties circles with a drop shadow, issues
   rectangles around their label. Ties: close a line, alliance a double line, informal a dotted line,
   influence an arrow, discord a zig-zag, broken a line crossed by "//".

   The drawing is fitted into its box, so its zoom depends on the box; labels, line widths and the
   zig-zag are set in screen pixels (style(s), s = model units per pixel) so that they read the same in
   the small drawings of the compare page as in the large one. */
(function () {
  "use strict";
  var CONNECT = "#b35c00"; // the first node chosen in "Connect" mode (inplace.js)
  var INK = "#404040", DISCORD = "#b03a2e", INFLUENCE = "#1f4e79", SHADOW = "#8c8c8c", TEXT = "#1a1a1a";
  var FILL = { party: ["#dbe9f6", "#1f4e79"], external: ["#fbe5c8", "#8a5a00"], issue: ["#eeeeee", "#444444"] };
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'; // double quotes only
  var LABEL = 13, LABEL_WIDTH = 140, PADDING = 24; // screen pixels
  var BEND = 28; // how far an influence arrow bows away from another tie between the same two nodes
  var measure = document.createElement("canvas").getContext("2d");

  /* An external party's drop shadow, as in the SVG download: the part of a grey circle, shifted down and
     right, that the party's circle does not cover; drawn as the node's background image (a data: URL,
     which the Content-Security-Policy allows for images), over the node's outline. */
  var SHIFT = 4;
  function shadow(size) {
    var r = size / 2, w = size + SHIFT + 1;
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='" + w + "' height='" + w + "' viewBox='0 0 " + w + " " + w + "'>" +
      "<mask id='m'><rect width='" + w + "' height='" + w + "' fill='white'/><circle cx='" + r + "' cy='" + r + "' r='" + r + "' fill='black'/></mask>" +
      "<circle cx='" + (r + SHIFT) + "' cy='" + (r + SHIFT) + "' r='" + r + "' fill='" + SHADOW + "' mask='url(#m)'/></svg>";
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }

  function radius(power) { return 12 + 4 * Math.min(Math.max(power || 3, 1), 5); } // as in the SVG

  /* An issue's rectangle and label: the label wrapped at LABEL_WIDTH, and the rectangle around it with
     some padding (model units). */
  function issueBox(node, s, size) {
    var max = LABEL_WIDTH * s, lines = [], line = "";
    measure.font = size + "px " + FONT;
    String(node.data("label")).split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > max) { lines.push(line); next = word; }
      line = next;
    });
    lines.push(line);
    var widest = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; }));
    return { text: lines.join("\n"), w: widest + 16 * s, h: lines.length * size * 1.2 + 10 * s };
  }

  /* Distance from a node's centre to its outline in the direction (ux, uy). */
  function border(node, ux, uy) {
    if (node.data("kind") !== "issue") { return node.width() / 2; }
    var hw = node.width() / 2, hh = node.height() / 2;
    return Math.min(ux ? hw / Math.abs(ux) : Infinity, uy ? hh / Math.abs(uy) : Infinity);
  }

  /* The zig-zag of a discord tie: a corner every 7 px, 4.5 px either side of the line, from one outline
     to the other (distances and weights are along the line between the two centres); null when the two
     nodes are too close for one (they may overlap while a node is dragged), and the tie is a straight line. */
  function zigzag(edge, s) {
    var a = edge.source(), b = edge.target(), pa = a.position(), pb = b.position();
    var dx = pb.x - pa.x, dy = pb.y - pa.y, length = Math.sqrt(dx * dx + dy * dy);
    if (length < 1) { return null; }
    var start = border(a, dx / length, dy / length) + 2 * s, end = length - border(b, dx / length, dy / length) - 2 * s;
    var steps = Math.floor((end - start) / (7 * s));
    if (steps < 3) { return null; }
    var d = [], w = [];
    for (var i = 0; i <= steps; i++) {
      d.push(i === 0 || i === steps ? 0 : (i % 2 ? 4.5 : -4.5) * s);
      w.push((start + (end - start) * i / steps) / length);
    }
    return { d: d, w: w };
  }

  /* Where a party's label goes: below the circle, above it, right or left of it, whichever is freest (in
     that order of preference), so that labels hide few arrowheads and line ends and do not cover each
     other. A side costs 1 for each tie that crosses it, and 2 for each other node, or label (assumed below
     its node), that it overlaps. A tie leaving the circle (radius r) towards (dx, dy) crosses a label below
     it, `half` wide either side, when |dx / dy| < half / r; one beside it, `high` high either side, when
     |dy / dx| < high / r. Worked out once per node and arrangement (see "position" in draw()). */
  var SIDES = ["bottom", "top", "right", "left"];

  function labelSize(node, s, px) {
    measure.font = px + "px " + FONT;
    var wide = measure.measureText(String(node.data("label"))).width;
    return { w: s * Math.min(wide, LABEL_WIDTH), h: s * px * 1.2 * (wide > LABEL_WIDTH ? 2 : 1) };
  }

  function overlap(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }

  function labelBox(side, p, r, size, s) {
    var w = size.w, h = size.h, gap = 3 * s;
    if (side === "bottom") { return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + r + gap, y2: p.y + r + gap + h }; }
    if (side === "top") { return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - r - gap - h, y2: p.y - r - gap }; }
    if (side === "right") { return { x1: p.x + r + gap, x2: p.x + r + gap + w, y1: p.y - h / 2, y2: p.y + h / 2 }; }
    return { x1: p.x - r - gap - w, x2: p.x - r - gap, y1: p.y - h / 2, y2: p.y + h / 2 };
  }

  function labelSide(node, s, px) {
    var cy = node.cy(), memo = node.scratch("_label");
    if (memo && memo.arrangement === cy.scratch("_arrangement") && memo.s === s) { return memo.side; }
    var p = node.position(), r = node.width() / 2, size = labelSize(node, s, px), cost = [0, 0.1, 0.2, 0.3];
    var half = size.w / 2, high = size.h / 2 + 2 * s;
    node.connectedEdges().forEach(function (e) {
      var q = (e.source().same(node) ? e.target() : e.source()).position(), dx = q.x - p.x, dy = q.y - p.y;
      if (Math.abs(dx) * r < Math.abs(dy) * half) { cost[dy > 0 ? 0 : 1] += 1; }
      if (Math.abs(dy) * r < Math.abs(dx) * high) { cost[dx > 0 ? 2 : 3] += 1; }
    });
    var boxes = SIDES.map(function (side) { return labelBox(side, p, r, size, s); });
    cy.nodes().forEach(function (other) {
      if (other.same(node)) { return; }
      var q = other.position(), w = other.width() / 2, h = other.height() / 2;
      var body = { x1: q.x - w, x2: q.x + w, y1: q.y - h, y2: q.y + h };
      var label = other.data("kind") === "issue" ? null : labelBox("bottom", q, w, labelSize(other, s, px), s);
      boxes.forEach(function (box, i) {
        if (overlap(box, body)) { cost[i] += 2; }
        if (label && overlap(box, label)) { cost[i] += 2; }
      });
    });
    var side = SIDES[cost.indexOf(Math.min.apply(null, cost))];
    node.scratch("_label", { arrangement: cy.scratch("_arrangement"), s: s, side: side });
    return side;
  }

  function labelAt(s, px, shadowed) {
    return {
      "text-valign": function (n) { var at = labelSide(n, s, px); return at === "top" || at === "bottom" ? at : "center"; },
      "text-halign": function (n) { var at = labelSide(n, s, px); return at === "left" || at === "right" ? at : "center"; },
      "text-justification": function (n) {
        var at = labelSide(n, s, px); return at === "right" ? "left" : at === "left" ? "right" : "center";
      },
      "text-margin-x": function (n) { var at = labelSide(n, s, px); return at === "right" ? 4 * s : at === "left" ? -4 * s : 0; },
      "text-margin-y": function (n) {
        var at = labelSide(n, s, px); return at === "bottom" ? 3 * s + shadowed : at === "top" ? -3 * s : 0;
      }
    };
  }

  function style(s) {
    // Labels a little smaller in small drawings (those of the compare page), so that they crowd less.
    var label = Math.max(11, LABEL * Math.pow(Math.min(1, 1 / s), 0.25)) * s;
    return [
      { selector: "node", style: {
          "label": "data(label)", "font-family": FONT, "font-size": label, "line-height": 1.2,
          "color": TEXT, "text-wrap": "wrap", "text-max-width": LABEL_WIDTH * s,
          "text-valign": "bottom", "text-margin-y": 3 * s,
          "text-outline-color": "#ffffff", "text-outline-width": 2 * s, "text-outline-opacity": 0.85,
          "background-color": FILL.party[0], "border-color": FILL.party[1], "border-width": 1.5 * s,
          "width": "data(size)", "height": "data(size)" } },
      { selector: "node[kind = 'external']", style: {
          "background-color": FILL.external[0], "border-color": FILL.external[1],
          "background-image": "data(shadow)", "background-clip": "none", "background-image-containment": "over",
          "background-width": function (n) { return n.data("size") + SHIFT + 1; },
          "background-height": function (n) { return n.data("size") + SHIFT + 1; },
          "background-position-x": 0, "background-position-y": 0, "bounds-expansion": SHIFT + 1 } },
      { selector: "node[kind = 'party']", style: labelAt(s, label / s, 0) },
      { selector: "node[kind = 'external']", style: labelAt(s, label / s, SHIFT) },
      { selector: "node[kind = 'issue']", style: {
          "shape": "round-rectangle", "corner-radius": 3 * s,
          "background-color": FILL.issue[0], "border-color": FILL.issue[1],
          "text-valign": "center", "text-halign": "center", "text-justification": "center",
          "text-margin-x": 0, "text-margin-y": 0, "text-outline-width": 0,
          "label": function (n) { return issueBox(n, s, label).text; }, "text-max-width": 2 * LABEL_WIDTH * s,
          "width": function (n) { return issueBox(n, s, label).w; },
          "height": function (n) { return issueBox(n, s, label).h; } } },
      { selector: "edge", style: {
          "width": 2 * s, "line-color": INK, "curve-style": "straight",
          "font-family": FONT, "color": INK } },
      { selector: "edge[type = 'alliance']", style: {
          // two lines: a white line with an outline of the ink colour on either side
          "width": 3 * s, "line-color": "#ffffff", "line-outline-width": 1.75 * s, "line-outline-color": INK } },
      { selector: "edge[type = 'informal']", style: {
          "line-style": "dashed", "line-dash-pattern": [0.01, 5 * s], "line-cap": "round", "width": 2.5 * s } },
      { selector: "edge[type = 'influence']", style: {
          "line-color": INFLUENCE, "target-arrow-shape": "triangle", "target-arrow-color": INFLUENCE,
          "arrow-scale": 1.4 } },
      { selector: "edge[type = 'influence'][?bend]", style: {
          "curve-style": "unbundled-bezier", "control-point-distances": BEND, "control-point-weights": 0.5 } },
      { selector: "edge[type = 'discord']", style: {
          "line-color": DISCORD, "edge-distances": "node-position",
          "curve-style": function (e) { return zigzag(e, s) ? "segments" : "straight"; },
          "segment-distances": function (e) { return (zigzag(e, s) || { d: [0] }).d; },
          "segment-weights": function (e) { return (zigzag(e, s) || { w: [0.5] }).w; } } },
      { selector: "edge[type = 'broken']", style: {
          // the line is cut where the "//" crosses it
          "label": "//", "font-size": 18 * s, "font-weight": "bold", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 1, "text-background-padding": 1 * s } },
      { selector: "node.connect-from", style: { "border-width": 4 * s, "border-color": CONNECT } }
    ];
  }

  /* Fit the drawing into its box, then size labels and lines for the zoom that gives; again until the
     zoom settles, since the labels' size changes the box the drawing needs. */
  function fit(cy) {
    for (var i = 0; i < 3; i++) {
      cy.fit(undefined, PADDING);
      var s = Math.min(Math.max(1 / cy.zoom(), 0.5), 4);
      if (Math.abs(s - (cy.scratch("_s") || 1)) < 0.02) { return; }
      cy.scratch("_s", s);
      cy.style().fromJson(style(s)).update();
    }
    cy.fit(undefined, PADDING);
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function savePositions(cy, url, status) {
    var positions = {};
    cy.nodes().forEach(function (n) { positions[n.id()] = n.position(); });
    var said = function (ok) {
      if (status) { status.textContent = ok ? "Arrangement saved." : "The arrangement could not be saved."; }
    };
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ positions: positions })
    }).then(function (response) { said(response.ok); }, function () { said(false); });
  }

  function elements(data) {
    var pairs = {};
    data.edges.forEach(function (e) {
      var pair = [e.source, e.target].sort().join(" ");
      pairs[pair] = (pairs[pair] || 0) + 1;
    });
    return data.nodes.map(function (n) {
      n.size = 2 * radius(n.power);
      if (n.kind === "external") { n.shadow = shadow(n.size); }
      return { data: n, position: n.position };
    }).concat(data.edges.map(function (e) {
      e.bend = pairs[[e.source, e.target].sort().join(" ")] > 1; // an arrow beside a line, or two arrows
      return { data: e };
    }));
  }

  function load(container) {
    return fetch(container.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  /* After an edit in place (inplace.js): the map's data again, into the same drawing. */
  function reload(container, cy) {
    return load(container).then(function (data) {
      window.MultitrackInplace.replace(cy, elements(data));
      cy.scratch("_arrangement", cy.scratch("_arrangement") + 1);
      fit(cy);
      cy.style().update();
    }).catch(function (error) { if (window.console) { window.console.error(error); } });
  }

  function draw(container) {
    var status = document.getElementById(container.getAttribute("data-status"));
    load(container)
      .then(function (data) {
        // Only the map's own page arranges it (data-arrange); a drawing on the compare page stays put.
        var arrange = data.editable && container.hasAttribute("data-arrange");
        var cy = cytoscape({
          container: container, elements: elements(data), style: style(1),
          layout: { name: "preset", fit: false }, maxZoom: 2,
          autoungrabify: !arrange, autounselectify: true, userZoomingEnabled: false,
          boxSelectionEnabled: false
        });
        container.cy = cy;
        fit(cy);
        var resized;
        cy.on("resize", function () { clearTimeout(resized); resized = setTimeout(function () { fit(cy); }, 100); });
        cy.scratch("_arrangement", 0);
        cy.on("position", "node", function (event) {
          // redraw the zig-zags, and place the labels of the node and its neighbours again
          cy.scratch("_arrangement", cy.scratch("_arrangement") + 1);
          event.target.connectedEdges("[type = 'discord']").updateStyle();
          event.target.closedNeighborhood("node[kind != 'issue']").updateStyle();
        });
        cy.on("dragfree", "node", function () { cy.nodes("[kind != 'issue']").updateStyle(); });
        if (arrange) {
          container.classList.add("editable");
          cy.on("dragfree", "node", function () { savePositions(cy, data.positions_url, status); });
          if (window.MultitrackInplace) {
            window.MultitrackInplace.attach(container, cy, function () { return reload(container, cy); });
          }
        }
        container.setAttribute("data-ready", "true");
      })
      .catch(function (error) {
        if (window.console) { window.console.error(error); }
        container.classList.add("failed");
        container.textContent = "The map could not be drawn.";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll("[data-conflictmap]");
    for (var i = 0; i < maps.length; i++) { draw(maps[i]); }
  });
})();
