(function () {
  "use strict";
  var root = document.documentElement;

  function fail(message) {
    root.setAttribute("data-charts", "failed");
    document.querySelectorAll(".chart-canvas").forEach(function (el) {
      el.textContent = message;
      el.classList.add("chart-failed");
    });
  }

  function bytesOf(b64) {
    if (typeof Uint8Array.fromBase64 === "function") {
      return Uint8Array.fromBase64(b64);
    }
    var text = atob(b64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      out[i] = text.charCodeAt(i);
    }
    return out;
  }

  async function unpackPlotly() {
    var packed = document.getElementById("plotlyjs-gz").textContent.trim();
    var stream = new Blob([bytesOf(packed)]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    var script = document.createElement("script");
    script.textContent = await new Response(stream).text();
    document.head.appendChild(script);
  }

  async function draw() {
    if (typeof DecompressionStream !== "function") {
      fail("This browser cannot draw the interactive charts; the tables beside them hold the same figures.");
      return;
    }
    await unpackPlotly();
    var figures = JSON.parse(document.getElementById("crm-figures").textContent);
    for (var id in figures) {
      var el = document.getElementById(id);
      if (el) {
        el.textContent = "";
        await window.Plotly.newPlot(el, figures[id].data, figures[id].layout, figures[id].config);
      }
    }
    root.setAttribute("data-charts", "ready");
  }

  draw().catch(function () {
    fail("The charts could not be drawn; the tables beside them hold the same figures.");
  });
})();
