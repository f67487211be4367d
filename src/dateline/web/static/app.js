// dateline page: incidents on an offline map, a timeline whose brush filters them, and a
// card with every report, its source and channel, the quotes, and the highlighted text.
// It polls for incidents created or changed since it was opened (GET /events?updated_after=)
// and marks the new ones until they are seen.
"use strict";

const COLORS = {
  "Battles": "#dc2626", "Explosions/Remote violence": "#ea580c", "Violence against civilians": "#7c3aed",
  "Protests": "#2563eb", "Riots": "#0891b2", "Strategic developments": "#65a30d",
};
const DAY = 86400000;
const state = {
  all: [], brush: null, markers: new Map(),
  asOf: null,          // the store's latest change when we last read it (the poll cursor)
  opened: new Set(),   // incidents the page had when it was opened
  fresh: new Set(),    // incidents added since, not yet seen
};
// seconds between polls: 15, or ?poll=N (1 to 3600) in the page's address
const POLL_S = Math.min(3600, Math.max(1, Number(new URLSearchParams(location.search).get("poll")) || 15));

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const dayOf = (iso) => (iso ? Date.parse(iso.slice(0, 10) + "T00:00:00Z") : null);

const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([20, 10], 2);
const cluster = L.markerClusterGroup({
  showCoverageOnHover: false, maxClusterRadius: 40,
  // the stock cluster icon, ringed when it holds an incident added since the page was opened
  iconCreateFunction: (c) => {
    const n = c.getChildCount(), size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    const fresh = c.getAllChildMarkers().some((m) => m.options.fresh);
    return L.divIcon({ html: `<div><span>${n}</span></div>`, iconSize: L.point(40, 40),
      className: `marker-cluster marker-cluster-${size}${fresh ? " has-new" : ""}` });
  },
});
map.addLayer(cluster);

async function basemap() {
  // Natural Earth 1:110m countries, shipped with the page: no tile server, no network
  const topo = await (await fetch("/static/vendor/countries-110m.json")).json();
  const land = topojson.feature(topo, topo.objects.countries);
  // rings that cross the antimeridian would be drawn as lines across the world: unwrap them
  const unwrap = (ring) => {
    for (let k = 1; k < ring.length; k++) {
      while (ring[k][0] - ring[k - 1][0] > 180) ring[k] = [ring[k][0] - 360, ring[k][1]];
      while (ring[k][0] - ring[k - 1][0] < -180) ring[k] = [ring[k][0] + 360, ring[k][1]];
    }
  };
  land.features = land.features.filter((f) => f.properties.name !== "Antarctica");
  for (const f of land.features) {
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    polys.forEach((p) => p.forEach(unwrap));
  }
  L.geoJSON(land, { style: { color: "#94a3b8", weight: 0.6, fillColor: "#f1f5f9", fillOpacity: 1 }, interactive: false }).addTo(map);
}

// every page of GET /events with these parameters; `asOf` is the first page's (the
// snapshot every later change is newer than), `total` the last page's
async function fetchAll(params) {
  let cursor = null, asOf, total;
  const items = [];
  do {
    const q = new URLSearchParams({ limit: 500, ...params });
    if (cursor) q.set("cursor", cursor);
    const r = await fetch("/events?" + q);
    if (!r.ok) throw new Error(`GET /events: HTTP ${r.status}`);
    const page = await r.json();
    if (asOf === undefined) asOf = page.as_of;
    items.push(...page.items);
    cursor = page.next_cursor;
    total = page.total;
  } while (cursor && items.length < 50000);
  return { items, asOf, total };
}

async function load() {
  const { items, asOf } = await fetchAll({});
  state.all = items;
  state.asOf = asOf;
  items.forEach((i) => state.opened.add(i.incident_id));
  ["f-type", "f-country", "f-verification"].forEach((id) => document.getElementById(id).addEventListener("change", render));
  fillSelects();
  legend();
  render();
  setTimeout(poll, POLL_S * 1000);
}

// ---- live: incidents created or changed since the last look ----------------------
async function poll() {
  try {
    const { items, asOf, total } = await fetchAll(state.asOf ? { updated_after: state.asOf } : {});
    if (asOf) state.asOf = asOf;
    if (items.length) {
      const byId = new Map(state.all.map((i) => [i.incident_id, i]));
      for (const i of items) {
        byId.set(i.incident_id, i);
        if (!state.opened.has(i.incident_id)) state.fresh.add(i.incident_id);
      }
      state.all = [...byId.values()];
    }
    if (total !== undefined && total !== state.all.length) {
      // some incidents were merged away or replaced: read them all again
      state.all = (await fetchAll({})).items;
      const ids = new Set(state.all.map((i) => i.incident_id));
      [...state.fresh].filter((id) => !ids.has(id)).forEach((id) => state.fresh.delete(id));
    }
    if (items.length || total !== state.all.length) { fillSelects(); render(); }
  } catch (e) {
    // the server may be restarting: try again at the next tick
  } finally {
    setTimeout(poll, POLL_S * 1000);
  }
}

