/* annals explorer: the timeline chart (loaded before app.js, which calls window.annalsTimeline.chart).
 *
 * Bars are labelled with the event's description ("Hannibal crossed the Alps"), coloured by event type
 * or by document (a toggle, with a legend); a period ("from 18 March to 28 May 1871") is drawn from its
 * start to its end; undated events, placed by the narrative, are in a lane folded by default ("42
 * undated events", click to open).  Hovering or focusing a bar shows its sentence.
 *
 * Document text is untrusted: every node is made by the h()/svg() helpers app.js passes in, which only
 * ever set textContent; nothing here is parsed as HTML.
 */
"use strict";

(() => {
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#393b79", "#ad494a"];
  const OTHER = "#a0a0a0";
  const LANE = 22;
  const MAX_LANES = 30;
  const LABEL_CHARS = 48;  // a longer description is cut, with an ellipsis (hover shows the sentence)
  const CHAR_WIDTH = 6.2;

  const labelOf = (row) => {
    const text = row.description || row.trigger || row.type || "event";
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1).trimEnd() + "…" : text;
  };

  // The colour of each value of a key ("type" or "document"), most frequent first; past the palette, grey.
  function colours(rows, key, name) {
    const counts = new Map();
    for (const r of rows) {
      const k = r[key] || "";
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
    const out = new Map();
    order.forEach(([k, n], i) => out.set(k, { colour: i < PALETTE.length ? PALETTE[i] : OTHER, n, label: name(k) }));
    return out;
  }

  function chart(rows, lib) {
    window.annalsTimeline.lib = lib;  // the page's helpers, for a chart drawn from elsewhere (the browser test)
    const { h, svg, activate, readerHash, dateLabel, inferred, yearOf, yearLabel, MONTHS, CUMULATIVE, onCleanup } = lib;
    const titles = new Map(rows.map((r) => [r.document, r.document_title || r.path || r.document]));
    const keys = {
      type: colours(rows, "type", (k) => (k || "event").replace(/_/g, " ").toLowerCase()),
      document: colours(rows, "document", (k) => titles.get(k) || k),
    };
    let colourBy = "type";
    let undatedOpen = false;
    const items = [];
    for (const r of rows) {
      if (r.placement === "dated" && r.earliest && r.latest) {
        items.push({ row: r, t0: yearOf(r.earliest), t1: yearOf(r.latest) + 1 / 365, lane: "dated",
          period: Boolean(r.until), label: labelOf(r) });
      }
    }
    const spanOf = new Map(items.map((it) => [it.row.id, it]));
    let undated = 0;
    for (const r of rows) {
      if (r.placement !== "narrative") continue;
      undated++;
      const near = (r.between || []).map((k) => spanOf.get(k)).filter(Boolean);
      if (!near.length) continue;
      const t = near.reduce((s, it) => s + (it.t0 + it.t1) / 2, 0) / near.length;
      items.push({ row: r, t0: t, t1: t, lane: "narrative", period: false, label: labelOf(r) });
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const it of items) { lo = Math.min(lo, it.t0); hi = Math.max(hi, it.t1); }
    if (!items.length) { lo = 0; hi = 1; }
    const pad = Math.max((hi - lo) * 0.03, 0.5);
    const full = [lo - pad, hi + pad];
    let domain = [...full];

    const svgEl = svg("svg", { class: "timeline", role: "group", "aria-label": "Timeline chart; wheel or buttons zoom" });
    const tip = h("div", { class: "tl-tip", role: "tooltip", id: "tl-tip", hidden: true });
    const zoom = (factor, at) => {
      const [a, b] = domain;
      const m = at === undefined ? (a + b) / 2 : at;
      const span = Math.max((b - a) * factor, 10 / 365);
      const left = (m - a) / (b - a);
      domain = [m - span * left, m + span * (1 - left)];
      render();
    };
    const pan = (share) => {
      const d = (domain[1] - domain[0]) * share;
      domain = [domain[0] + d, domain[1] + d];
      render();
    };
    svgEl.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = svgEl.getBoundingClientRect();
      const at = domain[0] + ((e.clientX - box.left) / box.width) * (domain[1] - domain[0]);
      zoom(e.deltaY < 0 ? 0.8 : 1.25, at);
    }, { passive: false });
    let drag = null;
    svgEl.addEventListener("pointerdown", (e) => {
      if (e.target.closest && (e.target.closest(".ev") || e.target.closest(".undated-toggle"))) return;
      drag = { x: e.clientX, domain: [...domain] };
    });
    svgEl.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const box = svgEl.getBoundingClientRect();
      const d = ((drag.x - e.clientX) / box.width) * (drag.domain[1] - drag.domain[0]);
      domain = [drag.domain[0] + d, drag.domain[1] + d];
      render();
    });
    const stop = () => { drag = null; };
    svgEl.addEventListener("pointerup", stop);
    svgEl.addEventListener("pointerleave", stop);

    const status = h("span", { class: "zoom-status", role: "status" });
    const button = (label, title, fn) => h("button", { type: "button", title, "aria-label": title, onclick: fn }, label);
    const choice = (value, text) => h("label", {}, h("input", { type: "radio", name: "colour-by", value,
      checked: value === colourBy, onchange: () => { colourBy = value; render(); } }), " " + text);
    const controls = h("div", { class: "zoom", role: "toolbar", "aria-label": "Zoom the timeline" },
      button("−", "Zoom out", () => zoom(1.5)), button("+", "Zoom in", () => zoom(1 / 1.5)),
      button("◀", "Earlier", () => pan(-0.25)), button("▶", "Later", () => pan(0.25)),
      button("Reset", "Show every event", () => { domain = [...full]; render(); }),
      h("span", { class: "colour-by", role: "radiogroup", "aria-label": "Colour the bars by" }, "Colour by ",
        choice("type", "event type"), choice("document", "document")), status);
    const legend = h("ul", { class: "tl-legend", "aria-label": "Legend" });
    const node = h("div", { class: "chart" }, controls, legend, svgEl, tip);

    function showTip(g, row) {
      tip.replaceChildren(h("strong", {}, row.description || row.trigger || ""), " · ", dateLabel(row),
        h("span", { class: "tl-tip-sentence" }, row.sentence || ""));
      tip.hidden = false;
      const box = g.getBoundingClientRect();
      const outer = node.getBoundingClientRect();
      const left = Math.min(Math.max(box.left - outer.left, 0), Math.max(outer.width - 420, 0));
      tip.style.left = left + "px";
      tip.style.top = (box.bottom - outer.top + 4) + "px";
    }
    const hideTip = () => { tip.hidden = true; };

    function ticks(a, b, width) {
      const out = [];
      const span = b - a;
      if (span < 4) {  // months
        const every = [1, 2, 3, 6].find((n) => (span * 12) / n <= width / 70) || 12;
        for (let y = Math.floor(a); y <= Math.ceil(b); y++) {
          for (let m = 0; m < 12; m += every) {
            const t = y + CUMULATIVE[m] / 365;
            if (t >= a && t <= b) out.push([t, m === 0 ? yearLabel(y) : MONTHS[m] + " " + y]);
          }
        }
        return out;
      }
      const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000].find((s) => span / s <= width / 70) || 5000;
      for (let y = Math.ceil(a / step) * step; y <= b; y += step) out.push([y, yearLabel(y)]);
      return out;
    }

    function drawLegend() {
      const entries = [...keys[colourBy].entries()];
      const shown = entries.slice(0, PALETTE.length);
      const rest = entries.slice(PALETTE.length).reduce((s, [, v]) => s + v.n, 0);
      legend.replaceChildren(...shown.map(([k, v]) => h("li", { "data-key": k },
        h("span", { class: "swatch", "data-colour": v.colour }), `${v.label} (${v.n})`)),
      rest ? h("li", {}, h("span", { class: "swatch", "data-colour": OTHER }), `other (${rest})`) : null,
      h("li", { class: "tl-basis" }, h("span", { class: "swatch hatched" }), "date inferred"),
      h("li", { class: "tl-basis" }, h("span", { class: "swatch span" }), "a period, start to end"));
      for (const s of legend.querySelectorAll(".swatch[data-colour]")) s.style.background = s.dataset.colour;
    }

    function draw() {
      const width = Math.max(node.clientWidth || 900, 480);
      const [a, b] = domain;
      const x = (t) => ((t - a) / (b - a)) * width;
      const lanes = { dated: [], narrative: [] };
      const placed = [];
      let hidden = 0;
      for (const it of items) {
        if (it.lane === "narrative" && !undatedOpen) continue;
        const x0 = x(it.t0);
        const x1 = it.lane === "dated" ? Math.max(x(it.t1), x0 + 6) : x0 + 8;
        if (x1 < -200 || x0 > width) continue;
        const labelWidth = 6 + it.label.length * CHAR_WIDTH;
        const flip = x1 + labelWidth > width && x0 - labelWidth > 0;  // no room on the right: label on the left
        const [from, end] = flip ? [x0 - labelWidth, x1] : [x0, x1 + labelWidth];
        // A lane with room for the bar and its label, else a new lane, else room for the bar alone;
        // past that the event is not drawn at this zoom (the list below has it).
        const ends = lanes[it.lane];
        let lane = ends.findIndex((e) => e <= from - 4);
        let labelled = true;
        if (lane < 0 && ends.length < MAX_LANES) { lane = ends.length; ends.push(end); }
        if (lane < 0) { lane = ends.findIndex((e) => e <= x0 - 1); labelled = false; }
        if (lane < 0) { hidden++; continue; }
        ends[lane] = Math.max(ends[lane], labelled ? end : x1);
        placed.push({ it, x0, x1, labelled, lane, flip });
      }
      const top = 34;
      const datedHeight = Math.max(lanes.dated.length, 1) * LANE;
      const narrTop = top + datedHeight + 34;
      const height = undatedOpen ? narrTop + Math.max(lanes.narrative.length, 1) * LANE + 12 : narrTop + 4;
      svgEl.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svgEl.setAttribute("width", width);
      svgEl.setAttribute("height", height);
      const children = [
        svg("defs", {}, svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse",
          patternTransform: "rotate(45)" }, svg("rect", { width: 6, height: 6, class: "hatch-bg" }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }))),
      ];
      for (const [t, label] of ticks(a, b, width)) {
        const tx = x(t);
        children.push(svg("line", { x1: tx, x2: tx, y1: 20, y2: height, class: "tick" }),
          svg("text", { x: tx + 3, y: 14, class: "tick-label" }, label));
      }
      status.textContent = hidden ? `${hidden} events not drawn at this scale: zoom in, or see the list below.` : "";
      const toggleText = `${undatedOpen ? "▾" : "▸"} ${undated} undated event${undated === 1 ? "" : "s"}` +
        (undatedOpen ? ", placed by the narrative" : " (click to show)");
      const toggle = svg("text", { x: 4, y: narrTop - 12, class: "lane-label undated-toggle",
        "aria-expanded": String(undatedOpen), "data-count": undated }, toggleText);
      activate(toggle, () => { undatedOpen = !undatedOpen; render(); });
      toggle.setAttribute("role", "button");
      children.push(toggle, svg("line", { x1: 0, x2: width, y1: narrTop - 4, y2: narrTop - 4, class: "lane-rule" }));
      const palette = keys[colourBy];
      for (const { it, x0, x1, labelled, lane, flip } of placed) {
        const r = it.row;
        const y = (it.lane === "dated" ? top : narrTop) + lane * LANE;
        const kind = it.lane === "narrative" ? "narrative" : inferred(r) ? "inferred" : "stated";
        const colour = (palette.get(r[colourBy] || "") || { colour: OTHER }).colour;
        const g = svg("g", {
          class: "ev " + kind + (it.period ? " period" : ""), "data-id": r.id, "data-earliest": r.earliest || "",
          "data-x": x0.toFixed(1), "data-x1": x1.toFixed(1), "aria-describedby": "tl-tip",
          "aria-label": `${dateLabel(r)}${r.until ? " to " + r.until : ""}: ${r.description || r.trigger || ""}. ` +
            "Open the source sentence.",
        }, svg("title", {}, `${dateLabel(r)}${r.until ? " – " + r.until : ""} · ${r.type || "event"} · ${kind}\n` +
          (r.sentence || "")));
        const bar = it.lane === "dated"
          ? svg("rect", { x: x0, y, width: x1 - x0, height: 14, rx: it.period ? 1 : 3, class: "bar" })
          : svg("path", { d: `M${x0} ${y + 7} l6 -6 l6 6 l-6 6 z`, class: "bar" });
        bar.style.stroke = colour;
        if (kind !== "inferred") bar.style.fill = colour;
        g.append(bar);
        if (it.period) {  // the ends of a period, marked
          g.append(svg("line", { x1: x0, x2: x0, y1: y - 2, y2: y + 16, class: "period-end" }),
            svg("line", { x1: x1, x2: x1, y1: y - 2, y2: y + 16, class: "period-end" }));
        }
        if (labelled) {
          g.append(svg("text", { x: flip ? x0 - 5 : x1 + 5, y: y + 11, class: "ev-label",
            "text-anchor": flip ? "end" : "start" }, it.label));
        }
        activate(g, () => { location.hash = readerHash(r.document, r.start, r.end); });
        g.addEventListener("mouseenter", () => showTip(g, r));
        g.addEventListener("focus", () => showTip(g, r));
        g.addEventListener("mouseleave", hideTip);
        g.addEventListener("blur", hideTip);
        children.push(g);
      }
      svgEl.replaceChildren(...children);
      drawLegend();
    }

    // One redraw, timed with the layout it forces (the browser test reads data-render-ms).
    function render() {
      const t = performance.now();
      draw();
      svgEl.getBoundingClientRect();
      node.dataset.renderMs = (performance.now() - t).toFixed(1);
    }

    let timer = null;
    const onResize = () => { clearTimeout(timer); timer = setTimeout(render, 150); };
    window.addEventListener("resize", onResize);
    if (onCleanup) onCleanup(() => window.removeEventListener("resize", onResize));
    return { node, render, zoom, undatedCount: undated };
  }

  window.annalsTimeline = { chart, labelOf, lib: null };
})();
