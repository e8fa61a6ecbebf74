// newsdex in a browser. The URL holds the state with the API's parameter names, so a search can
// be shared and bookmarked. Every piece of data goes into the page as text (textContent or
// attribute values), never parsed as markup.
"use strict";

const NAME_KINDS = ["person", "place", "org", "speaker", "author"];
const LABELS = { person: "People", place: "Places", org: "Organisations", speaker: "Speakers", author: "Authors", source: "Sources" };
const SINGLE = ["q", "source", "since", "until", "sort", "offset", "view", "id"];
const PAGE = 20;

// ---- state <-> URL ----
function readState(search) {
  const p = new URLSearchParams(search);
  const s = { kind: p.getAll("kind") };
  for (const k of NAME_KINDS) s[k] = p.getAll(k);
  for (const k of SINGLE) s[k] = p.get(k) || "";
  s.view = s.view || "articles";
  return s;
}

function toQuery(s, keys) {
  const p = new URLSearchParams();
  for (const k of keys) {
    const v = s[k];
    if (Array.isArray(v)) v.forEach(x => p.append(k, x));
    else if (v) p.set(k, v);
  }
  return p.toString();
}

const FILTER_KEYS = ["q", ...NAME_KINDS, "source", "since", "until"];
const URL_KEYS = ["view", "id", ...FILTER_KEYS, "kind", "sort", "offset"];

function href(s) {
  const q = toQuery(s, URL_KEYS);
  return q ? "/?" + q : "/";
}

function withChange(s, change) {
  const n = JSON.parse(JSON.stringify(s));
  change(n);
  return n;
}

function toggled(s, kind, name) {
  return withChange(s, n => {
    n.offset = "";
    if (kind === "source") { n.source = n.source === name ? "" : name; return; }
    const i = n[kind].indexOf(name);
    if (i >= 0) n[kind].splice(i, 1); else n[kind].push(name);
  });
}

function go(s, replace) {
  const url = href(s);
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  render();
}

// ---- DOM helpers: text only ----
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.append(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(String(kid)) : kid);
  }
  return e;
}

function link(s, attrs, ...kids) {
  return el("a", Object.assign({ href: href(s), "data-nav": true }, attrs), ...kids);
}

function clear(node) { node.replaceChildren(); return node; }
const $ = id => document.getElementById(id);

// Highlights and spans are byte offsets of UTF-8 text.
const enc = new TextEncoder(), dec = new TextDecoder();
function byteSlicer(text) {
  const bytes = enc.encode(text);
  return { len: bytes.length, slice: (a, b) => dec.decode(bytes.subarray(a, b)) };
}

function highlighted(text, ranges) {
  const t = byteSlicer(text);
  const out = [];
  let at = 0;
  for (const [a, b] of ranges || []) {
    if (a < at || b > t.len) continue;
    out.push(t.slice(at, a), el("mark", { text: t.slice(a, b) }));
    at = b;
  }
  out.push(t.slice(at, t.len));
  return out;
}

// ---- API ----
async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: "bad answer from the server" }));
  if (!r.ok) throw Object.assign(new Error(body.error || r.statusText), { status: r.status, param: body.param });
  return body;
}

function showError(e) {
  clear($("message")).append(el("p", { class: "error", text: e.message }));
}

function showNotes(notes) {
  for (const n of notes || []) $("message").append(el("p", { class: "note", text: n.param + ": " + n.message }));
}

// ---- rendering ----
let generation = 0;

async function render() {
  const s = readState(location.search);
  const mine = ++generation;
  clear($("message"));
  $("q").value = s.q;
  $("sort").value = s.sort || "relevance";
  renderTabs(s);
  renderChips(s);
  const articleView = s.view === "article";
  $("main").hidden = articleView;
  $("article").hidden = !articleView;
  try {
    if (articleView) return await renderArticle(s, mine);
    await renderList(s, mine);
  } catch (e) {
    if (mine === generation) showError(e);
  }
}

function renderTabs(s) {
  const tab = (view, label) => link(withChange(s, n => { n.view = view; n.offset = ""; n.id = ""; }),
    { "aria-current": s.view === view ? "page" : null }, label);
  clear($("tabs")).append(tab("articles", "Articles"), tab("quotes", "Who said what"));
}