function seen(id) {
  if (id === undefined) state.fresh.clear(); else state.fresh.delete(id);
  render();
}
document.getElementById("new-count").onclick = () => seen();

function fillSelects() {
  fillSelect("f-type", state.all.map((i) => i.acled_event_type));
  fillSelect("f-country", state.all.map((i) => i.country_code));
  fillSelect("f-verification", state.all.map((i) => i.verification));
}

function fillSelect(id, values) {
  // adds the values not offered yet, in order, keeping the current choice
  const sel = document.getElementById(id);
  const have = new Set([...sel.options].map((o) => o.value));
  const all = [...new Set([...have, ...values.filter(Boolean)])].filter(Boolean).sort();
  all.forEach((v, k) => { if (!have.has(v)) sel.add(new Option(v, v), k + 1); });
}

function legend() {
  document.getElementById("legend").innerHTML = Object.entries(COLORS)
    .map(([t, c]) => `<div><span class="swatch" style="background:${c}"></span>${esc(t)}</div>`).join("") +
    `<div>ring: solid confirmed, dashed partly, pale unverified, red disputed</div>`;
}

function passes(i, withBrush) {
  const v = (id) => document.getElementById(id).value;
  if (v("f-type") && i.acled_event_type !== v("f-type")) return false;
  if (v("f-country") && i.country_code !== v("f-country")) return false;
  if (v("f-verification") && i.verification !== v("f-verification")) return false;
  if (withBrush && state.brush) {
    const d = dayOf(i.event_date);
    if (d === null || d < state.brush[0] || d > state.brush[1]) return false;
  }
  return true;
}

function render() {
  const shown = state.all.filter((i) => passes(i, true));
  cluster.clearLayers();
  state.markers.clear();
  for (const i of shown) {
    if (i.latitude == null) continue;
    const fresh = state.fresh.has(i.incident_id);
    const icon = L.divIcon({
      className: "", iconSize: [16, 16],
      html: `<div class="pin ${esc(i.verification)}${fresh ? " new" : ""}" data-id="${esc(i.incident_id)}" style="background:${COLORS[i.acled_event_type] || "#334155"}"></div>`,
    });
    const m = L.marker([i.latitude, i.longitude], {
      icon, fresh, zIndexOffset: fresh ? 1000 : 0,
      title: `${fresh ? "new: " : ""}${i.acled_sub_event_type || i.acled_event_type} — ${i.location || ""}` });
    m.on("click", () => openCard(i.incident_id));
    cluster.addLayer(m);
    state.markers.set(i.incident_id, m);
  }
  document.getElementById("count").textContent = `${shown.length} of ${state.all.length} incidents`;
  const news = document.getElementById("new-count");
  news.hidden = !state.fresh.size;
  news.textContent = `${state.fresh.size} new since you opened the page ✓`;
  news.title = "incidents added since the page was opened are ringed on the map; click to mark them seen";
  document.getElementById("clear-brush").hidden = !state.brush;
  timeline(state.all.filter((i) => passes(i, false)));
}

