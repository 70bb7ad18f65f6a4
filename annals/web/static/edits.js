/* annals explorer: corrections (annals serve --allow-edit).
 *
 * Kept apart from app.js: it watches the view app.js renders and adds, when the server accepts
 * corrections, a small form on an entity's page (merge another entity into it, rename, retype, add an
 * alias), a "split off" button on each of its mentions (the mention becomes an entity of its own) and
 * a "delete" button on each event of the timeline and of the entity page.  The edit log
 * (with undo) is shown at the foot of every page, read-only servers included.  Text only: nothing
 * is parsed as HTML.
 */
"use strict";

(() => {
  const TYPES = ["PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"];
  const view = document.getElementById("view");
  let allowEdit = false;

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v); else if (v !== null && v !== undefined) el.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  async function call(method, path, body) {
    const r = await fetch("api/" + path, { method, headers: { "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((data.error && `${data.error.code}: ${data.error.message}`) || `HTTP ${r.status}`);
    return data;
  }

  function rerender() {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    refreshLog();
  }

  async function correct(body, status) {
    try {
      status.textContent = "…";
      const edit = await call("POST", "edits", body);
      status.textContent = `Done: ${edit.description}.`;
      rerender();
    } catch (err) {
      status.textContent = String(err.message || err);
    }
  }

  // -- the edit log, at the foot of every page -------------------------------------------------

  const log = h("details", { class: "edit-log", id: "edit-log" }, h("summary", {}, "Corrections"));
  document.querySelector("footer").before(log);

  async function refreshLog() {
    let data;
    try { data = await call("GET", "edits"); } catch (err) { return; }
    allowEdit = data.allow_edit;
    const items = data.items.map((e) => h("li", { class: e.status.startsWith("dangling") ? "dangling" : "" },
      `${e.id}. ${e.description}`, e.note ? ` — ${e.note}` : "", e.author ? ` (${e.author})` : "",
      h("span", { class: "note" }, ` · ${e.status}`),
      allowEdit && !e.undone_at ? h("button", { type: "button", class: "undo", onclick: async () => {
        try { await call("POST", `edits/${e.id}/undo`); rerender(); } catch (err) { alert(err.message); }
      } }, "undo") : null));
    log.replaceChildren(h("summary", {}, `Corrections (${data.items.filter((e) => !e.undone_at).length} in effect)`
      + (allowEdit ? "" : " · read-only server")),
      items.length ? h("ol", {}, items) : h("p", { class: "note" }, "No corrections yet."));
  }

  // -- forms on the entity page and buttons on events ------------------------------------------

  function entityForm(id) {
    const status = h("p", { class: "note", role: "status" });
    const field = (label, input, button, body) => h("form", { class: "edit-form", onsubmit: (ev) => {
      ev.preventDefault();
      if (input.value.trim()) correct({ ...body(input.value.trim()), entity: id }, status);
    } }, h("label", {}, label, " ", input), " ", h("button", { type: "submit" }, button));
    const select = h("select", {}, TYPES.map((t) => h("option", { value: t }, t)));
    return h("section", { class: "edit-panel" }, h("h2", {}, "Correct this entity"),
      field("Merge into this one the entity", h("input", { placeholder: "a name or id", maxlength: "300" }),
        "Merge", (v) => ({ op: "entity.merge", other: v })),
      field("Rename to", h("input", { maxlength: "300" }), "Rename", (v) => ({ op: "entity.rename", name: v })),
      field("Type", select, "Retype", (v) => ({ op: "entity.retype", type: v })),
      field("Add the alias", h("input", { maxlength: "300" }), "Add", (v) => ({ op: "alias.add", form: v })),
      status);
  }

  function deleteButton(eventId) {
    return h("button", { type: "button", class: "edit-delete", title: "delete this event (a correction)",
      onclick: (ev) => {
        ev.preventDefault();
        if (confirm("Delete this event? (It can be undone from the corrections below.)")) {
          correct({ op: "event.delete", event: eventId }, h("span"));
        }
      } }, "delete");
  }

  // the mentions app.js lists are the first of the entity page's API mentions, in order: each gets a
  // button that splits it off by its id
  async function splitButtons(id, list) {
    let data;
    try { data = await call("GET", `entities/${id}?limit=200`); } catch (err) { return; }
    const items = list.querySelectorAll(":scope > li");
    data.mentions.slice(0, items.length).forEach((m, i) => {
      const status = h("span", { class: "note", role: "status" });
      items[i].append(" ", h("button", { type: "button", class: "edit-split",
        title: "this mention is another entity: make it one of its own (a correction)", onclick: (ev) => {
          ev.preventDefault();
          if (confirm(`Split "${m.text}" off into an entity of its own? (It can be undone from the corrections below.)`)) {
            correct({ op: "entity.split", entity: id, mentions: ["m" + m.id] }, status);
          }
        } }, "split off"), " ", status);
    });
  }

  function decorate() {
    if (!allowEdit) return;
    const page = view.querySelector(".entity-view");
    if (page && !page.querySelector(".edit-panel")) {
      const m = location.hash.match(/^#\/entity\/(\d+)/);
      if (m) {
        page.querySelector("h1").after(entityForm(Number(m[1])));
        const list = page.querySelector("ol.mentions");
        if (list && list.children.length > 1) splitButtons(Number(m[1]), list);
      }
    }
    for (const a of view.querySelectorAll(".event-link[data-id], a[data-event]")) {
      if (!a.parentNode.querySelector(".edit-delete")) a.after(" ", deleteButton(a.dataset.id || a.dataset.event));
    }
  }

  new MutationObserver(decorate).observe(view, { childList: true });
  refreshLog().then(decorate);
})();
