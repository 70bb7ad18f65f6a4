/* annals explorer: the Map view (#/map?from=&to=&entity=).
 *
 * Places the gazetteer resolved, as points sized by how often the texts name them, over country outlines
 * drawn from data shipped with the package (countries-110m.json: Natural Earth 1:110m, public domain, as
 * npm's world-atlas 2.0.2 packs it in TopoJSON; see MAP-DATA.md).  Nothing is fetched from elsewhere: no
 * tiles, no CDN.  The projection is equirectangular (x = longitude, y = latitude), in an SVG whose viewBox
 * zooms and pans.  Countries (GeoNames gives them no point) are shaded by their mentions instead.
 *
 * Names and other text are untrusted: every node is built by app.js's h()/svg() helpers with text nodes.
 * This file registers the view with app.js through window.ANNALS_VIEWS (it must load before app.js).
 */
"use strict";

(() => {
  const W = 960;  // the world is W x H user units: 360 x 180 degrees
  const H = 480;
  const K = W / 360;
  const LABELS = 40;  // at most this many points get a name on the map (the most mentioned, where it fits)
  const HOME = [0, 6 * (W / 360), W, 148 * (W / 360)];  // 84°N to 58°S: the land, Antarctica aside
  const SKIP = new Set(["010"]);  // Antarctica: no historical place, and its ring wraps the pole
  let world = null;  // the country outlines, decoded once: [{id, name, d}]

  const project = (lon, lat) => [(lon + 180) * K, (90 - lat) * K];

  // -- TopoJSON, decoded by hand (quantized, delta-encoded arcs) -------------------------------

  function decodeArcs(topo) {
    const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
    const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
    return topo.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map((p) => {
        if (topo.transform) { x += p[0]; y += p[1]; } else { x = p[0]; y = p[1]; }
        return [x * sx + tx, y * sy + ty];
      });
    });
  }

  function ringPoints(arcs, indices) {
    const out = [];
    for (const i of indices) {
      const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      arc.forEach((p, k) => { if (k > 0 || !out.length) out.push(p); });
    }
    return out;
  }

  // A ring as SVG path data.  A ring that crosses the antimeridian (Russia's east, Fiji) is unwrapped into
  // one piece past the map's edge, and drawn again shifted by 360 degrees, so both halves show.
  function ringPath(points) {
    const lons = [];
    let shift = 0;
    let prev = null;
    for (const [lon] of points) {
      if (prev !== null && Math.abs(lon + shift - prev) > 180) shift += lon + shift > prev ? -360 : 360;
      lons.push(lon + shift);
      prev = lon + shift;
    }
    const draw = (offset) => points.map(([, lat], k) => {
      const [x, y] = project(lons[k] + offset, lat);
      return (k ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
    }).join("") + "Z";
    let d = draw(0);
    if (Math.max(...lons) > 180) d += draw(-360);
    if (Math.min(...lons) < -180) d += draw(360);
    return d;
  }

  function decodeWorld(topo) {
    const arcs = decodeArcs(topo);
    const out = [];
    for (const g of topo.objects.countries.geometries) {
      if (SKIP.has(g.id)) continue;
      const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      const d = polygons.map((rings) => rings.map((r) => ringPath(ringPoints(arcs, r))).join("")).join("");
      if (d) out.push({ id: g.id, name: (g.properties && g.properties.name) || "", d });
    }
    return out;
  }

  async function loadWorld() {
    if (!world) {
      const response = await fetch(new URL("static/countries-110m.json", document.baseURI));
      if (!response.ok) throw new Error("the country outlines could not be read (" + response.status + ")");
      world = decodeWorld(await response.json());
    }
    return world;
  }

  // -- the view --------------------------------------------------------------------------------

  async function mapView(lib, params) {
    const { h, svg, api, link, hashOf, entityHash, activate, filterForm } = lib;
    const filters = { from: params.get("from"), to: params.get("to"), entity: params.get("entity") };
    const [data, countries] = await Promise.all([api("places", { ...filters, limit: 5000 }), loadWorld()]);
    const places = data.items;
    const pointed = places.filter((p) => p.lat !== null && p.lon !== null);
    const byCountry = new Map(places.filter((p) => p.iso_numeric).map((p) => [p.iso_numeric, p]));
    const shaded = countries.filter((c) => byCountry.has(c.id));
    const elsewhere = places.filter((p) => (p.lat === null || p.lon === null) && !shaded.some((c) => c.id === p.iso_numeric));
    const most = Math.max(1, ...places.map((p) => p.mentions));
    const open = (p) => () => { location.hash = entityHash(p.id); };
    const when = (p) => (p.first ? (p.first.slice(0, p.first.indexOf("-", 1)) + "–" + p.last.slice(0, p.last.indexOf("-", 1))) : "");
    const tip = (p) => `${p.name} (${p.kind}${p.country ? ", " + p.country : ""}): ${p.mentions} mention${p.mentions === 1 ? "" : "s"}`
      + ` in ${p.documents.length} document${p.documents.length === 1 ? "" : "s"}${p.first ? ", " + when(p) : ""}. GeoNames ${p.geonames_id}`;

    const svgEl = svg("svg", { class: "map", viewBox: `0 0 ${W} ${H}`, role: "group",
      "aria-label": "Map of the places the texts name; wheel or buttons zoom, drag pans" });
    svgEl.append(svg("rect", { class: "sea", x: -W, y: -H, width: 3 * W, height: 3 * H }));
    const land = svg("g", { class: "land" });
    for (const c of countries) {
      const p = byCountry.get(c.id);
      if (!p) { land.append(svg("path", { class: "country", d: c.d, "data-iso": c.id }, svg("title", {}, c.name))); continue; }
      const path = svg("path", { class: "country named", d: c.d, "data-iso": c.id, "data-id": p.id,
        "data-geonames": p.geonames_id, "aria-label": tip(p) + ": open its page",
        "fill-opacity": (0.25 + 0.6 * Math.sqrt(p.mentions / most)).toFixed(2) }, svg("title", {}, tip(p)));
      land.append(activate(path, open(p)));
    }
    svgEl.append(land);
    const layer = svg("g", { class: "places" });
    svgEl.append(layer);

    let box = [...HOME];  // the viewBox
    const status = h("span", { class: "zoom-status", role: "status" });

    // The points are built once; a redraw (zoom, pan) only moves and scales them and picks the labels.
    const R = (p) => 2.5 + 9 * Math.sqrt(p.mentions / most);  // radius in screen pixels
    const points = pointed.map((p) => {
      const [x, y] = project(p.lon, p.lat);
      const g = svg("g", { class: `place k-${p.kind}`, "data-id": p.id, "data-geonames": p.geonames_id,
        "aria-label": tip(p) + ": open its page" }, svg("title", {}, tip(p)), svg("circle", { r: R(p).toFixed(2) }));
      return { p, x, y, g: activate(g, open(p)), label: null };
    });
    layer.replaceChildren(...points.map((pt) => pt.g));

    function draw() {
      const t0 = performance.now();
      const k = W / box[2];  // zoom factor: points and labels keep their size on screen
      const inverse = ` scale(${(1 / k).toFixed(5)})`;
      const taken = [];  // label boxes placed so far (screen pixels): a label that would overlap one is left out
      const free = (b) => taken.every((t) => b[2] < t[0] || b[0] > t[2] || b[3] < t[1] || b[1] > t[3]);
      let labelled = 0;
      for (const pt of points) {
        pt.g.setAttribute("transform", `translate(${pt.x.toFixed(2)} ${pt.y.toFixed(2)})${inverse}`);
        const sx = (pt.x - box[0]) * k;  // where it is on screen
        const sy = (pt.y - box[1]) * k;
        let show = false;
        if (labelled < LABELS && sx >= 0 && sx <= W && sy >= 0 && sy <= box[3] * k) {
          const r = R(pt.p);
          const width = pt.p.name.length * 6.6 + 4;
          const left = sx + r + width > W;  // no room on the right: the name goes on the left
          const x0 = left ? -r - 2 - width : r + 2;
          const b = [sx + x0, sy - 7, sx + x0 + width, sy + 6];
          if (free(b)) {
            taken.push(b);
            labelled++;
            show = true;
            if (!pt.label) {
              pt.label = svg("text", { y: 4, class: "place-label" }, pt.p.name);
              pt.g.append(pt.label);
            }
            pt.label.setAttribute("x", x0.toFixed(1));
          }
        }
        if (pt.label) pt.label.setAttribute("display", show ? "inline" : "none");
      }
      land.setAttribute("stroke-width", (0.6 / k).toFixed(3));
      svgEl.setAttribute("viewBox", box.map((v) => v.toFixed(2)).join(" "));
      svgEl.getBoundingClientRect();  // the layout is part of the redraw
      const ms = performance.now() - t0;
      svgEl.dataset.renderMs = ms.toFixed(1);
      svgEl.dataset.redraws = String(Number(svgEl.dataset.redraws || 0) + 1);
      status.textContent = `${pointed.length} places drawn, ${shaded.length} countries shaded` +
        (elsewhere.length ? `, ${elsewhere.length} without a point (listed below)` : "") + ` · redrawn in ${Math.round(ms)} ms`;
    }

    const zoom = (factor, at) => {
      const [x, y, w, hh] = box;
      const [cx, cy] = at || [x + w / 2, y + hh / 2];
      const nw = Math.min(W, Math.max(W / 64, w * factor));
      const s = nw / w;
      box = [cx - (cx - x) * s, cy - (cy - y) * s, nw, hh * s];
      draw();
    };
    const pan = (dx, dy) => { box = [box[0] + dx, box[1] + dy, box[2], box[3]]; draw(); };
    const toUser = (e) => {
      const rect = svgEl.getBoundingClientRect();
      return [box[0] + ((e.clientX - rect.left) / rect.width) * box[2], box[1] + ((e.clientY - rect.top) / rect.height) * box[3]];
    };
    svgEl.addEventListener("wheel", (e) => { e.preventDefault(); zoom(e.deltaY < 0 ? 0.8 : 1.25, toUser(e)); }, { passive: false });
    let drag = null;
    svgEl.addEventListener("pointerdown", (e) => {
      if (e.target.closest && e.target.closest(".place, .named")) return;
      drag = { x: e.clientX, y: e.clientY, box: [...box] };
    });
    svgEl.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const rect = svgEl.getBoundingClientRect();
      box = [drag.box[0] - ((e.clientX - drag.x) / rect.width) * drag.box[2],
        drag.box[1] - ((e.clientY - drag.y) / rect.height) * drag.box[3], drag.box[2], drag.box[3]];
      draw();
    });
    const stop = () => { drag = null; };
    svgEl.addEventListener("pointerup", stop);
    svgEl.addEventListener("pointerleave", stop);

    const button = (label, title, fn) => h("button", { type: "button", title, "aria-label": title, onclick: fn }, label);
    const controls = h("div", { class: "zoom", role: "toolbar", "aria-label": "Zoom the map" },
      button("−", "Zoom out", () => zoom(1.5)), button("+", "Zoom in", () => zoom(1 / 1.5)),
      button("◀", "West", () => pan(-box[2] / 4, 0)), button("▶", "East", () => pan(box[2] / 4, 0)),
      button("▲", "North", () => pan(0, -box[3] / 4)), button("▼", "South", () => pan(0, box[3] / 4)),
      button("Reset", "Show the whole world", () => { box = [...HOME]; draw(); }), status);

    const form = filterForm("map", [
      ["from", "From", filters.from, "e.g. 1815"], ["to", "To", filters.to, "e.g. 1900"],
      ["entity", "Entity", filters.entity, "a name"],
    ]);
    const geonames = (p) => h("a", { href: `https://www.geonames.org/${encodeURIComponent(p.geonames_id)}`,
      rel: "noreferrer noopener", target: "_blank", class: "geonames" }, String(p.geonames_id));
    const where = (p) => (p.lat !== null && p.lon !== null ? `${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`
      : byCountry.get(p.iso_numeric) === p && shaded.some((c) => c.id === p.iso_numeric) ? "country outline" : "no point");
    const list = h("table", { class: "places-table" },
      h("thead", {}, h("tr", {}, ["Place", "Kind", "Mentions", "Documents", "Dates", "Where", "GeoNames"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, places.map((p) => h("tr", {},
        h("td", {}, link(p.name, entityHash(p.id))), h("td", {}, p.kind + (p.country ? " · " + p.country : "")),
        h("td", {}, String(p.mentions)), h("td", {}, String(p.documents.length)), h("td", {}, when(p)),
        h("td", {}, where(p)), h("td", {}, geonames(p))))));
    const node = h("div", { class: "map-view", "data-title": "Map" },
      h("h1", {}, "Map"), form,
      h("p", { class: "legend" }, h("span", { class: "key point" }), "a place GeoNames gives a point, sized by its mentions ",
        h("span", { class: "key shade" }), "a country the texts name, shaded by its mentions. ",
        "Click one to open its page. Places GeoNames does not list have no point. ",
        "Outlines: Natural Earth 1:110m (public domain)."),
      places.length ? h("div", { class: "chart" }, controls, svgEl)
        : h("p", { class: "note" }, "No place that GeoNames knows matches."),
      lib.section(`Places (${places.length})`, list),
      h("p", { class: "note" }, link("Timeline of the same filters", hashOf("timeline", filters))));
    return [node, () => { draw(); lib.view.focus({ preventScroll: true }); }];
  }

  (window.ANNALS_VIEWS = window.ANNALS_VIEWS || []).push((lib) => ({ map: (parts, params) => mapView(lib, params) }));
})();