function renderChips(s) {
  const box = clear($("chips"));
  const chip = (label, next) => link(next, { class: "chip", title: "Remove this filter" }, label + " \u00d7");
  for (const k of NAME_KINDS) for (const v of s[k]) box.append(chip(k + ": " + v, toggled(s, k, v)));
  if (s.source) box.append(chip("source: " + s.source, toggled(s, "source", s.source)));
  if (s.since || s.until) box.append(chip("dates: " + (s.since || "…") + " to " + (s.until || "…"),
    withChange(s, n => { n.since = ""; n.until = ""; n.offset = ""; })));
  for (const k of s.kind) box.append(chip("kind: " + k, withChange(s, n => { n.kind = n.kind.filter(x => x !== k); })));
}

async function renderList(s, mine) {
  const quotes = s.view === "quotes";
  const filters = toQuery(s, FILTER_KEYS);
  const withKind = toQuery(s, [...FILTER_KEYS, ...(quotes ? ["kind"] : [])]);
  const target = quotes ? "&target=quotes" : "";
  const paging = "limit=" + (quotes ? 100 : PAGE) + "&offset=" + (Number(s.offset) || 0) + (s.sort ? "&sort=" + s.sort : "");
  const [res, months, sources] = await Promise.all([
    api("/api/" + (quotes ? "quotes" : "search") + "?" + [withKind, paging].filter(Boolean).join("&")),
    api("/api/timeline?" + withKind + target),
    api("/api/sources?" + withKind + target),
  ]);
  if (mine !== generation) return;
  showNotes(res.notes);
  renderFacets(s, res.facets, sources.sources, filters);
  renderTimeline(s, months.months);
  renderSummary(s, res, quotes);
  if (quotes) renderQuotes(s, res); else renderHits(s, res);
  renderPager(s, res, quotes ? 100 : PAGE);
}

function renderSummary(s, res, quotes) {
  const noun = quotes ? (res.total === 1 ? "quote" : "quotes") : (res.total === 1 ? "article" : "articles");
  const box = clear($("summary"));
  box.append(el("span", { id: "total", text: res.total.toLocaleString() + " " + noun }));
  if (quotes && s.speaker.length === 1) box.append(el("strong", { text: "What " + s.speaker[0] + " said" }));
  if (quotes) {
    for (const k of ["direct", "partial", "indirect"]) {
      const on = s.kind.includes(k);
      box.append(link(withChange(s, n => { n.offset = ""; n.kind = on ? n.kind.filter(x => x !== k) : [...n.kind, k]; }),
        { class: "chip", "aria-pressed": on ? "true" : "false" }, (on ? "\u2713 " : "") + k));
    }
  }
  const exp = toQuery(s, [...FILTER_KEYS, ...(quotes ? ["kind"] : []), "sort"]) + (quotes ? "&target=quotes" : "");
  box.append(el("span", {}, "Export all: ",
    el("a", { href: "/api/export?format=csv&" + exp, download: "", id: "export-csv" }, "CSV"), " · ",
    el("a", { href: "/api/export?format=jsonl&" + exp, download: "", id: "export-jsonl" }, "JSON lines")));
}

function renderHits(s, res) {
  const box = clear($("results"));
  if (!res.hits.length) box.append(el("p", { text: "Nothing matches." }));
  for (const h of res.hits) {
    const open = withChange(s, n => { n.view = "article"; n.id = h.id; });
    box.append(el("div", { class: "hit" },
      el("h3", {}, link(open, { class: "title" }, h.title || h.id)),
      el("div", { class: "meta" }, [h.date || "undated", h.source].filter(Boolean).join(" · ")),
      el("p", { class: "snippet" }, highlighted(h.snippet, h.highlights))));
  }
}

function renderQuotes(s, res) {
  const box = clear($("results"));
  if (!res.hits.length) box.append(el("p", { text: "No quotes match." }));
  const groups = new Map();
  for (const h of res.hits) {
    const who = h.speaker || "(unattributed)";
    if (!groups.has(who)) groups.set(who, []);
    groups.get(who).push(h);
  }
  for (const [who, hits] of groups) {
    const head = who === "(unattributed)" ? el("span", { text: who })
      : link(withChange(s, n => { n.view = "quotes"; n.speaker = [who]; n.offset = ""; }), { class: "speaker", title: "Everything " + who + " said" }, who);
    box.append(el("div", { class: "group" },
      el("h3", {}, head, el("span", { class: "count", text: " " + hits.length })),
      hits.map(h => el("div", { class: "quote" },
        el("div", {}, h.kind === "direct" ? "\u201c" + h.snippet + "\u201d" : h.snippet, el("span", { class: "kind", text: h.kind || "" })),
        el("div", { class: "meta" }, (h.date || "undated") + " · ",
          link(withChange(s, n => { n.view = "article"; n.id = h.id; }), {}, h.title || h.id))))));
  }
}

