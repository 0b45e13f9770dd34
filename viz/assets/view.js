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

  //: Names and the words on lines are drawn at least this large (px) when the page
  //: opens (1600 x 1000 screen: the issue asks for 12).
  var OPEN_TEXT_PX = 12.5;

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
                  highlight: null, shown: [], positions: {}, chart: null, lit: null };
    var api = { network: network, nodes: render.nodes, data: DATA, render: render,
                model: model, state: state, firstDrawMs: null, draws: 0, marks: render.marks,
                layoutMs: null };
    //: The smallest zoom the page opens at: every text drawn at >= OPEN_TEXT_PX.
    var MIN_OPEN_SCALE = OPEN_TEXT_PX / Math.min(V.geometry.font, V.geometry.labelFont);
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
    function nameIn(s, id) { return name(s.actor(id), id); }
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

    /** The label languages whose boxes set the sizes: English and Japanese boxes are
     *  the same size, so both languages draw the same positions; 'both' has its own. */
    function sizeLangs() { return state.lang === "both" ? ["both"] : ["en", "ja"]; }

    /** The engine's word size (authority words on command lines), the same in every
     *  language of a layout. */
    function labelSize() {
      var w = 0;
      Object.keys(V.authorities).forEach(function (k) {
        sizeLangs().forEach(function (l) {
          w = Math.max(w, render.textWidth(S.authority(l, V, k), render.fonts.label));
        });
      });
      return [Math.ceil(w + 6), Math.ceil(V.geometry.labelFont * 1.3)];
    }

    var layoutCache = {};

    /** Visible actors and where the engine puts them (after an expand, collapse,
     *  scenario or label language change): C2Layout.chart of the visible part. */
    function relayout() {
      var s = sc(), count = collapsedCount(s), langs = sizeLangs();
      state.shown = model.visible(s);
      var key = state.scenario + "|" + langs.join("+") + "|" +
        state.shown.map(function (i) {
          return s.open[i] ? i : count(i) ? i + "+" : s.folds[i] ? i + "~" : i;
        }).join(",");
      if (layoutCache.key !== key) {
        var size = {}, frameWidth = {};
        state.shown.forEach(function (i) {
          var a = s.actor(s.ids[i]), w = 0, h = 0;
          langs.forEach(function (l) {
            var d = render.size(render.label(a, l, S, count(i)), a.kind);
            w = Math.max(w, d[0]); h = Math.max(h, d[1]);
          });
          size[s.ids[i]] = [w, h];
        });
        Object.keys(V.frames).forEach(function (f) {
          langs.forEach(function (l) {
            var tw = render.textWidth(V.frames[f][l], render.fonts.frame) + 16;
            frameWidth[f] = Math.max(frameWidth[f] || 0, Math.ceil(tw));
          });
        });
        var t0 = performance.now();
        var chart = C2Layout.chart(model.graph(s, state.shown), function (n) { return size[n]; }, V.engine,
                                   { labelSize: labelSize(), frameWidth: frameWidth });
        api.layoutMs = performance.now() - t0;
        layoutCache = { key: key, chart: chart, ghosts: {} };
      }
      state.chart = layoutCache.chart;
      state.positions = {};
      Object.keys(state.chart.boxes).forEach(function (id) {
        var r = state.chart.boxes[id];
        state.positions[id] = [(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2];
      });
    }

    /** The change layer's removed lines between two visible actors, routed over the
     *  chart (it does not move), with their plain words at spots by the label rule. */
    function ghosts(diff) {
      if (!diff || !state.compare) { return null; }
      var cached = layoutCache.ghosts[state.compare + "|" + state.lang];
      if (cached) { return cached; }
      var other = model.scenario(state.compare), lines = [];
      diff.relationships.removed.forEach(function (rid) {
        var r = other.rel(rid);
        if (!r || r.from === r.to || !has(state.positions, r.from) || !has(state.positions, r.to)) { return; }
        var text = S.gone(state.lang, r.type, name(other.actor(r.to), r.to));
        lines.push({ key: rid, source: r.from, target: r.to, rel: r, text: text,
                     size: [Math.ceil(render.textWidth(text, render.fonts.label) + 6),
                            Math.ceil(V.geometry.labelFont * 1.3)] });
      });
      var routes = C2Layout.extraRoutes(V.engine, state.chart, lines).points;
      var spots = C2Layout.moreSpots(state.chart, lines.map(function (l) {
        return { key: l.key, points: routes[l.key], size: l.size };
      }));
      cached = { lines: lines, routes: routes, spots: spots };
      layoutCache.ghosts[state.compare + "|" + state.lang] = cached;
      return cached;
    }

    function draw() {
      var s = sc(), diff = model.diff(state.scenario, state.compare), count = collapsedCount(s);
      api.lastDraw = render.draw({
        sc: s, shown: state.shown, chart: state.chart, ghosts: ghosts(diff), lang: state.lang,
        strings: S, diff: diff, highlight: state.highlight, name: name,
        text: function (i) { return render.label(s.actor(s.ids[i]), state.lang, S, count(i)); }
      });
    }

    /** Where the drawing is on the canvas: the chart's own rectangle. */
    function bounds() {
      var c = state.chart;
      return { x0: 0, y0: 0, x1: c.width, y1: c.height };
    }

    /** Open on the top of the chain: the whole drawing if its names stay legible at
     *  that zoom, else the top rows at the smallest legible zoom, from the left. */
    function openView() {
      var b = bounds(), box = $("graph").getBoundingClientRect();
      var fit = Math.min(box.width / (b.x1 - b.x0 + 40), box.height / (b.y1 - b.y0 + 40));
      if (fit >= MIN_OPEN_SCALE) {
        network.moveTo({ position: { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 }, scale: Math.min(fit, 1.5),
                         animation: false });
        return;
      }
      var half = box.width / 2 / MIN_OPEN_SCALE;   // the top left: where every chain starts
      network.moveTo({ position: { x: b.x0 - 10 + half, y: b.y0 - 10 + box.height / 2 / MIN_OPEN_SCALE },
                       scale: MIN_OPEN_SCALE, animation: false });
    }

    function fitAll() {
      var b = bounds(), box = $("graph").getBoundingClientRect();
      var fit = Math.min(box.width / (b.x1 - b.x0 + 40), box.height / (b.y1 - b.y0 + 40));
      network.moveTo({ position: { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 }, scale: fit, animation: false });
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
                              rels: s.relCount.toLocaleString("en-US") }));
      if (state.shown.length < s.size) {
        parts.push(t("shown", { shown: state.shown.length.toLocaleString("en-US"),
                                actors: s.size.toLocaleString("en-US") }));
      }
      if (DATA.focus) {
        parts.push(DATA.depth === null || DATA.depth === undefined ? t("focusAll", { name: nameIn(s, DATA.focus) })
                   : t("focus", { name: nameIn(s, DATA.focus), depth: DATA.depth }));
      }
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
      // with --focus the diff is of the whole scenarios: list what this page holds
      var a = diff.actors, r = diff.relationships;
      function inS(id) { return s.hasRel(id); }
      function inC(id) { return c.hasRel(id); }
      var total = a.added.length + a.removed.length + Object.keys(a.changed).length +
        r.added.length + r.removed.length + Object.keys(r.changed).length;
      if (!total) { body.appendChild(el("p", t("noDiff"))); return; }
      var list = el("ul", null, "lines");
      function item(text, cls, actor) {
        var li = el("li", text, cls + (actor && s.hasActor(actor) ? " click" : ""));
        if (actor && s.hasActor(actor)) {
          li.addEventListener("click", function () { select(actor, true); });
        }
        list.appendChild(li);
      }
      a.added.forEach(function (id) { item(t("actorAdded", { name: nameIn(s, id), id: id }), "add", id); });
      a.removed.forEach(function (id) { item(t("actorRemoved", { name: nameIn(c, id), id: id }), "rem", null); });
      Object.keys(a.changed).forEach(function (id) {
        item(t("actorChanged", { name: nameIn(s, id), details: changeText(a, id) }), "chg", id);
      });
      r.added.filter(inS).forEach(function (id) { item("+ " + relText(s, s.rel(id)), "add", null); });
      r.removed.filter(inC).forEach(function (id) {
        var x = c.rel(id);
        item("− " + nameIn(c, x.from) + ": " + S.gone(state.lang, x.type, nameIn(c, x.to)), "rem", null);
      });
      Object.keys(r.changed).filter(inS).forEach(function (id) {
        item("~ " + relText(s, s.rel(id)) + ": " + changeText(r, id), "chg", null);
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
      if (!id && state.highlight) {
        body.appendChild(el("p", t("lit", { count: Object.keys(state.highlight.nodes).length }), "hint"));
        return;
      }
      if (!id) { body.appendChild(el("p", t("hint"), "hint")); return; }
      var a = s.actor(id), ja = S.lang(state.lang) === "ja";
      body.appendChild(el("h3", ja ? a.name_ja || a.name_en || id : a.name_en || id));
      var second = ja ? a.name_en : a.name_ja;
      if (second) { body.appendChild(el("div", second, "ja")); }
      body.appendChild(facts([["id", id], ["short", a.short], ["kind", S.kind(state.lang, V, a.kind)],
        ["nation", S.nation(state.lang, V, a.nation)], ["rank", a.rank],
        ["statusField", S.status(state.lang, V, a.status)], ["location", a.location],
        ["sources", a.sources], ["note", a.note]]));
      var i = s.at[id];
      if (model.expandable(s, i) && s.large) {
        var kids = s.children[i].length > 0;
        var b = el("button", s.open[i] ? t(kids ? "collapse" : "fold") :
          kids ? t("expand", { count: s.below[i].toLocaleString("en-US") }) :
          t("unfold", { count: s.folds[i].toLocaleString("en-US") }));
        b.type = "button";
        b.addEventListener("click", function () { (s.open[i] ? collapse : expand)(id); });
        body.appendChild(b);
      }
      var h = state.highlight, chain = [], partners = [];
      Object.keys(h.edges).forEach(function (rid) {
        (h.edges[rid] === "chain" ? chain : partners).push(s.rel(rid));
      });
      chain.sort(function (x, y) {
        return (s.depth[s.at[x.from]] - s.depth[s.at[y.from]]) || (x.id < y.id ? -1 : 1);
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
      var s = sc(), a = s.actor(id), ja = S.lang(state.lang) === "ja";
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
      if (!s.open[i] && s.folds[i]) { lines.push(t("folded", { count: s.folds[i].toLocaleString("en-US") })); }
      lines.forEach(function (x) { box.appendChild(el("div", x)); });
      var d = diffLine("actor", id);
      if (d) { box.appendChild(el("div", d, "diff")); }
      return box;
    }

    function edgeTip(eid) {
      var ghost = eid.indexOf(render.GHOST) === 0;
      var rid = ghost ? eid.slice(render.GHOST.length) : eid;
      var s = ghost ? model.scenario(state.compare) : sc(), r = s.rel(rid);
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
    function fullNameOf(s, id) { return s.actor(id) ? fullName(s.actor(id)) : id; }

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
    var overNode = false, overLine = null;
    network.on("hoverNode", function () { overNode = true; });
    network.on("blurNode", function () { overNode = false; hideTip(); });
    // lines are drawn by the page, so the page finds the one under the pointer
    $("graph").addEventListener("mousemove", function (e) {
      if (overNode) { return; }
      var r = $("graph").getBoundingClientRect(), dom = { x: e.clientX - r.left, y: e.clientY - r.top };
      var id = render.lineAt(network.DOMtoCanvas(dom), 6 / network.getScale());
      if (id) { overLine = id; showTip(edgeTip(id), dom); }
      else if (overLine) { overLine = null; hideTip(); }
    });
    $("graph").addEventListener("mouseleave", function () { overLine = null; hideTip(); });
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);

    // ---- actions -------------------------------------------------------------------------
    function select(id, focus) {
      var s = sc();
      state.selected = id && s.hasActor(id) ? id : null;
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

    /** Light an arbitrary set of actors (a query's answer): each one and the lines between
     *  two of them stay lit, the rest dims.  Hidden actors of a large scenario are shown
     *  (their ancestors opened) when there are at most REVEAL_MAX of them.  Returns the
     *  ids lit (those drawn); an empty list clears. */
    var REVEAL_MAX = 200;
    function light(ids) {
      var s = sc(), want = (ids || []).filter(function (id) { return s.hasActor(id); });
      state.selected = null;
      network.unselectAll();
      if (!want.length) { state.highlight = null; draw(); details(); return []; }
      var hidden = want.filter(function (id) { return !visibleId(id); }), changed = false;
      if (hidden.length <= REVEAL_MAX) {
        hidden.forEach(function (id) { changed = model.reveal(s, id) || changed; });
      }
      if (changed) { relayout(); heading(); }
      var lit = want.filter(visibleId), nodes = {}, edges = {};
      lit.forEach(function (id) { nodes[id] = "lit"; });
      Object.keys(state.chart.lines).forEach(function (rid) {
        var r = s.rel(rid);
        if (has(nodes, r.from) && has(nodes, r.to)) { edges[rid] = "lit"; }
      });
      state.highlight = { nodes: nodes, edges: edges };
      draw();
      details();
      return lit;
    }

    function expand(id) {
      var s = sc(), i = s.at[id];
      if (i === undefined || s.open[i] || !model.expandable(s, i)) { return false; }
      s.open[i] = 1;
      relayout(); draw(); heading();
      if (state.selected) { network.selectNodes([state.selected], false); details(); }
      return true;
    }

    function collapse(id) {
      var s = sc(), i = s.at[id];
      if (i === undefined || !s.open[i] || !s.large) { return false; }
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
      var keep = state.selected && s.hasActor(state.selected) ? state.selected : null;
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
      s.ids.forEach(function (id) {
        var a = s.actor(id), best = 9;
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
        var a = s.actor(h[2]);
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
    $("fit").addEventListener("click", fitAll);
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
    api.light = light;
    /** What is drawn now, as plain data: boxes, frames, lines (points), words on lines and
     *  how each box looks (from C2Render.geometry), the zoom, and the canvas on the page.
     *  Read-only: tests check the drawing with tests/chart_geometry.py. */
    api.geometry = function () {
      var g = render.geometry(), r = $("graph").getBoundingClientRect();
      g.scale = network.getScale();
      g.view = { left: r.left, top: r.top, width: r.width, height: r.height };
      g.origin = network.canvasToDOM({ x: 0, y: 0 });
      g.layoutMs = api.layoutMs;
      g.lang = state.lang;
      g.scenario = state.scenario;
      return g;
    };
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
