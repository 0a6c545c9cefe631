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

  // Base85 with the alphabet of assessment/report/plotlyjs.py: 5 characters -> 4 bytes.
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%.()*+-;,=:?@^_/{|}~";

  function bytesOf(text, size) {
    var digit = new Uint8Array(128);
    for (var i = 0; i < ALPHABET.length; i++) {
      digit[ALPHABET.charCodeAt(i)] = i;
    }
    var out = new Uint8Array(text.length / 5 * 4);
    for (var src = 0, dst = 0; src < text.length; src += 5, dst += 4) {
      var v = 0;
      for (var k = 0; k < 5; k++) {
        v = v * 85 + digit[text.charCodeAt(src + k)];
      }
      out[dst] = v >>> 24;
      out[dst + 1] = (v >>> 16) & 255;
      out[dst + 2] = (v >>> 8) & 255;
      out[dst + 3] = v & 255;
    }
    return out.subarray(0, size);
  }

  async function unpackPlotly() {
    var packed = document.getElementById("plotlyjs-gz");
    var size = Number(packed.getAttribute("data-bytes"));
    var stream = new Blob([bytesOf(packed.textContent.trim(), size)]).stream()
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