// ---- timeline: one bar per day (per week over long spans); drag to brush -------------
function timeline(items) {
  const svg = document.getElementById("timeline");
  const W = svg.clientWidth || 800, H = 150, pad = 22;
  const days = items.map((i) => dayOf(i.event_date)).filter((d) => d !== null);
  svg.innerHTML = "";
  if (!days.length) return;
  let lo = Math.min(...days), hi = Math.max(...days) + DAY;
  if (hi - lo < 14 * DAY) { lo -= 3 * DAY; hi += 3 * DAY; }
  const step = (hi - lo) / DAY > 180 ? 7 * DAY : DAY;
  const n = Math.ceil((hi - lo) / step);
  const counts = new Array(n).fill(0);
  days.forEach((d) => counts[Math.min(n - 1, Math.floor((d - lo) / step))]++);
  const max = Math.max(...counts), bw = (W - 2 * pad) / n;
  const x = (t) => pad + ((t - lo) / (hi - lo)) * (W - 2 * pad);
  const t = (px) => lo + ((px - pad) / (W - 2 * pad)) * (hi - lo);
  const ns = "http://www.w3.org/2000/svg";
  counts.forEach((c, k) => {
    const r = document.createElementNS(ns, "rect");
    const start = lo + k * step;
    const inside = !state.brush || (start + step > state.brush[0] && start <= state.brush[1]);
    r.setAttribute("class", "bar" + (inside ? " in" : ""));
    r.setAttribute("x", pad + k * bw + 0.5);
    r.setAttribute("width", Math.max(1, bw - 1));
    const h = c ? ((H - 2 * pad) * c) / max : 0;
    r.setAttribute("y", H - pad - h);
    r.setAttribute("height", h);
    r.innerHTML = `<title>${new Date(start).toISOString().slice(0, 10)}: ${c}</title>`;
    svg.appendChild(r);
  });
  for (const [px, label] of [[pad, lo], [W - pad, hi - DAY]]) {
    const tx = document.createElementNS(ns, "text");
    tx.setAttribute("x", px); tx.setAttribute("y", H - 6);
    tx.setAttribute("text-anchor", px === pad ? "start" : "end");
    tx.textContent = new Date(label).toISOString().slice(0, 10);
    svg.appendChild(tx);
  }
  const brush = document.createElementNS(ns, "rect");
  brush.setAttribute("class", "brush");
  brush.setAttribute("y", pad / 2);
  brush.setAttribute("height", H - pad * 1.5);
  const show = (a, b) => { brush.setAttribute("x", Math.min(a, b)); brush.setAttribute("width", Math.abs(b - a)); };
  if (state.brush) show(x(state.brush[0]), x(state.brush[1] + DAY)); else brush.setAttribute("width", 0);
  svg.appendChild(brush);
  let from = null;
  svg.onpointerdown = (e) => { from = e.offsetX; svg.setPointerCapture(e.pointerId); show(from, from); };
  svg.onpointermove = (e) => { if (from !== null) show(from, e.offsetX); };
  svg.onpointerup = (e) => {
    if (from === null) return;
    const a = Math.min(from, e.offsetX), b = Math.max(from, e.offsetX);
    from = null;
    if (b - a < 3) { state.brush = null; } else {
      const d0 = Math.floor(t(a) / DAY) * DAY, d1 = Math.floor(t(b) / DAY) * DAY;
      state.brush = [d0, d1];
    }
    render();
  };
}
document.getElementById("clear-brush").onclick = () => { state.brush = null; render(); };

// ---- the incident card ------------------------------------------------------------
async function openCard(id) {
  const inc = await (await fetch("/events/" + encodeURIComponent(id))).json();
  const card = document.getElementById("card");
  const body = document.getElementById("card-body");
  const fresh = state.fresh.has(id);
  const reports = await Promise.all(inc.reports.map(async (r) => {
    const art = await (await fetch("/articles/" + encodeURIComponent(r.article_id))).json();
    return { r, art };
  }));
  body.innerHTML = `
    <h2>${fresh ? '<span class="badge new">new</span> ' : ""}${esc(inc.acled_sub_event_type || inc.acled_event_type)} · ${esc(inc.location || "place unknown")}</h2>
    <p class="meta">${esc(inc.event_date)} (${esc(inc.date_precision)}) · ${esc(inc.actor1 || "?")} → ${esc(inc.actor2 || "?")}
      · fatalities ${inc.fatalities ?? "not stated"} · <span class="badge v-${esc(inc.verification)}">${esc(inc.verification)}</span>
      · ${inc.report_count} report${inc.report_count === 1 ? "" : "s"}</p>
    ${reports.map(({ r, art }) => report(r, art)).join("")}`;
  card.hidden = false;
  card.dataset.incident = id;
  if (fresh) seen(id);  // opened: no longer unseen
}

function report(r, art) {
  const text = art.article.text;
  const marks = r.evidence.map((e) => [e.start, e.end]).sort((a, b) => a[0] - b[0]);
  let html = "", at = 0;
  for (const [a, b] of marks) {
    if (a < at) continue;
    html += esc(text.slice(at, a)) + "<mark>" + esc(text.slice(a, b)) + "</mark>";
    at = b;
  }
  html += esc(text.slice(at));
  const quotes = r.quotes.map((q) =>
    `<blockquote>${esc(q.text)}<br><small>— ${esc(q.speaker || "unnamed")}${q.channel ? ", " + esc(q.channel) : ""} (${esc(q.type)})</small></blockquote>`).join("");
  // where the report came from: "via Telegram channel X", "feed", "wire" ... and its link
  const kind = r.source_kind === "telegram" ? `via Telegram channel ${esc(r.outlet || "unknown")}`
    : r.source_kind && r.source_kind !== "unknown" ? esc(r.source_kind) : "";
  const link = /^https?:\/\//.test(r.url || "") ? ` <a href="${esc(r.url)}" target="_blank" rel="noopener noreferrer">link</a>` : "";
  return `<div class="report">
      <strong>${esc(r.outlet || "outlet unknown")}</strong>${kind ? ` <span class="kind">(${kind})</span>` : ""}${link}, ${esc(r.date)} · source: ${esc(r.source || "the reporter")}
      (${esc(r.stance)}) · <span class="badge v-${esc(r.verification)}">${esc(r.verification)}</span>
      ${quotes ? "<div>" + quotes + "</div>" : ""}
      <div class="article">${html}</div>
    </div>`;
}
document.getElementById("close-card").onclick = () => { document.getElementById("card").hidden = true; };

basemap().then(load);
