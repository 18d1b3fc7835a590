// Draws the pair page's chart from the data the page carries (#chart-data) with Observable
// Plot: per claimed period a range (min..max of the claims) and a median cross, per source a
// dot, official figures as lines, contradicted periods ringed in red.
(function () {
  "use strict";
  var holder = document.getElementById("chart");
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!holder || typeof Plot === "undefined" || !data.periods.length) return;
  var day = function (s) { return new Date(s + "T00:00:00Z"); };
  var periods = data.periods.map(function (p) { return Object.assign({}, p, {x: day(p.x)}); });
  var points = data.points.map(function (p) { return Object.assign({}, p, {x: day(p.x)}); });
  var official = data.official.map(function (p) { return Object.assign({}, p, {x: day(p.x)}); });
  var bn = function (v) { return (v / 1e9).toFixed(2) + " bn"; };
  var marks = [
    Plot.ruleX(periods, {x: "x", y1: "min", y2: "max", stroke: "#555", strokeWidth: 3,
      className: "claimed-range", ariaDescription: "claimed range", title: function (p) {
        return p.label + ": " + bn(p.min) + " to " + bn(p.max) + " (" + p.claims + " claims)";
      }}),
    Plot.dot(periods, {x: "x", y: "median", symbol: "times", r: 6, stroke: "#111",
      className: "claimed-median", ariaDescription: "claimed median"}),
    Plot.dot(points, {x: "x", y: "value", fill: "source", r: 4, className: "source", ariaDescription: "source",
      title: function (p) { return p.source + ": " + bn(p.value); }}),
    Plot.dot(periods.filter(function (p) { return p.contradicted; }),
      {x: "x", y: "median", r: 11, stroke: "#c00", strokeWidth: 2, className: "contradiction", ariaDescription: "contradiction"})
  ];
  if (official.length) {
    marks.push(Plot.line(official, {x: "x", y: "value", z: "series", stroke: "#1f77b4",
      strokeDasharray: "4 3", className: "official", ariaDescription: "official"}));
    marks.push(Plot.dot(official, {x: "x", y: "value", symbol: "square", stroke: "#1f77b4",
      className: "official-figure", ariaDescription: "official figure", title: "series"}));
  }
  var chart = Plot.plot({
    width: Math.min(1100, holder.clientWidth || 1100),
    height: 380,
    marginLeft: 70,
    x: {type: "utc", label: "reference period"},
    y: {label: "US dollars", grid: true, nice: true, tickFormat: function (v) { return bn(v); }},
    color: {legend: true},
    marks: marks
  });
  holder.replaceChildren(chart);
  holder.setAttribute("data-drawn", "true");
})();
