/* c2graph view: the page (module C2View), wiring the data model (C2Model), the
 * drawing (C2Render) and the interface strings (C2Strings) to the page's controls.
 *
 * Entry point: C2View.mount(DATA) on a page with the skeleton of viz/assets/view.html
 * (elements by id: graph, tooltip, title, status, subtitle, scenario, compare, lang,
 * fit, top, clear, panel, search, results, details-body, changes-body, legend-body,
 * and the marking banners).  It returns the page's API, also set as window.c2graph
 * for tests and the explorer: select(id), setScenario(id), setCompare(id),
 * setLang(lang), expand(id), collapse(id), search(), highlight(), and the
 * vis-network instance and DataSets.
 *
 * Every string that comes from the data reaches the DOM through textContent (or
 * new Option(text)), never innerHTML; vis-network gets labels (drawn on a canvas)
 * but no `title`, so its own HTML tooltips are never used.
 */
var C2View = (function () {
  "use strict";

  //: The smallest zoom the page opens at: names (14 px) drawn at >= 12 px.
  var MIN_OPEN_SCALE = 0.95;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }

  function mount(DATA) {
    var $ = function (id) { return document.getElementById(id); };
    var S = C2Strings, V = DATA.vocab;
    var model = C2Model.create(DATA);
    var render = C2Render.create($("graph"), V);
    var network = render.network;
    var state = { scenario: null, compare: null, lang: DATA.lang, selected: null,
                  highlight: null, shown: [], positions: {} };
    var api = { network: network, nodes: render.nodes, edges: render.edges, data: DATA, render: render,
                model: model, state: state, firstDrawMs: null, draws: 0, marks: render.marks };
    network.on("afterDrawing", function () {
      api.draws += 1;
      if (api.firstDrawMs === null) { api.firstDrawMs = performance.now(); }
    });
    function t(key, args) { return S.t(state.lang, key, args); }
    function sc() { return model.scenario(state.scenario); }

    function name(a, id) {
      if (!a) { return id; }
      if (S.lang(state.lang) === "ja" && a.name_ja) { return a.name_ja; }
      return a.short || a.name_en || id;
    }
    function nameIn(s, id) { return name(s.actors[id], id); }
    function fullName(a) {
      return S.lang(state.lang) === "ja" ? a.name_ja || a.name_en || a.id : a.name_en || a.id;
    }
    function titleOf(meta) {
      return S.lang(state.lang) === "ja" && meta.title_ja ? meta.title_ja : meta.title || meta.id;
    }

    // ---- drawing -------------------------------------------------------------------------
    function collapsedCount(s) {
      return function (i) { return s.open[i] || !s.children[i].length ? 0 : s.below[i]; };
    }

    /** Visible actors and their positions (after an expand, collapse, scenario or
     *  label language change). */
    function relayout() {
      var s = sc(), count = collapsedCount(s);
      state.shown = model.visible(s);
      state.positions = model.layout(s, state.shown, state.lang, function (i) {
        var a = s.actors[s.ids[i]];
        return render.size(render.label(a, state.lang, S, count(i)), a.kind);
      }, V.geometry);
    }

    function draw() {
      var s = sc(), diff = model.diff(state.scenario, state.compare);
      var it = render.items({ sc: s, shown: state.shown, positions: state.positions,
                              lang: state.lang, strings: S, diff: diff,
                              other: state.compare ? model.scenario(state.compare) : null,
                              highlight: state.highlight, name: name,
                              collapsed: collapsedCount(s) });
      api.lastDraw = render.sync(it);
    }

    /** Open on the top of the chain: the whole drawing if its names stay >= 12 px,
     *  else the top rows at a legible zoom. */
    function openView() {
      network.fit({ animation: false });
      if (network.getScale() >= MIN_OPEN_SCALE) { return; }
      var top = Infinity, left = Infinity, right = -Infinity;
      state.shown.forEach(function (i) {
        var p = state.positions[sc().ids[i]];
        top = Math.min(top, p[1]);
      });
      state.shown.forEach(function (i) {
        var p = state.positions[sc().ids[i]];
        if (p[1] === top) { left = Math.min(left, p[0]); right = Math.max(right, p[0]); }
      });
      var box = $("graph").getBoundingClientRect();
      network.moveTo({ position: { x: (left + right) / 2, y: top - 40 + box.height / 2 / MIN_OPEN_SCALE },
                       scale: MIN_OPEN_SCALE, animation: false });
    }

    // ---- heading, selectors, panels ------------------------------------------------------
    function scenarioText(id) {
      var m = model.meta[id];
      return titleOf(m) + " — " + S.status(state.lang, V, m.status || "?") + " (" + id + ")";
    }

    function fillSelectors() {
      var sel = clear($("scenario"));
      model.order.forEach(function (id) { sel.appendChild(new Option(scenarioText(id), id)); });
      sel.value = state.scenario || "";
      var langSel = clear($("lang"));
      ["en", "ja", "both"].forEach(function (l) {
        langSel.appendChild(new Option(S.TABLE.en.languages[l], l));
      });
      langSel.value = state.lang;
    }

    function fillCompare() {
      var sel = clear($("compare"));
      sel.appendChild(new Option(t("nothing"), ""));
      model.order.forEach(function (id) {
        if (id !== state.scenario) { sel.appendChild(new Option(scenarioText(id), id)); }
      });
      sel.value = state.compare || "";
    }

    function interfaceText() {
      document.documentElement.lang = S.lang(state.lang);
      document.querySelectorAll("[data-t]").forEach(function (e) {
        e.textContent = t(e.getAttribute("data-t"));
      });
      $("search").placeholder = t("search");
      $("graph").setAttribute("aria-label", t("graph"));
      $("panel").textContent = document.body.classList.contains("nopanel") ? t("showPanel") : t("hidePanel");
      var marking = DATA.marking;
      document.querySelectorAll(".marking").forEach(function (b) {
        b.hidden = !marking;
        b.textContent = marking ? marking.text : "";
        if (marking) { b.style.background = marking.bg; b.style.color = marking.fg; }
      });
      legend();
    }

    function heading() {
      var s = sc(), m = s.meta;
      $("title").textContent = titleOf(m);
      var badge = $("status");
      badge.textContent = t("status", { status: S.status(state.lang, V, m.status || "?") });
      badge.className = "badge " + (m.status || "");
      var parts = [m.id];
      if (m.date) { parts.push(m.date); }
      if (m.base) { parts.push(t("basedOn", { title: model.meta[m.base] ? titleOf(model.meta[m.base]) : m.base })); }
      parts.push(t("drawn", { actors: s.size.toLocaleString("en-US"),
                              rels: Object.keys(s.rels).length.toLocaleString("en-US") }));
      if (state.shown.length < s.size) {
        parts.push(t("shown", { shown: state.shown.length.toLocaleString("en-US"),
                                actors: s.size.toLocaleString("en-US") }));
      }
      if (DATA.focus) { parts.push(t("focus", { name: nameIn(s, DATA.focus), depth: DATA.depth })); }
      $("subtitle").textContent = parts.join(" · ");
      document.title = "c2graph — " + titleOf(m) + " (" + S.status(state.lang, V, m.status || "?") + ")";
    }

    function relText(s, r) {
      var word = r.authority ? S.authority(state.lang, V, r.authority) : S.lineName(state.lang, V, r.type);
      return nameIn(s, r.from) + " —" + word + "→ " + nameIn(s, r.to);
    }

    function changes() {
      var body = clear($("changes-body"));
      var diff = model.diff(state.scenario, state.compare), s = sc();
      if (!diff) { body.appendChild(el("p", t("notCompared"), "hint")); return; }
      var c = model.scenario(state.compare);
      body.appendChild(el("p", t("against", { scenario: scenarioText(state.compare) }), "hint"));
      var a = diff.actors, r = diff.relationships;
      var total = a.added.length + a.removed.length + Object.keys(a.changed).length +
        r.added.length + r.removed.length + Object.keys(r.changed).length;
      if (!total) { body.appendChild(el("p", t("noDiff"))); return; }
      var list = el("ul", null, "lines");
      function item(text, cls, actor) {
        var li = el("li", text, cls + (actor && has(s.actors, actor) ? " click" : ""));
        if (actor && has(s.actors, actor)) {
          li.addEventListener("click", function () { select(actor, true); });
        }
        list.appendChild(li);
      }
      a.added.forEach(function (id) { item(t("actorAdded", { name: nameIn(s, id), id: id }), "add", id); });
      a.removed.forEach(function (id) { item(t("actorRemoved", { name: nameIn(c, id), id: id }), "rem", null); });
      Object.keys(a.changed).forEach(function (id) {
        item(t("actorChanged", { name: nameIn(s, id), details: changeText(a, id) }), "chg", id);
      });
      r.added.forEach(function (id) { item("+ " + relText(s, s.rels[id]), "add", null); });
      r.removed.forEach(function (id) {
        var x = c.rels[id];
        item("− " + nameIn(c, x.from) + ": " + S.gone(state.lang, x.type, nameIn(c, x.to)), "rem", null);
      });
      Object.keys(r.changed).forEach(function (id) {
        item("~ " + relText(s, s.rels[id]) + ": " + changeText(r, id), "chg", null);
      });
      body.appendChild(list);
    }

    /** What changed on an item: the diff's own words in English; in Japanese the
     *  names of the changed properties (the values are the data's). */
    function changeText(group, id) {
      if (S.lang(state.lang) !== "ja") { return group.details[id]; }
      return group.changed[id].map(function (f) {
        return S.TABLE.ja[f === "status" ? "statusField" : f] || f;
      }).join("・") + "：変更";
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
        dl.appendChild(el("dt", t(p[0])));
        dl.appendChild(el("dd", show(p[1])));
      });
      return dl;
    }

    function details() {
      var body = clear($("details-body")), s = sc(), id = state.selected;
      if (!id) { body.appendChild(el("p", t("hint"), "hint")); return; }
      var a = s.actors[id], ja = S.lang(state.lang) === "ja";
      body.appendChild(el("h3", ja ? a.name_ja || a.name_en || id : a.name_en || id));
      var second = ja ? a.name_en : a.name_ja;
      if (second) { body.appendChild(el("div", second, "ja")); }
      body.appendChild(facts([["id", id], ["short", a.short], ["kind", S.kind(state.lang, V, a.kind)],
        ["nation", S.nation(state.lang, V, a.nation)], ["rank", a.rank],
        ["statusField", S.status(state.lang, V, a.status)], ["location", a.location],
        ["sources", a.sources], ["note", a.note]]));
      var i = s.at[id];
      if (s.children[i].length && !s.pos) {
        var b = el("button", s.open[i] ? t("collapse") : t("expand", { count: s.below[i].toLocaleString("en-US") }));
        b.type = "button";
        b.addEventListener("click", function () { (s.open[i] ? collapse : expand)(id); });
        body.appendChild(b);
      }
      var h = state.highlight, chain = [], partners = [];
      Object.keys(h.edges).forEach(function (rid) {
        (h.edges[rid] === "chain" ? chain : partners).push(s.rels[rid]);
      });
      chain.sort(function (x, y) {
        return (s.level[s.at[x.from]] - s.level[s.at[y.from]]) || (x.id < y.id ? -1 : 1);
      });
      body.appendChild(el("h3", chain.length ? t("chain") : t("noChain")));
      var ul = el("ul", null, "lines");
      chain.forEach(function (r) { ul.appendChild(el("li", relText(s, r))); });
      body.appendChild(ul);
      body.appendChild(el("h3", partners.length ? t("partners") : t("noPartners")));
      var pl = el("ul", null, "lines");
      partners.forEach(function (r) {
        var other = r.from === id ? r.to : r.from;
        var li = el("li", nameIn(s, other) + " (" + other + ")", "click");
        li.addEventListener("click", function () { select(other, true); });
        pl.appendChild(li);
      });
      body.appendChild(pl);
    }

    // ---- legend (from the style table, in the interface language) ------------------------
    var SVG = "http://www.w3.org/2000/svg";
    function svg(w, h, children) {
      var s = document.createElementNS(SVG, "svg");
      s.setAttribute("width", w); s.setAttribute("height", h); s.setAttribute("aria-hidden", "true");
      children.forEach(function (c) {
        var e = document.createElementNS(SVG, c[0]);
        Object.keys(c[1]).forEach(function (k) { e.setAttribute(k, c[1][k]); });
        s.appendChild(e);
      });
      return s;
    }
    var DASH = { solid: null, dashed: "8 5", dotted: "2 4", dashdot: "10 4 2 4" };
    var SWATCH = {
      ellipse: ["ellipse", { cx: 20, cy: 9, rx: 17, ry: 7 }],
      box: ["rect", { x: 4, y: 2, width: 32, height: 14 }],
      "rounded-box": ["rect", { x: 4, y: 2, width: 32, height: 14, rx: 5 }],
      hexagon: ["path", { d: "M13 2 L27 2 L33 9 L27 16 L13 16 L7 9 Z" }]
    };
    function stroke(extra) {
      return Object.assign({ fill: "#fff", stroke: "#374151", "stroke-width": 1.5 }, extra);
    }

    function legend() {
      var body = clear($("legend-body")), lang = state.lang;
      function list(title, rows) {
        body.appendChild(el("h3", title));
        var ul = el("ul", null, "legend");
        rows.forEach(function (r) {
          var li = el("li");
          li.appendChild(r[0]);
          li.appendChild(document.createTextNode(r[1]));
          ul.appendChild(li);
        });
        body.appendChild(ul);
      }
      list(t("nations"), V.nationOrder.map(function (n) {
        var sw = el("span", null, "swatch");
        sw.style.background = V.nations[n].fill;
        sw.style.borderColor = V.nations[n].color;
        return [sw, S.nation(lang, V, n) + (S.lang(lang) === "ja" ? "" : "")];
      }));
      var kinds = Object.keys(V.kinds).map(function (k) {
        var s = SWATCH[V.kinds[k].shape] || SWATCH.box;
        return [svg(40, 18, [[s[0], stroke(s[1])]]), S.kind(lang, V, k)];
      });
      kinds.push([svg(40, 18, [["rect", stroke({ x: 4, y: 2, width: 32, height: 14, "stroke-dasharray": "4 3" })]]),
                  t("tentative")]);
      kinds.push([svg(40, 18, [["rect", stroke({ x: 4, y: 2, width: 32, height: 14 })]]), t("collapsedLegend")]);
      list(t("kinds"), kinds);
      list(t("lines"), Object.keys(V.lines).map(function (type) {
        var line = V.lines[type], parts = [];
        var attrs = { x1: 2, y1: 8, x2: line.arrow ? 36 : 40, y2: 8, stroke: line.color,
                      "stroke-width": Math.max(line.width, 1).toFixed(1) };
        if (DASH[line.dash]) { attrs["stroke-dasharray"] = DASH[line.dash]; }
        if (line.double) {
          parts.push(["line", { x1: 2, y1: 8, x2: 40, y2: 8, stroke: line.color, "stroke-width": 5 }]);
          parts.push(["line", { x1: 2, y1: 8, x2: 40, y2: 8, stroke: "#fff", "stroke-width": 1.4 }]);
        } else { parts.push(["line", attrs]); }
        if (line.arrow) { parts.push(["path", { d: "M34 4 L42 8 L34 12 Z", fill: line.color }]); }
        return [svg(44, 16, parts), S.lineName(lang, V, type)];
      }));
      var added = el("span", null, "swatch glow-added"), changedSw = el("span", null, "swatch glow-changed");
      list(t("changeLegend"), [
        [added, t("added")], [changedSw, t("changed")],
        [svg(44, 16, [["line", { x1: 2, y1: 8, x2: 40, y2: 8, stroke: "#ef4444", "stroke-opacity": 0.6,
                                 "stroke-width": 3, "stroke-dasharray": "12 7" }]]), t("removedLine")]]);
    }

    // ---- tooltips (our own, text only) ---------------------------------------------------
    var tip = $("tooltip");

    function diffLine(kind, id) {
      var diff = model.diff(state.scenario, state.compare);
      if (!diff) { return null; }
      var k = kind === "actor" ? "actors" : "relationships";
      if (diff.sets[k][id] === "added") { return t("newAgainst", { scenario: state.compare }); }
      if (has(diff[k].changed, id)) {
        return t("changedAgainst", { scenario: state.compare, details: changeText(diff[k], id) });
      }
      return null;
    }

    function nodeTip(id) {
      var s = sc(), a = s.actors[id], ja = S.lang(state.lang) === "ja";
      var box = document.createDocumentFragment();
      box.appendChild(el("div", ja ? a.name_ja || a.name_en || id : a.name_en || id, "head"));
      var second = ja ? a.name_en : a.name_ja;
      if (second) { box.appendChild(el("div", second)); }
      var lines = [(a.short ? a.short + " · " : "") + S.kind(state.lang, V, a.kind) + " · " +
                   S.nation(state.lang, V, a.nation) + " · " + id];
      if (a.rank) { lines.push(t("rankLine", { rank: a.rank })); }
      lines.push(t("statusLine", { status: S.status(state.lang, V, a.status) }));
      if (a.location) { lines.push(t("locationLine", { location: a.location })); }
      if (a.sources) { lines.push(t("sourcesLine", { sources: show(a.sources) })); }
      if (a.note) { lines.push(t("noteLine", { note: a.note })); }
      var i = s.at[id];
      if (!s.open[i] && s.children[i].length) { lines.push(t("below", { count: s.below[i].toLocaleString("en-US") })); }
      lines.forEach(function (x) { box.appendChild(el("div", x)); });
      var d = diffLine("actor", id);
      if (d) { box.appendChild(el("div", d, "diff")); }
      return box;
    }

    function edgeTip(eid) {
      var ghost = eid.indexOf(render.GHOST) === 0;
      var rid = eid.replace(/^(overlay:|removed:)/, "");
      var s = ghost ? model.scenario(state.compare) : sc(), r = s.rels[rid];
      var box = document.createDocumentFragment();
      var word = S.lineName(state.lang, V, r.type);
      box.appendChild(el("div", ghost ? nameIn(s, r.from) + ": " + S.gone(state.lang, r.type, nameIn(s, r.to))
                                      : word + (S.lang(state.lang) === "ja" ? "" : " (" + ((V.types[r.type] || {}).ja || r.type) + ")"),
                      "head"));
      if (r.authority) {
        var au = V.authorities[r.authority] || {};
        box.appendChild(el("div", t("authorityLine", { authority: S.authority(state.lang, V, r.authority),
                                                       meaning: au.meaning || "" })));
      }
      box.appendChild(el("div", fullNameOf(s, r.from) + " → " + fullNameOf(s, r.to)));
      if ((V.types[r.type] || {}).meaning && !r.authority && S.lang(state.lang) !== "ja") {
        box.appendChild(el("div", V.types[r.type].meaning));
      }
      if (r.sources) { box.appendChild(el("div", t("sourcesLine", { sources: show(r.sources) }))); }
      if (r.note) { box.appendChild(el("div", t("noteLine", { note: r.note }))); }
      var d = ghost ? t("removedIn", { compare: state.compare, scenario: state.scenario })
                    : diffLine("relationship", rid);
      if (d) { box.appendChild(el("div", d, "diff")); }
      return box;
    }
    function fullNameOf(s, id) { return s.actors[id] ? fullName(s.actors[id]) : id; }

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

    network.on("hoverNode", function (p) { showTip(nodeTip(String(p.node)), p.pointer.DOM); });
    network.on("hoverEdge", function (p) { showTip(edgeTip(String(p.edge)), p.pointer.DOM); });
    network.on("blurNode", hideTip);
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);

    // ---- actions -------------------------------------------------------------------------
    function select(id, focus) {
      var s = sc();
      state.selected = id && has(s.actors, id) ? id : null;
      if (state.selected && model.reveal(s, state.selected)) { relayout(); heading(); }
      state.highlight = state.selected ? model.chain(s, state.selected) : null;
      draw();
      if (state.selected) {
        network.selectNodes([state.selected], false);
        if (focus) { network.focus(state.selected, { scale: Math.max(network.getScale(), MIN_OPEN_SCALE), animation: false }); }
      } else {
        network.unselectAll();
      }
      details();
    }

    function expand(id) {
      var s = sc(), i = s.at[id];
      if (i === undefined || s.open[i] || !s.children[i].length) { return false; }
      s.open[i] = 1;
      relayout(); draw(); heading();
      if (state.selected) { network.selectNodes([state.selected], false); details(); }
      return true;
    }

    function collapse(id) {
      var s = sc(), i = s.at[id];
      if (i === undefined || !s.open[i] || s.pos) { return false; }
      s.open[i] = 0;
      relayout();
      if (state.selected && !visibleId(state.selected)) {
        state.selected = null; state.highlight = null; network.unselectAll();
      }
      draw(); heading(); details();
      if (state.selected) { network.selectNodes([state.selected], false); }
      return true;
    }

    function visibleId(id) { return has(state.positions, id); }

    function setScenario(id) {
      if (!has(model.meta, id)) { return; }
      state.scenario = id;
      var s = sc(), m = s.meta;
      state.compare = m.base && has(model.meta, m.base) ? m.base : null;
      $("scenario").value = id;
      fillCompare();
      var keep = state.selected && has(s.actors, state.selected) ? state.selected : null;
      state.selected = keep;
      if (keep) { model.reveal(s, keep); }
      relayout();
      state.highlight = keep ? model.chain(s, keep) : null;
      heading(); changes(); details(); search();   // the page's layout settles first
      draw();
      network.setSize("100%", "100%");
      openView();
      if (keep) { network.selectNodes([keep], false); }
    }

    function setCompare(id) {
      state.compare = id && has(model.meta, id) && id !== state.scenario ? id : null;
      $("compare").value = state.compare || "";
      draw();
      changes();
    }

    function setLang(l) {
      if (["en", "ja", "both"].indexOf(l) < 0) { return; }
      state.lang = l;
      $("lang").value = l;
      render.reset();
      relayout(); draw();
      openView();
      if (state.selected) { network.selectNodes([state.selected], false); }
      interfaceText(); fillSelectors(); fillCompare(); heading(); changes(); details(); search();
    }

    function norm(x) { return String(x || "").normalize("NFKC").toLowerCase().trim(); }

    function search() {
      var q = norm($("search").value), out = clear($("results"));
      if (!q) { return []; }
      var s = sc(), hits = [];
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
      if (!hits.length) { out.appendChild(el("li", t("noMatch"), "none")); return []; }
      hits.slice(0, 30).forEach(function (h) {
        var a = s.actors[h[2]];
        var li = el("li", [a.short, a.name_en, a.name_ja].filter(Boolean).join(" · ") + " (" + h[2] + ")");
        li.dataset.id = h[2];
        li.addEventListener("click", function () { select(h[2], true); });
        out.appendChild(li);
      });
      return hits.map(function (h) { return h[2]; });
    }

    // ---- wiring --------------------------------------------------------------------------
    network.on("click", function (p) {
      if (p.nodes.length) {
        var id = String(p.nodes[0]);
        expand(id);
        select(id, false);
      } else if (!p.edges.length) { select(null); }
    });
    $("scenario").addEventListener("change", function (e) { setScenario(e.target.value); });
    $("compare").addEventListener("change", function (e) { setCompare(e.target.value); });
    $("lang").addEventListener("change", function (e) { setLang(e.target.value); });
    $("fit").addEventListener("click", function () { network.fit({ animation: false }); });
    $("top").addEventListener("click", openView);
    $("clear").addEventListener("click", function () { select(null); });
    $("panel").addEventListener("click", function (e) {
      var hidden = document.body.classList.toggle("nopanel");
      e.target.textContent = hidden ? t("showPanel") : t("hidePanel");
      e.target.setAttribute("aria-expanded", hidden ? "false" : "true");
      network.setSize("100%", "100%");
      network.redraw();
      openView();
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
    api.setLang = setLang;
    api.expand = expand;
    api.collapse = collapse;
    api.search = search;
    api.openView = openView;
    api.visible = function () { return state.shown.map(function (i) { return sc().ids[i]; }); };
    api.highlight = function () {
      return state.highlight ? { nodes: Object.assign({}, state.highlight.nodes),
                                 edges: Object.assign({}, state.highlight.edges) } : null;
    };
    window.c2graph = api;

    state.scenario = DATA.initial;
    interfaceText();
    fillSelectors();
    setScenario(DATA.initial);
    if (DATA.focus) { select(DATA.focus, false); }
    api.ready = true;
    return api;
  }

  return { mount: mount };
})();

// The written page mounts itself on its own data; the explorer calls C2View.mount.
if (document.getElementById("c2graph-data")) {
  C2View.mount(JSON.parse(document.getElementById("c2graph-data").textContent));
}