function renderPager(s, res, size) {
  const box = clear($("pager"));
  const off = Number(s.offset) || 0;
  if (off > 0) box.append(link(withChange(s, n => { n.offset = String(Math.max(0, off - size)); }), { rel: "prev" }, "\u2190 Previous"));
  if (off + size < res.total && off + size <= 10000) box.append(link(withChange(s, n => { n.offset = String(off + size); }), { rel: "next" }, "Next \u2192"));
}

// ---- facets ----
function renderFacets(s, facets, sources, filters) {
  const box = clear($("facets"));
  for (const kind of [...NAME_KINDS, "source"]) {
    const list = kind === "source" ? sources : (facets[kind] || []);
    const active = kind === "source" ? (s.source ? [s.source] : []) : s[kind];
    if (!list.length && !active.length) continue;
    const ul = el("ul", { id: "facet-" + kind });
    const fill = items => {
      clear(ul);
      const shown = new Set();
      for (const [name, count] of items) {
        shown.add(name);
        ul.append(facetItem(s, kind, name, count, active.includes(name)));
      }
      for (const name of active) if (!shown.has(name)) ul.append(facetItem(s, kind, name, "", true));
    };
    fill(list);
    let full = null;
    const search = el("input", {
      type: "search", placeholder: "Filter " + LABELS[kind].toLowerCase(), "aria-label": "Filter " + LABELS[kind],
      oninput: async () => {
        const want = search.value.trim().toLowerCase();
        if (kind !== "source" && !full) {
          const r = await api("/api/entities?type=" + kind + "&limit=1000" + (filters ? "&" + filters : ""));
          full = r.entities.map(e => [e.name, e.count]);
        }
        fill((full || list).filter(([n]) => n.toLowerCase().includes(want)));
      },
    });
    box.append(el("details", { open: true, class: "facet" },
      el("summary", { text: LABELS[kind] }), search, ul));
  }
}

function facetItem(s, kind, name, count, on) {
  return el("li", {}, link(toggled(s, kind, name),
    { "aria-pressed": on ? "true" : "false", title: (on ? "Remove " : "Only articles with ") + name },
    el("span", { text: name }), el("span", { class: "count", text: String(count) })));
}

// ---- timeline ----
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function monthsBetween(a, b) {
  const out = [];
  let [y, m] = a.split("-").map(Number);
  const [y2, m2] = b.split("-").map(Number);
  while (y < y2 || (y === y2 && m <= m2)) {
    out.push(String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0"));
    m += 1; if (m > 12) { m = 1; y += 1; }
    if (out.length > 2400) break;
  }
  return out;
}

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  return month + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
}

function renderTimeline(s, months) {
  const box = clear($("timeline"));
  if (!months.length) return;
  const counts = new Map(months);
  const all = monthsBetween(months[0][0], months[months.length - 1][0]);
  const max = Math.max(...months.map(m => m[1]));
  const W = 1000, H = 90, base = 74, bw = Math.min(W / all.length, 40);
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "group", "aria-label": "Matches by month; drag to set dates" });
  const sel = svg("rect", { class: "sel", x: 0, y: 0, width: 0, height: base });
  g.append(sel);
  const setDates = (a, b) => go(withChange(s, n => { n.since = a + "-01"; n.until = lastDay(b); n.offset = ""; }));
  all.forEach((m, i) => {
    const c = counts.get(m) || 0;
    const h = c ? Math.max(2, (c / max) * (base - 4)) : 0;
    const bar = svg("rect", { class: "bar", x: i * bw + bw * 0.1, y: base - h, width: Math.max(bw * 0.8, 0.5), height: h, tabindex: c ? 0 : -1, "data-month": m });
    bar.append(svg("title", {}, `${m}: ${c}`));
    bar.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); setDates(m, m); } });
    g.append(bar);
  });
  const step = Math.ceil(all.length / 10);
  all.forEach((m, i) => { if (i % step === 0) g.append(svg("text", { class: "axis", x: i * bw, y: H - 4 }, all.length > 24 ? m.slice(0, 4) : m)); });
  const at = e => {
    const r = g.getBoundingClientRect();
    return Math.min(all.length - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * all.length)));
  };
  let start = null;
  g.addEventListener("pointerdown", e => { start = at(e); g.setPointerCapture(e.pointerId); });
  g.addEventListener("pointermove", e => {
    if (start === null) return;
    const [a, b] = [start, at(e)].sort((x, y) => x - y);
    sel.setAttribute("x", a * bw); sel.setAttribute("width", (b - a + 1) * bw);
  });
  g.addEventListener("pointerup", e => {
    if (start === null) return;
    const [a, b] = [start, at(e)].sort((x, y) => x - y);
    start = null;
    setDates(all[a], all[b]);
  });
  box.append(g);
}

