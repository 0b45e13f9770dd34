/* c2graph view: the page script.
 *
 * Every string that comes from the data reaches the DOM through textContent (or
 * new Option(text)), never innerHTML; vis-network gets labels (drawn on a canvas)
 * but no `title`, so its own HTML tooltips are never used.  Tests drive the page
 * through the same controls a user has and read the state back from window.c2graph.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("c2graph-data").textContent);
  var ADDED = "#16a34a", ADDED_GLOW = "rgba(34,197,94,0.9)";
  var CHANGED = "#d97706", CHANGED_GLOW = "rgba(245,158,11,0.9)";
  var REMOVED = "#ef4444";
  var OVERLAY = "overlay:", GHOST = "removed:";
  var DIM = 0.15;

  var byId = {};
  DATA.scenarios.forEach(function (s) { byId[s.id] = s; index(s); });

  var state = { scenario: null, compare: null, lang: DATA.lang, selected: null,
                highlight: null };
  var $ = function (id) { return document.getElementById(id); };
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, DATA.options);

  var api = { network: network, nodes: nodes, edges: edges, data: DATA, state: state,
              firstDrawMs: null, draws: 0,
              marks: { added: ADDED_GLOW, changed: CHANGED_GLOW, removed: REMOVED } };
  network.on("afterDrawing", function () {
    api.draws += 1;
    if (api.firstDrawMs === null) { api.firstDrawMs = performance.now(); }
  });

  // ---- small DOM helpers (text only) ----------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // ---- per-scenario indexes ---------------------------------------------------------------
  function index(s) {
    s.edgeItem = {};
    s.edges.forEach(function (e) { s.edgeItem[e.id] = e; });
    s.up = {};        // actor -> [{from, rel}] over COMMANDS
    s.coord = {};     // actor -> [{other, rel}] over COORDINATES_WITH
    Object.keys(s.rels).forEach(function (rid) {
      var r = s.rels[rid];
      if (r.type === "COMMANDS") {
        (s.up[r.to] = s.up[r.to] || []).push({ from: r.from, rel: rid });
      } else if (r.type === "COORDINATES_WITH") {
        (s.coord[r.from] = s.coord[r.from] || []).push({ other: r.to, rel: rid });
        (s.coord[r.to] = s.coord[r.to] || []).push({ other: r.from, rel: rid });
      }
    });
  }

  function name(s, id) {
    var a = s && s.actors[id];
    if (!a) { return id; }
    return a.short || a.name_en || id;
  }

  function currentDiff() {
    if (!state.compare) { return null; }
    var d = DATA.diffs[state.scenario];
    if (!d || !has(d, state.compare)) { return null; }
    var diff = d[state.compare];
    if (!diff.sets) {  // id lookups for drawing thousands of items
      diff.sets = { actors: {}, relationships: {} };
      ["actors", "relationships"].forEach(function (k) {
        diff[k].added.forEach(function (id) { diff.sets[k][id] = "added"; });
        Object.keys(diff[k].changed).forEach(function (id) { diff.sets[k][id] = "changed"; });
      });
    }
    return diff;
  }

  // ---- highlight: the reporting chain to the top and the coordination partners -----------
  function chainOf(s, id) {
    var nodesIn = {}, edgesIn = {}, stack = [id];
    nodesIn[id] = "selected";
    while (stack.length) {
      var v = stack.pop();
      (s.up[v] || []).forEach(function (p) {
        edgesIn[p.rel] = "chain";
        if (!has(nodesIn, p.from)) { nodesIn[p.from] = "chain"; stack.push(p.from); }
      });
    }
    (s.coord[id] || []).forEach(function (p) {
      edgesIn[p.rel] = "partner";
      if (!has(nodesIn, p.other)) { nodesIn[p.other] = "partner"; }
    });
    return { nodes: nodesIn, edges: edgesIn };
  }

  // ---- drawing ---------------------------------------------------------------------------
  function nodeItem(s, n, diff) {
    var item = Object.assign({}, n);
    item.label = s.labels[n.id][state.lang];
    var at = s.positions[state.lang][n.id];
    item.x = at[0]; item.y = at[1];
    item.color = Object.assign({}, n.color);
    item.opacity = 1;
    item.shadow = { enabled: false };
    if (diff) {
      var mark = has(diff.sets.actors, n.id) ? diff.sets.actors[n.id] : null;
      if (mark) {
        item.borderWidth = 4;
        item.color.border = mark === "added" ? ADDED : CHANGED;
        item.shadow = { enabled: true, size: 16, x: 0, y: 0,
                        color: mark === "added" ? ADDED_GLOW : CHANGED_GLOW };
      }
    }
    var h = state.highlight;
    if (h) {
      if (has(h.nodes, n.id)) {
        if (h.nodes[n.id] === "selected") { item.borderWidth = 5; item.color.border = "#111827"; }
      } else {
        item.opacity = DIM;
        item.font = Object.assign({}, n.font, { color: "#d1d5db" });
      }
    }
    return item;
  }

  function relOf(id) {
    if (id.indexOf(OVERLAY) === 0) { return id.slice(OVERLAY.length); }
    if (id.indexOf(GHOST) === 0) { return id.slice(GHOST.length); }
    return id;
  }

  function edgeItem(e, diff) {
    var item = Object.assign({}, e);
    var rid = relOf(e.id);
    item.color = Object.assign({}, e.color, { opacity: 1 });
    item.shadow = { enabled: false };
    if (diff && e.id.indexOf(OVERLAY) !== 0) {
      var mark = has(diff.sets.relationships, rid) ? diff.sets.relationships[rid] : null;
      if (mark) {
        item.width = e.width + 1.5;
        item.shadow = { enabled: true, size: 12, x: 0, y: 0,
                        color: mark === "added" ? ADDED_GLOW : CHANGED_GLOW };
      }
    }
    var h = state.highlight;
    if (h) {
      if (has(h.edges, rid)) {
        if (e.id.indexOf(OVERLAY) !== 0) { item.width = (item.width || 1) * 1.8; }
      } else {
        item.color.opacity = 0.12;
        item.font = Object.assign({}, e.font, { color: "#e5e7eb", strokeWidth: 0 });
      }
    }
    return item;
  }

  function ghostItems(s, diff) {
    if (!diff || !state.compare) { return []; }
    var c = byId[state.compare];
    var out = [];
    diff.relationships.removed.forEach(function (rid) {
      var r = c.rels[rid], e = c.edgeItem[rid];
      if (!r || !e || !has(s.actors, r.from) || !has(s.actors, r.to)) { return; }
      var g = Object.assign({}, e, {
        id: GHOST + rid, width: 3, dashes: [12, 7],
        color: { color: REMOVED, highlight: REMOVED, hover: REMOVED, inherit: false,
                 opacity: state.highlight ? 0.12 : 0.6 },
        smooth: { enabled: true, type: "curvedCCW", roundness: 0.3 },
        label: "✕ removed " + r.type + (r.authority ? " " + r.authority : ""),
        font: { size: 12, color: REMOVED, strokeWidth: 4, strokeColor: "#ffffff",
                align: "middle", bold: { color: REMOVED } },
        shadow: { enabled: false }
      });
      out.push(g);
    });
    return out;
  }

  // What vis-network was last given, as JSON per item id: an update sends only the
  // items that changed (vis-network re-reads every option of every item it is given,
  // ~0.3 ms each: seconds for a 5,000-actor scenario).
  var given = { nodes: {}, edges: {} };

  function changed(items, seen) {
    return items.filter(function (item) {
      var json = JSON.stringify(item);
      if (seen[item.id] === json) { return false; }
      seen[item.id] = json;
      return true;
    });
  }

  function draw(full) {
    var s = byId[state.scenario], diff = currentDiff();
    var ns = s.nodes.map(function (n) { return nodeItem(s, n, diff); });
    var es = s.edges.map(function (e) { return edgeItem(e, diff); }).concat(ghostItems(s, diff));
    if (full) { given = { nodes: {}, edges: {} }; }
    var sendNodes = changed(ns, given.nodes), sendEdges = changed(es, given.edges);
    api.lastDraw = { items: ns.length + es.length, sent: sendNodes.length + sendEdges.length };
    if (full) {
      nodes.clear(); edges.clear();
      nodes.add(sendNodes); edges.add(sendEdges);
    } else {
      nodes.update(sendNodes); edges.update(sendEdges);
    }
  }


  // ---- heading, selectors, panels --------------------------------------------------------
  function scenarioText(s) {
    return (s.title || s.id) + " — " + (s.status || "?") + " (" + s.id + ")";
  }

  function fillSelectors() {
    var sel = $("scenario");
    DATA.scenarios.forEach(function (s) { sel.appendChild(new Option(scenarioText(s), s.id)); });
    $("lang").value = state.lang;
  }

  function fillCompare() {
    var sel = clear($("compare"));
    sel.appendChild(new Option("— nothing —", ""));
    DATA.scenarios.forEach(function (s) {
      if (s.id !== state.scenario) { sel.appendChild(new Option(scenarioText(s), s.id)); }
    });
    sel.value = state.compare || "";
  }

  function heading() {
    var s = byId[state.scenario];
    $("title").textContent = s.title || s.id;
    var badge = $("status");
    badge.textContent = "status: " + (s.status || "?");
    badge.className = "badge " + (s.status || "");
    var parts = [s.id];
    if (s.date) { parts.push(s.date); }
    if (s.base) { parts.push("based on " + (byId[s.base] ? byId[s.base].title || s.base : s.base)); }
    parts.push(Object.keys(s.actors).length + " actors, " + Object.keys(s.rels).length + " relationships drawn");
    if (DATA.focus) {
      parts.push("focus: " + name(s, DATA.focus) + " within " + DATA.depth + " lines");
    }
    $("subtitle").textContent = parts.join(" · ");
    document.title = "c2graph — " + (s.title || s.id) + " (" + (s.status || "?") + ")";
  }

  function relText(s, r) {
    var t = r.type + (r.authority ? " " + r.authority : "");
    return name(s, r.from) + " —" + t + "→ " + name(s, r.to);
  }

  function changes() {
    var body = clear($("changes-body"));
    var diff = currentDiff(), s = byId[state.scenario];
    if (!diff) {
      body.appendChild(el("p", "Not compared with another scenario. Pick one under “Compare with”.", "hint"));
      return;
    }
    var c = byId[state.compare];
    body.appendChild(el("p", "Against " + scenarioText(c) + ":", "hint"));
    var a = diff.actors, r = diff.relationships;
    var total = a.added.length + a.removed.length + Object.keys(a.changed).length +
      r.added.length + r.removed.length + Object.keys(r.changed).length;
    if (!total) { body.appendChild(el("p", "No differences.")); return; }
    var list = el("ul", null, "lines");
    function item(text, cls, actor) {
      var li = el("li", text, cls + (actor && has(s.actors, actor) ? " click" : ""));
      if (actor && has(s.actors, actor)) {
        li.addEventListener("click", function () { select(actor, true); });
      }
      list.appendChild(li);
    }
    a.added.forEach(function (id) { item("+ actor " + name(s, id) + " (" + id + ")", "add", id); });
    a.removed.forEach(function (id) { item("− actor " + name(c, id) + " (" + id + ")", "rem", null); });
    Object.keys(a.changed).forEach(function (id) {
      item("~ actor " + name(s, id) + ": " + a.details[id], "chg", id);
    });
    r.added.forEach(function (id) { item("+ " + relText(s, s.rels[id]), "add", null); });
    r.removed.forEach(function (id) { item("− " + relText(c, c.rels[id]), "rem", null); });
    Object.keys(r.changed).forEach(function (id) {
      item("~ " + relText(s, s.rels[id]) + ": " + r.details[id], "chg", null);
    });
    body.appendChild(list);
  }

  function show(v) {
    if (v === undefined || v === null) { return "—"; }
    if (Array.isArray(v)) { return v.join(", "); }
    return String(v);
  }

  function facts(pairs) {
    var dl = el("dl", null, "facts");
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === "") { return; }
      dl.appendChild(el("dt", p[0]));
      dl.appendChild(el("dd", show(p[1])));
    });
    return dl;
  }

  function details() {
    var body = clear($("details-body")), s = byId[state.scenario];
    var id = state.selected;
    if (!id) {
      body.appendChild(el("p", "Click an actor to see its reporting chain to the top and its" +
        " coordination partners. Click the background or press Esc to clear.", "hint"));
      return;
    }
    var a = s.actors[id];
    body.appendChild(el("h3", a.name_en || id));
    if (a.name_ja) { body.appendChild(el("div", a.name_ja, "ja")); }
    body.appendChild(facts([["id", id], ["short", a.short], ["kind", a.kind],
      ["nation", a.nation], ["rank", a.rank], ["status", a.status], ["location", a.location],
      ["sources", a.sources], ["note", a.note]]));
    var h = state.highlight, chain = [], partners = [];
    Object.keys(h.edges).forEach(function (rid) {
      (h.edges[rid] === "chain" ? chain : partners).push(s.rels[rid]);
    });
    var level = {};
    s.nodes.forEach(function (n) { level[n.id] = n.level; });
    chain.sort(function (x, y) { return (level[x.from] - level[y.from]) || (x.id < y.id ? -1 : 1); });
    body.appendChild(el("h3", chain.length ? "Reporting chain (command lines to the top)"
                                          : "Reporting chain: none (a top of its chain)"));
    var ul = el("ul", null, "lines");
    chain.forEach(function (r) { ul.appendChild(el("li", relText(s, r))); });
    body.appendChild(ul);
    body.appendChild(el("h3", partners.length ? "Coordinates with" : "Coordinates with: nobody"));
    var pl = el("ul", null, "lines");
    partners.forEach(function (r) {
      var other = r.from === id ? r.to : r.from;
      var li = el("li", name(s, other) + " (" + other + ")", "click");
      li.addEventListener("click", function () { select(other, true); });
      pl.appendChild(li);
    });
    body.appendChild(pl);
  }

  // ---- tooltips (our own, text only) -----------------------------------------------------
  var tip = $("tooltip");

  function diffLine(kind, id) {
    var diff = currentDiff();
    if (!diff) { return null; }
    var d = kind === "actor" ? diff.actors : diff.relationships;
    if (diff.sets[kind === "actor" ? "actors" : "relationships"][id] === "added") {
      return "New against " + state.compare;
    }
    if (has(d.changed, id)) { return "Changed against " + state.compare + ": " + d.details[id]; }
    return null;
  }

  function nodeTip(id) {
    var s = byId[state.scenario], a = s.actors[id];
    var box = document.createDocumentFragment();
    box.appendChild(el("div", a.name_en || id, "head"));
    if (a.name_ja) { box.appendChild(el("div", a.name_ja)); }
    var lines = [(a.short ? a.short + " · " : "") + a.kind + " · " + a.nation + " · " + id];
    if (a.rank) { lines.push("Rank: " + a.rank); }
    lines.push("Status: " + a.status);
    if (a.location) { lines.push("Location: " + a.location); }
    if (a.sources) { lines.push("Sources: " + show(a.sources)); }
    if (a.note) { lines.push("Note: " + a.note); }
    lines.forEach(function (t) { box.appendChild(el("div", t)); });
    var d = diffLine("actor", id);
    if (d) { box.appendChild(el("div", d, "diff")); }
    return box;
  }

  function edgeTip(eid) {
    var ghost = eid.indexOf(GHOST) === 0, rid = relOf(eid);
    var s = ghost ? byId[state.compare] : byId[state.scenario];
    var r = s.rels[rid];
    var box = document.createDocumentFragment();
    var t = DATA.vocab.types[r.type] || {};
    box.appendChild(el("div", r.type + (t.ja ? " (" + t.ja + ")" : ""), "head"));
    if (r.authority) {
      box.appendChild(el("div", "Authority: " + r.authority + " — " +
                                (DATA.vocab.authorities[r.authority] || "")));
    }
    box.appendChild(el("div", (s.actors[r.from] ? s.actors[r.from].name_en : r.from) + " → " +
                              (s.actors[r.to] ? s.actors[r.to].name_en : r.to)));
    if (t.meaning && !r.authority) { box.appendChild(el("div", t.meaning)); }
    if (r.sources) { box.appendChild(el("div", "Sources: " + show(r.sources))); }
    if (r.note) { box.appendChild(el("div", "Note: " + r.note)); }
    var d = ghost ? "Removed: in " + state.compare + ", not in " + state.scenario
                  : diffLine("relationship", rid);
    if (d) { box.appendChild(el("div", d, "diff")); }
    return box;
  }

  function showTip(content, pointer) {
    clear(tip).appendChild(content);
    tip.hidden = false;
    var stage = $("stage").getBoundingClientRect();
    var x = pointer.x + 14, y = pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > stage.width) { x = Math.max(0, pointer.x - w - 10); }
    if (y + h > stage.height) { y = Math.max(0, pointer.y - h - 10); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }

  network.on("hoverNode", function (p) { showTip(nodeTip(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeTip(String(p.edge)), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- actions ---------------------------------------------------------------------------
  function select(id, focus) {
    var s = byId[state.scenario];
    state.selected = id && has(s.actors, id) ? id : null;
    state.highlight = state.selected ? chainOf(s, state.selected) : null;
    draw(false);
    if (state.selected) {
      network.selectNodes([state.selected], false);
      if (focus) { network.focus(state.selected, { scale: Math.max(network.getScale(), 0.9), animation: false }); }
    } else {
      network.unselectAll();
    }
    details();
  }

  function setScenario(id) {
    if (!has(byId, id)) { return; }
    state.scenario = id;
    var s = byId[id];
    state.compare = s.base && has(byId, s.base) ? s.base : null;
    $("scenario").value = id;
    fillCompare();
    var keep = state.selected && has(s.actors, state.selected) ? state.selected : null;
    state.selected = keep;
    state.highlight = keep ? chainOf(s, keep) : null;
    draw(true);
    network.fit({ animation: false });
    if (keep) { network.selectNodes([keep], false); }
    heading(); changes(); details(); search();
  }

  function setCompare(id) {
    state.compare = id && has(byId, id) && id !== state.scenario ? id : null;
    $("compare").value = state.compare || "";
    draw(true);
    changes();
  }

  function norm(t) { return String(t || "").normalize("NFKC").toLowerCase().trim(); }

  function search() {
    var q = norm($("search").value), out = clear($("results"));
    if (!q) { return []; }
    var s = byId[state.scenario], hits = [];
    Object.keys(s.actors).forEach(function (id) {
      var a = s.actors[id], best = 9;
      [id, a.short, a.name_en, a.name_ja].forEach(function (f) {
        var v = norm(f);
        if (!v) { return; }
        if (v === q) { best = Math.min(best, 0); }
        else if (v.indexOf(q) === 0) { best = Math.min(best, 1); }
        else if (v.indexOf(q) > 0) { best = Math.min(best, 2); }
      });
      if (best < 9) { hits.push([best, a.name_en || id, id]); }
    });
    hits.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); });
    if (!hits.length) { out.appendChild(el("li", "No actor matches.", "none")); return []; }
    hits.slice(0, 30).forEach(function (h) {
      var a = s.actors[h[2]];
      var li = el("li", [a.short, a.name_en, a.name_ja].filter(Boolean).join(" · ") + " (" + h[2] + ")");
      li.dataset.id = h[2];
      li.addEventListener("click", function () { select(h[2], true); });
      out.appendChild(li);
    });
    return hits.map(function (h) { return h[2]; });
  }

  // ---- wiring ----------------------------------------------------------------------------
  network.on("click", function (p) {
    if (p.nodes.length) { select(String(p.nodes[0]), false); }
    else if (!p.edges.length) { select(null); }
  });
  $("scenario").addEventListener("change", function (e) { setScenario(e.target.value); });
  $("compare").addEventListener("change", function (e) { setCompare(e.target.value); });
  $("lang").addEventListener("change", function (e) {
    if (["en", "ja", "both"].indexOf(e.target.value) >= 0) {
      state.lang = e.target.value;
      draw(false);
      network.fit({ animation: false });
    }
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  $("clear").addEventListener("click", function () { select(null); });
  $("panel").addEventListener("click", function (e) {
    var hidden = document.body.classList.toggle("nopanel");
    e.target.textContent = hidden ? "Show panel" : "Hide panel";
    e.target.setAttribute("aria-expanded", hidden ? "false" : "true");
    network.setSize("100%", "100%");
    network.redraw();
    network.fit({ animation: false });
  });
  $("search").addEventListener("input", search);
  $("search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var first = $("results").querySelector("li[data-id]");
      if (first) { select(first.dataset.id, true); }
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { select(null); hideTip(); }
  });

  api.select = select;
  api.setScenario = setScenario;
  api.setCompare = setCompare;
  api.search = search;
  api.highlight = function () {
    return state.highlight ? { nodes: Object.assign({}, state.highlight.nodes),
                               edges: Object.assign({}, state.highlight.edges) } : null;
  };
  window.c2graph = api;

  fillSelectors();
  setScenario(DATA.initial);
  if (DATA.focus) { select(DATA.focus, false); }
  api.ready = true;
})();
