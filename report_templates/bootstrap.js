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

  // Phones: no floating mode bar, the heatmap's question labels cut short (the table under it
  // holds the full texts), room for the radar's labels and the role bars' legend on top. Each chart follows its box's width (config.responsive).
  var NARROW = 760;
  var LABEL = 24;

  function isNarrow() {
    return window.innerWidth <= NARROW;
  }

  function fitted(figure, narrow) {
    var config = Object.assign({}, figure.config, { displayModeBar: !narrow && "hover" });
    var layout = Object.assign({}, figure.layout);
    var trace = figure.data[0] || {};
    if (narrow && trace.type === "heatmap") {
      layout.yaxis = Object.assign({}, layout.yaxis, {
        tickmode: "array",
        tickvals: trace.y,
        ticktext: trace.y.map(function (label) {
          return label.length <= LABEL ? label : label.slice(0, LABEL - 1).trim() + "\u2026";
        })
      });
      layout.margin = Object.assign({}, layout.margin, { l: 4, r: 4 });
      figure.data[0] = Object.assign({}, trace, {
        colorbar: Object.assign({}, trace.colorbar, { thickness: 8, xpad: 4 })
      });
    }
    if (narrow && trace.type === "scatterpolar") {
      // Two-word dimension names on two lines, so the labels beside the circle fit.
      var names = trace.theta.filter(function (name, i) { return trace.theta.indexOf(name) === i; });
      layout.polar = Object.assign({}, layout.polar, {
        angularaxis: Object.assign({}, layout.polar.angularaxis, {
          tickmode: "array",
          tickvals: names,
          ticktext: names.map(function (name) { return name.replace(" ", "<br>"); }),
          tickfont: { size: 11 }
        })
      });
      layout.margin = Object.assign({}, layout.margin, { l: 70, r: 70 });
      // A narrow radar is small: a shorter box, so it does not float in empty space.
      var room = Math.round(window.innerWidth * 0.8) + (layout.showlegend ? 90 : 0);
      layout.height = Math.min(layout.height, room);
    }
    if (narrow && trace.type === "bar" && layout.barmode === "group") {
      // The legend above the bars, clear of the slanted dimension names below.
      layout.legend = Object.assign({}, layout.legend, { y: 1.02, yanchor: "bottom", x: 0, xanchor: "left" });
      layout.xaxis = Object.assign({}, layout.xaxis, { tickangle: -45, automargin: true });
      layout.margin = Object.assign({}, layout.margin, { l: 48, r: 8 });
    }
    return { data: figure.data, layout: layout, config: config };
  }

  async function plot(figures, narrow, first) {
    for (var id in figures) {
      var el = document.getElementById(id);
      if (el) {
        var fig = fitted(JSON.parse(JSON.stringify(figures[id])), narrow);
        if (first) {
          el.textContent = "";
          await window.Plotly.newPlot(el, fig.data, fig.layout, fig.config);
        } else {
          await window.Plotly.react(el, fig.data, fig.layout, fig.config);
        }
      }
    }
  }

  async function draw() {
    if (typeof DecompressionStream !== "function") {
      fail("This browser cannot draw the interactive charts; the tables beside them hold the same figures.");
      return;
    }
    await unpackPlotly();
    var figures = JSON.parse(document.getElementById("crm-figures").textContent);
    var narrow = isNarrow();
    await plot(figures, narrow, true);
    root.setAttribute("data-charts", "ready");
    window.addEventListener("resize", function () {
      if (isNarrow() !== narrow) {
        narrow = isNarrow();
        plot(figures, narrow, false);
      }
    });
  }

  draw().catch(function () {
    fail("The charts could not be drawn; the tables beside them hold the same figures.");
  });
})();
