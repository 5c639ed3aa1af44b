/* Multitrack network map: draws the JSON served at data-url with the vendored Cytoscape.js.
   No inline script (the Content-Security-Policy forbids it): the page only carries data attributes. */
(function () {
  "use strict";
  var TRACK_COLOURS = { "1": "#3b3b98", "1.5": "#6a4c93", "2": "#1f7a5a", "3": "#9a5416" };
  // The conflict-mapping legend (Fisher et al. 2000), as far as lines can show it.
  var EDGE_STYLES = [
    { selector: "edge", style: { "width": 2, "line-color": "#8a94a3", "curve-style": "bezier" } },
    { selector: "edge[type = 'close']", style: { "line-style": "solid" } },
    // a double line: a white line outlined on either side (Cytoscape has no "double" line style)
    { selector: "edge[type = 'alliance']", style: { "width": 3, "line-color": "#ffffff", "line-outline-width": 1.5, "line-outline-color": "#8a94a3" } },
    { selector: "edge[type = 'informal']", style: { "line-style": "dotted" } },
    { selector: "edge[type = 'influence']", style: { "target-arrow-shape": "triangle", "target-arrow-color": "#8a94a3" } },
    { selector: "edge[type = 'discord']", style: { "line-color": "#a31515", "line-style": "dashed" } },
    { selector: "edge[type = 'broken']", style: { "line-color": "#a31515", "line-style": "dashed", "mid-target-arrow-shape": "tee", "mid-target-arrow-color": "#a31515" } },
    { selector: "edge[type = 'co_participation']", style: { "line-color": "#c3cad3", "width": "mapData(weight, 1, 10, 1, 6)" } }
  ];

  function draw(container) {
    var url = container.getAttribute("data-url");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var elements = data.nodes.map(function (n) { return { data: n, position: n.position || undefined }; })
          .concat(data.edges.map(function (e) { return { data: e }; }));
        var cy = cytoscape({
          container: container,
          elements: elements,
          layout: data.layout === "preset" ? { name: "preset" } : { name: "cose", animate: false, randomize: false },
          style: [
            { selector: "node", style: {
                "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
                "background-color": function (n) { return TRACK_COLOURS[n.data("track")] || "#9aa3ad"; },
                "width": "mapData(size, 0, 1, 14, 40)", "height": "mapData(size, 0, 1, 14, 40)" } },
            { selector: "node[kind != 'person']", style: { "shape": "round-rectangle" } },
            { selector: "node[?guide]", style: { "background-opacity": 0, "width": 1, "height": 1, "label": "data(label)", "font-size": 14, "font-weight": "bold", "color": "#5b6675", "events": "no" } }
          ].concat(EDGE_STYLES)
        });
        cy.on("tap", "node", function (event) {
          var target = event.target.data("url");
          if (target) { window.location.href = target; }
        });
        var status = document.getElementById(container.getAttribute("data-status"));
        if (status) {
          status.textContent = data.nodes.filter(function (n) { return !n.guide; }).length + " actors, " + data.edges.length + " ties shown.";
        }
      })
      .catch(function () {
        container.textContent = "The network could not be loaded.";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll("[data-network]");
    for (var i = 0; i < maps.length; i++) { draw(maps[i]); }
  });
})();
