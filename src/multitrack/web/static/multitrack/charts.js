/* Multitrack charts: draws each Vega-Lite spec named by data-vega-spec (the id of a json_script block)
   with the vendored Vega, Vega-Lite and vega-embed. Under the Content-Security-Policy (no 'unsafe-eval',
   no inline styles) Vega must not compile expressions with Function(): with `ast: true` vega-embed parses
   them to syntax trees and evaluates them with the CSP-safe interpreter of the vega-interpreter package,
   which vega-embed 7 bundles (and uses unless `expr` names another; vega.min.js 6 does not export one as
   vega.expressionInterpreter). Neither vega-embed nor its tooltip injects a <style>: their rules are in
   app.css. */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-vega-spec"));
    if (!source || typeof vegaEmbed !== "function") { return; }
    var spec = JSON.parse(source.textContent);
    vegaEmbed(container, spec, {
      mode: "vega-lite",
      renderer: "svg",
      ast: true,                        // interpret expressions: no Function(), no 'unsafe-eval'
      defaultStyle: false,              // no injected <style>: the menu's rules are in app.css
      forceActionsMenu: true,
      actions: { export: { svg: true, png: true }, source: false, compiled: false, editor: false },
      tooltip: { disableDefaultStyle: true },
      downloadFileName: container.getAttribute("data-download-name") || "chart"
    }).then(function () {
      // vega-embed's menu (download as SVG or PNG) is a <details> whose <summary> holds only an icon.
      var summary = container.querySelector("details > summary");
      if (summary) { summary.setAttribute("aria-label", "Download the chart"); }
    }).catch(function () {
      container.textContent = "The chart could not be drawn; the table below gives the same figures.";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("[data-vega-spec]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  });
})();