// ---- article view ----
async function renderArticle(s, mine) {
  const a = await api("/api/articles/" + encodeURIComponent(s.id));
  if (mine !== generation) return;
  const box = clear($("article"));
  const back = withChange(s, n => { n.view = "articles"; n.id = ""; });
  const filterBy = (kind, name) => withChange(back, n => { n[kind] = [name]; n.q = ""; n.offset = ""; });
  const titleEnts = a.entities.filter(e => e.field === "title");
  const bodyEnts = a.entities.filter(e => e.field !== "title");
  box.append(
    el("p", {}, link(back, { id: "back" }, "\u2190 Back to results")),
    el("h1", { id: "article-title" }, marked(a.title, titleEnts, [], filterBy)),
    el("div", { class: "meta" }, [a.date || "undated", a.source, a.authors.join(", ")].filter(Boolean).join(" · "),
      a.url ? el("span", {}, " · ", el("a", { href: a.url, rel: "noopener noreferrer", target: "_blank" }, "original")) : null),
    el("div", { class: "legend" }, el("span", { class: "person", text: "person" }), el("span", { class: "place", text: "place" }),
      el("span", { class: "org", text: "organisation" }), el("span", { class: "inquote", text: "quote" }),
      el("span", { class: "speakerspan", text: "speaker" })),
    el("div", { class: "body", id: "article-body" }, marked(a.body, bodyEnts, a.quotes, filterBy)));
  if (a.quotes.length) {
    box.append(el("h2", { text: "Who said what here" }), el("ul", { class: "quotelist" },
      a.quotes.map(q => el("li", {},
        q.speaker ? link(filterBy("speaker", q.speaker), { class: "speaker" }, q.speaker) : "(unattributed)",
        ": ", q.kind === "direct" ? "\u201c" + q.text + "\u201d" : q.text, el("span", { class: "kind", text: q.kind })))));
  }
  document.title = a.title + " \u2014 newsdex";
  box.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

// The text cut at every span edge; each piece marked by the entity, quote and speaker over it.
function marked(text, ents, quotes, filterBy) {
  const t = byteSlicer(text);
  const cuts = new Set([0, t.len]);
  const keep = [];
  let end = -1;
  for (const e of [...ents].sort((x, y) => x.start - y.start)) {
    if (e.start < end || e.end > t.len) continue;
    keep.push(e); end = e.end; cuts.add(e.start); cuts.add(e.end);
  }
  for (const q of quotes) {
    for (const p of [q.start, q.end, q.speaker_start, q.speaker_end]) if (p !== null && p !== undefined && p <= t.len) cuts.add(p);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = t.slice(a, b);
    const ent = keep.find(e => e.start <= a && b <= e.end);
    const quote = quotes.find(q => q.start <= a && b <= q.end);
    const spoke = quotes.find(q => q.speaker_start !== null && q.speaker_start <= a && b <= q.speaker_end);
    const cls = [quote ? "inquote " + quote.kind : "", spoke ? "speakerspan" : ""].filter(Boolean).join(" ");
    let node;
    if (ent) {
      const kind = ["person", "place", "org"].includes(ent.type) ? ent.type : "person";
      node = link(filterBy(kind, ent.name), { class: "ent " + kind + (cls ? " " + cls : ""), title: ent.type + ": " + ent.name }, piece);
    } else if (cls) {
      node = el("span", { class: cls, title: quote ? quote.kind + " quote" + (quote.speaker ? " by " + quote.speaker : "") : "speaker" }, piece);
    } else {
      node = piece;
    }
    out.push(node);
  }
  return out;
}

// ---- wiring ----
document.addEventListener("click", e => {
  const a = e.target.closest("a[data-nav]");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  render();
  window.scrollTo(0, 0);
});

document.addEventListener("keydown", e => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (e.key === "/" && !typing) { e.preventDefault(); $("q").focus(); $("q").select(); }
  if (e.key === "Escape" && readState(location.search).view === "article") { e.preventDefault(); history.back(); }
});

window.addEventListener("popstate", render);

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", e => {
    e.preventDefault();
    const s = readState(location.search);
    go(withChange(s, n => { n.q = $("q").value.trim(); n.offset = ""; if (n.view === "article") { n.view = "articles"; n.id = ""; } }));
  });
  $("sort").addEventListener("change", () => {
    go(withChange(readState(location.search), n => { n.sort = $("sort").value === "date" ? "date" : ""; n.offset = ""; }));
  });
  render();
});
