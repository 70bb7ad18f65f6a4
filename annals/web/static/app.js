/* annals explorer: plain JavaScript, no framework, no network but this server.
 *
 * Document text, names and sentences are untrusted: every node is built with createElement and
 * textContent (the h() and svg() helpers below); nothing is ever parsed as HTML.
 *
 * Views are picked by the hash: #/timeline, #/graph, #/entity/12, #/doc/ID?s=start-end, #/ask?q=,
 * #/search?q=, #/entities, #/documents.
 */
"use strict";

(() => {
  const SVGNS = "http://www.w3.org/2000/svg";
  const ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"];
  const MAX_NODES = 150;  // a force layout of more is slow and unreadable
  const view = document.getElementById("view");

  // -- DOM helpers: text only ------------------------------------------------------------------

  function build(el, attrs, children) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else if (!key.startsWith("on")) {
        el.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => build(document.createElementNS(SVGNS, tag), attrs, children);

  function hashOf(route, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== "") q.set(k, v);
    }
    const s = q.toString();
    return "#/" + route + (s ? "?" + s : "");
  }
  const link = (text, hash, attrs) => h("a", { href: hash, ...(attrs || {}) }, text);
  const readerHash = (doc, start, end) => hashOf("doc/" + encodeURIComponent(doc),
    start === null || start === undefined ? {} : { s: start + "-" + end });
  const entityHash = (id) => "#/entity/" + id;

  function activate(el, go) {  // a focusable, clickable SVG or list element that Enter and Space activate
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "link");
    el.addEventListener("click", go);
    el.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
    });
    return el;
  }

  // -- the API ---------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(message, status, hint) { super(message); this.status = status; this.hint = hint; }
  }

  async function api(path, params) {
    const url = new URL("api/" + path, document.baseURI);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
    }
    const response = await fetch(url, { headers: { accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const err = (body && body.error) || {};
      throw new ApiError(err.message || response.statusText, response.status, err.hint);
    }
    return body;
  }

  // -- dates -----------------------------------------------------------------------------------

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

  function yearOf(iso) {  // an ISO date ("1825-12-26", "-0044-03-15") as a fractional year
    const m = /^(-?\d+)-(\d\d)-(\d\d)/.exec(iso || "");
    if (!m) return null;
    return Number(m[1]) + (CUMULATIVE[Number(m[2]) - 1] + Number(m[3]) - 1) / 365;
  }
  const yearLabel = (y) => (y < 0 ? -y + " BCE" : String(y));

  function dateLabel(row) {
    if (row.value) return row.value + (row.mod ? " (" + row.mod.toLowerCase().replace(/_/g, " ") + ")" : "");
    if (row.placement === "narrative") return "undated";
    return "unplaced";
  }
  const inferred = (row) => row.basis && row.basis !== "explicit";

  function basisBadge(row) {
    if (row.placement !== "dated") {
      return h("span", { class: "badge narrative", title: "no date of its own: placed by the narrative" }, "narrative");
    }
    if (inferred(row)) {
      return h("span", { class: "badge inferred", title: "date inferred (" + row.basis + ")" }, "inferred: " + row.basis);
    }
    return h("span", { class: "badge stated", title: "the text states this date" }, "stated");
  }

  // -- routing ---------------------------------------------------------------------------------

  let generation = 0;
  let cleanups = [];

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "") || "timeline";
    const cut = raw.indexOf("?");
    const path = cut < 0 ? raw : raw.slice(0, cut);
    const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
    const parts = path.split("/").filter(Boolean).map(decodePart);
    return { parts, params };
  }

  // A malformed escape ("#/doc/%") is taken as written, not thrown: the page then says "no such
  // document" instead of staying on "Loading...".
  function decodePart(p) {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  }

  async function route() {
    const token = ++generation;
    cleanups.forEach((f) => f());
    cleanups = [];
    const { parts, params } = parseHash();
    const name = parts[0] || "timeline";
    for (const a of document.querySelectorAll("nav a")) {
      if (a.dataset.view === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    const render = VIEWS[name] || notFound;
    view.setAttribute("aria-busy", "true");
    let result;
    try {
      result = await render(parts.slice(1), params);
    } catch (err) {
      result = errorBox(err);
    }
    if (token !== generation) return;  // the user went elsewhere meanwhile
    const [node, after] = Array.isArray(result) ? result : [result, null];
    view.replaceChildren(node);
    view.removeAttribute("aria-busy");
    document.title = (node.dataset && node.dataset.title ? node.dataset.title + " · " : "") + "annals explorer";
    if (after) after(); else view.focus({ preventScroll: true });
  }

  function errorBox(err) {
    return h("div", { class: "error", role: "alert" },
      h("strong", {}, err.status === 404 ? "Not found. " : "Something went wrong. "),
      err.message || String(err), err.hint ? " (" + err.hint + ")" : "");
  }

  function notFound() {
    return errorBox({ message: "there is no such page here", hint: "use the links above" });
  }

  function section(title, ...children) {
    return h("section", {}, h("h2", {}, title), ...children);
  }

  function table(headers, rows) {
    return h("table", {},
      h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
  }

  // -- the timeline ----------------------------------------------------------------------------

  async function timelineView(_, params) {
    const filters = { from: params.get("from"), to: params.get("to"), entity: params.get("entity"),
      type: params.get("type") };
    const data = await api("timeline", { ...filters, limit: 2000 });
    const rows = data.items;
    const form = filterForm("timeline", [
      ["from", "From", filters.from, "e.g. 1918"], ["to", "To", filters.to, "e.g. 1922-10"],
      ["entity", "Entity", filters.entity, "a name"], ["type", "Event type", filters.type, "e.g. BATTLE"],
    ]);
    const chart = timelineChart(rows);
    const list = h("ol", { class: "events", "aria-label": "Events in time order" }, rows.map((r) => h("li", {},
      link([h("span", { class: "date" }, dateLabel(r)), " ", basisBadge(r), " ",
        h("span", { class: "etype" }, r.type || "event"), " ", h("strong", {}, r.description || r.trigger || ""),
        r.until ? " (until " + r.until + ")" : ""],
      readerHash(r.document, r.start, r.end), { class: "event-link", "data-id": r.id }),
      r.conflict && r.conflict.length ? h("span", { class: "badge conflict" }, "conflicting date") : null,
      h("div", { class: "sentence" }, r.sentence || ""))));
    const more = data.total > rows.length
      ? h("p", { class: "note" }, `Showing the first ${rows.length} of ${data.total} events: narrow the period.`) : null;
    const node = h("div", { class: "timeline-view", "data-title": "Timeline" },
      h("h1", {}, "Timeline"), form,
      h("p", { class: "legend" }, "A bar spans the earliest to the latest day a date can mean, a period from its ",
        "start to its end; a hatched bar's date is inferred (anchored or narrative). Undated events are placed ",
        "by the narrative."),
      rows.length ? chart.node : h("p", { class: "note" }, "No events match."), more,
      section("Events", list));
    return [node, () => { chart.render(); view.focus({ preventScroll: true }); }];
  }

  function filterForm(route, fields, extra) {
    const inputs = fields.map(([name, label, value, placeholder]) => h("label", {}, label + " ",
      h("input", { name, value: value || "", placeholder, size: 12, maxlength: 200 })));
    return h("form", {
      class: "filters",
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(new FormData(e.target).entries());
        location.hash = hashOf(route, { ...values, ...(extra ? extra() : {}) });
      },
    }, inputs, h("button", { type: "submit" }, "Apply"));
  }

  function timelineChart(rows) {  // static/timeline.js draws it
    return window.annalsTimeline.chart(rows, { h, svg, activate, readerHash, dateLabel, inferred, yearOf, yearLabel,
      MONTHS, CUMULATIVE, onCleanup: (f) => cleanups.push(f) });
  }

  // -- the graph -------------------------------------------------------------------------------

  async function graphView(_, params) {
    let id = params.get("id");
    const entity = params.get("entity");
    if (!id && !entity) {
      const top = await api("entities", { limit: 1 });
      if (!top.items.length) return h("p", { class: "note" }, "The store has no entities yet.");
      id = String(top.items[0].id);
    }
    const depth = params.get("depth") || "2";
    const period = { from: params.get("from"), to: params.get("to") };
    const data = await api("graph", { id, entity: id ? null : entity, depth, ...period });
    const rootName = (data.nodes.find((n) => n.id === data.root[0]) || {}).name || entity || "";
    const hidden = new Set((params.get("hide") || "").split(",").filter(Boolean));

    const depthSelect = h("select", { name: "depth" }, [1, 2, 3].map((d) => h("option",
      { value: d, selected: String(d) === depth }, d === 1 ? "1 relation" : d + " relations")));
    const form = h("form", {
      class: "filters",
      onsubmit: (e) => {
        e.preventDefault();
        const v = Object.fromEntries(new FormData(e.target).entries());
        const named = v.entity && v.entity !== rootName;
        location.hash = hashOf("graph", { entity: named ? v.entity : null, id: named ? null : id,
          depth: v.depth, from: v.from, to: v.to, hide: [...hidden].join(",") });
      },
    }, h("label", {}, "Entity ", h("input", { name: "entity", value: rootName, size: 22, maxlength: 200 })),
    h("label", {}, "Depth ", depthSelect),
    h("label", {}, "From ", h("input", { name: "from", value: period.from || "", size: 8, placeholder: "1918" })),
    h("label", {}, "To ", h("input", { name: "to", value: period.to || "", size: 8, placeholder: "1922" })),
    h("button", { type: "submit" }, "Apply"));

    const canvas = h("div", { class: "graph-canvas" });
    const edgeList = h("div", {});
    const draw = () => {
      const shown = data.nodes.filter((n) => data.root.includes(n.id) || !hidden.has(n.type || "OTHER"))
        .slice(0, MAX_NODES);
      const ids = new Set(shown.map((n) => n.id));
      const edges = data.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      canvas.replaceChildren(graphChart(shown, edges, data.root));
      const name = new Map(data.nodes.map((n) => [n.id, n]));
      const end = (nodeId) => (typeof nodeId === "number" ? link(name.get(nodeId).name, entityHash(nodeId))
        : (name.get(nodeId) || { name: String(nodeId) }).name);
      edgeList.replaceChildren(edges.length ? table(["From", "Relation", "To", "Date", "Source"], edges.slice(0, 300).map((e) => [
        end(e.source), e.relation || "", end(e.target), e.value || "",
        link(e.sentence || "sentence", readerHash(e.document, e.start, e.end))]))
        : h("p", { class: "note" }, "No relations to show: try another entity, a wider period or more types."));
    };
    const types = [...ENTITY_TYPES, "OTHER"];
    const checks = h("fieldset", { class: "types" }, h("legend", {}, "Show types"), types.map((t) => h("label",
      { class: "type-check t-" + t }, h("input", { type: "checkbox", value: t, checked: !hidden.has(t),
        onchange: (e) => { if (e.target.checked) hidden.delete(t); else hidden.add(t); draw(); } }), " " + t)));
    const node = h("div", { class: "graph-view", "data-title": "Graph" },
      h("h1", {}, "Graph around ", data.root.length && typeof data.root[0] === "number"
        ? link(rootName, entityHash(data.root[0])) : rootName),
      form, checks,
      h("p", { class: "note" }, `${data.nodes.length} entities, ${data.edges.length} relations`,
        data.nodes.length > MAX_NODES ? ` (the ${MAX_NODES} nearest are drawn: a smaller depth or a period shows fewer)` : "",
        ". Click or press Enter on a node to open its page."),
      canvas, section("Relations", edgeList));
    return [node, () => { draw(); view.focus({ preventScroll: true }); }];
  }

  function layout(nodes, edges, roots) {
    // A small force layout: nodes repel, relations pull, everything drifts to the middle.  Starting
    // positions are fixed (rings by depth), so the same graph is always drawn the same way.
    const n = nodes.length;
    const index = new Map(nodes.map((nd, i) => [nd.id, i]));
    const pos = nodes.map((nd, i) => {
      const ring = roots.includes(nd.id) ? 0 : 80 + 120 * (nd.depth || 1);
      const angle = (2 * Math.PI * i) / Math.max(n, 1) + (nd.depth || 0);
      return { x: ring * Math.cos(angle), y: ring * Math.sin(angle) };
    });
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== b);
    const k = 110;
    for (let step = 0, temp = 40; step < 300; step++, temp *= 0.985) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x;
          let dy = pos[i].y - pos[j].y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
          const f = (k * k) / d2;
          disp[i].x += dx * f; disp[i].y += dy * f; disp[j].x -= dx * f; disp[j].y -= dy * f;
        }
      }
      for (const [a, b] of links) {
        const dx = pos[a].x - pos[b].x;
        const dy = pos[a].y - pos[b].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 0.1;
        const f = d / k;
        disp[a].x -= dx * f; disp[a].y -= dy * f; disp[b].x += dx * f; disp[b].y += dy * f;
      }
      for (let i = 0; i < n; i++) {
        disp[i].x -= pos[i].x * 0.05; disp[i].y -= pos[i].y * 0.05;
        const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
        const move = Math.min(d, temp);
        pos[i].x += (disp[i].x / d) * move; pos[i].y += (disp[i].y / d) * move;
      }
    }
    return pos;
  }

  function graphChart(nodes, edges, roots) {
    const pos = layout(nodes, edges, roots);
    const xs = pos.map((p) => p.x);
    const ys = pos.map((p) => p.y);
    // The box around the nodes, never smaller than the canvas, so a small graph is not blown up.
    const [x0, x1] = [Math.min(0, ...xs) - 90, Math.max(0, ...xs) + 160];
    const [y0, y1] = [Math.min(0, ...ys) - 40, Math.max(0, ...ys) + 40];
    const width = Math.max(x1 - x0, 760);
    const height = Math.max(y1 - y0, 430);
    const minX = (x0 + x1) / 2 - width / 2;
    const minY = (y0 + y1) / 2 - height / 2;
    const at = new Map(nodes.map((n, i) => [n.id, pos[i]]));
    const out = svg("svg", { class: "graph", viewBox: `${minX} ${minY} ${width} ${height}`, role: "group",
      "aria-label": "Entities and their relations" });
    for (const e of edges) {
      const a = at.get(e.source);
      const b = at.get(e.target);
      out.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge" },
        svg("title", {}, `${e.relation || "related"}: ${e.sentence || ""}`)));
      if (edges.length <= 40) {
        out.append(svg("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, class: "edge-label" }, e.relation || ""));
      }
    }
    nodes.forEach((n, i) => {
      const root = roots.includes(n.id);
      const g = svg("g", { class: `node t-${n.type || "OTHER"}${root ? " root" : ""}`, "data-id": n.id,
        transform: `translate(${pos[i].x.toFixed(1)} ${pos[i].y.toFixed(1)})` },
      svg("title", {}, `${n.name} (${n.type || "not linked to an entity"})`),
      svg("circle", { r: root ? 11 : 7 }),
      svg("text", { x: root ? 14 : 10, y: 4, class: "node-label" }, n.name));
      if (typeof n.id === "number") {
        g.setAttribute("aria-label", `${n.name}, ${n.type || ""}: open its page`);
        activate(g, () => { location.hash = entityHash(n.id); });
      }
      out.append(g);
    });
    return out;
  }

  // -- an entity -------------------------------------------------------------------------------

  async function entityView(parts) {
    const id = Number(parts[0]);
    if (!Number.isInteger(id) || id < 0) return notFound();
    const e = await api("entities/" + id, { limit: 200 });
    const side = (r, s) => (r[s + "_entity"] !== null && r[s + "_entity"] !== undefined && r[s + "_entity"] !== id
      ? link(r[s], entityHash(r[s + "_entity"])) : h("strong", {}, r[s] || ""));
    const mentions = e.mentions.map((m) => {
      const text = m.sentence_text || "";
      const a = m.start - (m.sentence_start ?? m.start);
      const b = a + (m.end - m.start);
      return h("li", {}, h("blockquote", {}, text.slice(0, a), h("mark", {}, text.slice(a, b)), text.slice(b)),
        link(`${m.document_title || m.document}, sentence ${m.sentence + 1}`,
          readerHash(m.document, m.sentence_start ?? m.start, m.sentence_end ?? m.end), { class: "cite" }));
    });
    const node = h("article", { class: "entity-view", "data-title": e.name },
      h("h1", {}, e.name, " ", h("span", { class: "badge t-" + e.type }, e.type)),
      h("p", { class: "meta" }, e.subtype ? e.subtype + " · " : "",
        `${e.n_mentions} mentions in ${e.n_documents} document${e.n_documents === 1 ? "" : "s"} · `,
        link("graph around", hashOf("graph", { id })), " · ",
        link("timeline", hashOf("timeline", { entity: e.name }))),
      h("dl", { class: "facts" },
        h("dt", {}, "Also called"), h("dd", {}, e.aliases.length > 1
          ? h("ul", { class: "chips" }, e.aliases.slice(1).map((a) => h("li", {}, a))) : "—"),
        e.titles.length ? [h("dt", {}, "Titles"), h("dd", {}, e.titles.join(", "))] : null,
        e.place ? [h("dt", {}, "Place"), h("dd", { class: "geo" }, `GeoNames ${e.place.geonames_id} (${e.place.kind}${e.place.country ? ", " + e.place.country : ""})`,
          e.place.lat !== null && e.place.lon !== null ? ` · ${e.place.lat.toFixed(4)}, ${e.place.lon.toFixed(4)}` : "", " · ", link("map", "#/map"))] : null,
        h("dt", {}, "Documents"), h("dd", {}, h("ul", { class: "plain" },
          e.documents.map((d) => h("li", {}, link(d.title || d.document, readerHash(d.document))))))),
      section(`Events (${e.events.length})`, e.events.length ? table(["Date", "Type", "What", "Source"],
        e.events.map((r) => [h("span", { class: "date" }, dateLabel(r), " ", basisBadge(r)), r.type || "",
          [h("strong", {}, r.description || r.trigger || ""), r.until ? " (until " + r.until + ")" : ""],
          link(r.sentence || "sentence", readerHash(r.document, r.start, r.end), { "data-event": r.id })]))
        : h("p", { class: "note" }, "No events name this entity.")),
      section(`Relations (${e.relations.length})`, e.relations.length ? table(["Subject", "Relation", "Object", "Date", "Source"],
        e.relations.map((r) => [side(r, "subject"), r.negated ? "not " + r.relation : r.relation, side(r, "object"),
          r.value || "", link(r.sentence || "sentence", readerHash(r.document, r.start, r.end))]))
        : h("p", { class: "note" }, "No relations name this entity.")),
      section(`Mentions in context (${e.n_mentions})`, h("ol", { class: "mentions" }, mentions),
        e.n_mentions > e.mentions.length ? h("p", { class: "note" }, `The first ${e.mentions.length} are shown.`) : null));
    return node;
  }

  // -- the reader ------------------------------------------------------------------------------

  async function readerView(parts, params) {
    const doc = await api("documents/" + encodeURIComponent(parts[0] || ""));
    const m = /^(\d+)-(\d+)$/.exec(params.get("s") || "");
    const cite = m ? [Number(m[1]), Number(m[2])] : null;
    const text = doc.text;
    const marks = [];
    for (const ent of doc.entities) {
      for (const mention of ent.mentions) {
        marks.push({ start: mention.start, end: mention.end, kind: "ent", ent });
      }
    }
    for (const t of doc.timexes) marks.push({ start: t.start, end: t.end, kind: "timex", t });
    for (const g of doc.gaps) marks.push({ start: g.start, end: g.end, kind: "gap", g });
    for (const s of doc.sections) {
      if (s.heading_start !== null && s.heading_end !== null) {
        marks.push({ start: s.heading_start, end: s.heading_end, kind: "heading" });
      }
    }
    const cuts = new Set([0, text.length]);
    for (const x of [...marks, ...doc.sentences]) { cuts.add(x.start); cuts.add(x.end); }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const body = h("div", { class: "doctext", lang: "" });
    let sentence = 0;
    let holder = body;
    let current = null;
    let firstCited = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const [p, q] = [points[i], points[i + 1]];
      while (sentence < doc.sentences.length && doc.sentences[sentence].end <= p) sentence++;
      const s = doc.sentences[sentence];
      const inside = s && s.start <= p && q <= s.end;
      if (inside && current !== s) {
        current = s;
        const cited = cite && s.start < cite[1] && cite[0] < s.end;
        holder = h("span", { class: "sent" + (cited ? " cited" : ""), id: "s-" + s.index, "data-index": s.index });
        if (cited) { holder.setAttribute("tabindex", "-1"); firstCited = firstCited || holder; }
        body.append(holder);
      } else if (!inside) {
        current = null;
        holder = body;
      }
      let piece = document.createTextNode(text.slice(p, q));
      const here = marks.filter((mk) => mk.start <= p && q <= mk.end && mk.start < mk.end);
      const timex = here.find((mk) => mk.kind === "timex");
      const ent = here.find((mk) => mk.kind === "ent");
      const gap = here.find((mk) => mk.kind === "gap");
      const heading = here.find((mk) => mk.kind === "heading");
      if (timex) {
        piece = h("time", { class: "timex", title: `${timex.t.value || "?"}${timex.t.mod ? " " + timex.t.mod : ""}`
          + (timex.t.earliest ? ` (${timex.t.earliest} – ${timex.t.latest})` : ""), datetime: timex.t.earliest || null }, piece);
      }
      if (ent) {
        const attrs = { class: "ent t-" + ent.ent.type, title: `${ent.ent.name} (${ent.ent.type})` };
        piece = ent.ent.entity !== null && ent.ent.entity !== undefined
          ? h("a", { ...attrs, href: entityHash(ent.ent.entity) }, piece) : h("span", attrs, piece);
      }
      if (heading) piece = h("strong", { class: "heading" }, piece);
      if (gap) piece = h("mark", { class: "gap", title: "a gap: what this announces is not in the text" }, piece);
      holder.append(piece);
      if (gap && q === gap.end) {
        holder.append(h("span", { class: "gap-note", role: "note" }, " [gap: the text lost what this announces] "));
      }
    }
    const gaps = doc.gaps.length ? section(`Gaps (${doc.gaps.length})`, h("ul", {}, doc.gaps.map((g) => h("li", {},
      `${g.kind.replace(/_/g, " ")}: “${g.text}” announces something the text does not have.`)))) : null;
    const node = h("article", { class: "reader-view", "data-title": doc.title || doc.id },
      h("h1", {}, doc.title || doc.id),
      h("p", { class: "meta" }, doc.path || "uploaded text", ` · ${doc.sentences.length} sentences, `,
        `${doc.entities.length} entities, ${doc.timexes.length} dates`),
      h("p", { class: "legend" }, h("span", { class: "ent t-PERSON" }, "person"), " ", h("span", { class: "ent t-ORG" }, "organisation"),
        " ", h("span", { class: "ent t-GPE" }, "place"), " ", h("span", { class: "ent t-EVENT" }, "event"), " ",
        h("time", { class: "timex" }, "date"), " ", h("mark", { class: "gap" }, "gap"), " ",
        h("span", { class: "sent cited" }, "cited sentence")),
      body, gaps);
    return [node, () => {
      if (firstCited) {
        firstCited.scrollIntoView({ block: "center" });
        firstCited.focus({ preventScroll: true });
      } else {
        window.scrollTo(0, 0);
        view.focus({ preventScroll: true });
      }
    }];
  }

  // -- questions -------------------------------------------------------------------------------

  async function askView(_, params) {
    const q = params.get("q") || "";
    const input = h("input", { name: "q", value: q, size: 60, maxlength: 500, required: true,
      placeholder: "Who led the Northern Society?", "aria-label": "Question" });
    const form = h("form", { class: "ask", onsubmit: (e) => {
      e.preventDefault();
      location.hash = hashOf("ask", { q: input.value.trim() });
    } }, input, h("button", { type: "submit" }, "Ask"));
    let result = h("p", { class: "note" }, "Ask about who, what, when or where: the answer comes with the sentence that says so.");
    if (q) {
      const a = await api("ask", { q });
      result = h("div", { class: "answer-box", "aria-live": "polite" },
        a.answer ? h("p", { class: "answer" }, h("strong", {}, a.answer),
          h("span", { class: "confidence" }, ` confidence ${Math.round(a.confidence * 100)}%`))
          : h("p", { class: "answer none" }, "No answer in the store. ", a.why ? `(${a.why})` : ""),
        a.sources.length ? h("ol", { class: "sources" }, a.sources.map((s) => h("li", {},
          h("blockquote", { class: "citation" }, marked(s.sentence, a.answer)),
          link(`${s.title || s.document}, characters ${s.start}–${s.end}`, readerHash(s.document, s.start, s.end),
            { class: "cite" })))) : null);
    }
    const node = h("div", { class: "ask-view", "data-title": "Ask" }, h("h1", {}, "Ask"), form, result);
    return [node, () => { if (!q) input.focus(); else view.focus({ preventScroll: true }); }];
  }

  function marked(text, phrase) {  // the text with the first occurrence of phrase marked
    const at = phrase ? text.indexOf(phrase) : -1;
    return at < 0 ? [text] : [text.slice(0, at), h("mark", {}, phrase), text.slice(at + phrase.length)];
  }

  // -- search, lists ---------------------------------------------------------------------------

  async function searchView(_, params) {
    const q = (params.get("q") || "").trim();
    document.getElementById("search-q").value = q;
    if (!q) return h("p", { class: "note" }, "Type a name or words in the search box.");
    const [ents, hits] = await Promise.all([api("entities", { q, limit: 20 }), api("search", { q, limit: 20 })]);
    const exact = ents.items.filter((e) => e.match === "exact");
    if (exact.length === 1 && params.get("list") !== "1") {
      location.replace(entityHash(exact[0].id));
      return h("p", { class: "loading" }, "Opening " + exact[0].name + "…");
    }
    const snippet = (s) => s.split(/(\[[^\]]*\])/).map((part) => (/^\[.*\]$/.test(part)
      ? h("mark", {}, part.slice(1, -1)) : part));
    return h("div", { class: "search-view", "data-title": "Search" },
      h("h1", {}, "Search: ", q),
      section("Entities", ents.items.length ? h("ul", { class: "plain" }, ents.items.map((e) => h("li", {},
        link(e.name, entityHash(e.id)), ` ${e.type}`, e.aliases.length > 1 ? " · " + e.aliases.slice(1, 4).join(", ") : "",
        ` · ${e.mentions} mentions`))) : h("p", { class: "note" }, "No entity has this name.")),
      section("Sentences", hits.items.length ? h("ol", { class: "hits" }, hits.items.map((s) => h("li", {},
        link(snippet(s.snippet || s.text), readerHash(s.document, s.start, s.end)), " ",
        h("span", { class: "cite" }, s.title || s.document)))) : h("p", { class: "note" }, "No sentence matches.")));
  }

  async function entitiesView(_, params) {
    const type = params.get("type") || "";
    const offset = Number(params.get("offset") || 0);
    const limit = 100;
    const data = await api("entities", { type, limit, offset });
    const select = h("select", { "aria-label": "Type", onchange: (e) => {
      location.hash = hashOf("entities", { type: e.target.value });
    } }, h("option", { value: "" }, "all types"), ENTITY_TYPES.map((t) => h("option", { value: t, selected: t === type }, t)));
    const pager = h("p", { class: "pager" },
      offset > 0 ? link("← previous", hashOf("entities", { type, offset: Math.max(0, offset - limit) })) : null, " ",
      `${offset + 1}–${offset + data.items.length} of ${data.total}`, " ",
      offset + limit < data.total ? link("next →", hashOf("entities", { type, offset: offset + limit })) : null);
    return h("div", { class: "entities-view", "data-title": "Entities" }, h("h1", {}, "Entities"),
      h("p", {}, select), table(["Name", "Type", "Also called", "Mentions", "Documents"], data.items.map((e) => [
        link(e.name, entityHash(e.id)), e.type + (e.subtype ? " · " + e.subtype : ""), e.aliases.slice(1).join(", "),
        String(e.mentions), String(e.documents)])), pager);
  }

  async function documentsView() {
    const data = await api("documents", { limit: 5000 });
    return h("div", { class: "documents-view", "data-title": "Documents" }, h("h1", {}, "Documents"),
      table(["Title", "Sentences", "Entities", "Dates", "Gaps"], data.items.map((d) => [
        link(d.title || d.id, readerHash(d.id)), String(d.n_sentences), String(d.n_entities), String(d.n_timexes),
        String(d.n_gaps)])),
      data.total > data.items.length ? h("p", { class: "note" }, `The first ${data.items.length} of ${data.total}.`) : null);
  }

  const VIEWS = {
    timeline: timelineView, graph: graphView, entity: entityView, doc: readerView, ask: askView,
    search: searchView, entities: entitiesView, documents: documentsView,
  };
  // Views of other files (map.js), which register before this file runs: each gives {name: view} from these helpers.
  const LIB = { h, svg, api, hashOf, link, entityHash, activate, filterForm, section, view };
  for (const add of window.ANNALS_VIEWS || []) Object.assign(VIEWS, add(LIB));

  document.getElementById("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q) location.hash = hashOf("search", { q });
  });
  window.addEventListener("hashchange", route);
  route();
})();
