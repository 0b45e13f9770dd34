/* c2graph view: the data model (module C2Model), no drawing and no DOM.
 *
 * C2Model.create(DATA) decodes the compact page data (format 2, viz/view.py) and
 * answers, per scenario: its actors and relationships as plain objects, its tree
 * (rows, parents, children in drawing order), which actors are visible (collapsed
 * subtrees are not handed to the renderer at all), positions of the visible ones,
 * reporting chains and the differences against another scenario.
 *
 * Positions: a scenario small enough for the layout engine carries its positions
 * (viz.layout, per label language) and opens fully expanded.  A larger one opens with
 * the top of each chain expanded and the rest collapsed into counts; its visible part
 * is laid out here with the engine's rules: rows by level, each subtree packed against
 * its left neighbour row by row (contours), a parent centred over its children, the
 * nations side by side in the vocabulary's order.
 */
var C2Model = (function () {
  "use strict";

  var A = { id: 0, kind: 1, nation: 2, status: 3, name_en: 4, name_ja: 5, short: 6, rank: 7,
            location: 8, sources: 9, note: 10, wrapEn: 11, wrapJa: 12, extra: 13 };
  var R = { from: 0, type: 1, to: 2, authority: 3, sources: 4, note: 5, id: 6, extra: 7 };
  //: Visible actors a large scenario opens with (whole tree levels, never part of one).
  var BUDGET = 150;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function create(DATA) {
    var T = DATA.tables, ids = DATA.ids;
    var actorCache = [], relCache = [];

    function str(table, i) { return i === null || i === undefined ? undefined : T[table][i]; }

    /** Actor row `i` as an object with the dataset's property names. */
    function actor(i) {
      if (actorCache[i]) { return actorCache[i]; }
      var r = DATA.actors[i], a = { id: ids[r[A.id]] };
      a.kind = str("kind", r[A.kind]);
      a.nation = str("nation", r[A.nation]);
      a.status = str("status", r[A.status]);
      ["name_en", "name_ja", "short", "rank", "location", "note"].forEach(function (k) {
        if (r[A[k]] !== null && r[A[k]] !== undefined) { a[k] = r[A[k]]; }
      });
      if (r[A.sources]) { a.sources = r[A.sources].map(function (s) { return T.ref[s]; }); }
      if (r[A.extra]) { Object.keys(r[A.extra]).forEach(function (k) {
        if (!has(a, k)) { a[k] = r[A.extra][k]; } }); }
      Object.defineProperty(a, "wrapped", { value: [r[A.wrapEn], r[A.wrapJa]], enumerable: false });
      actorCache[i] = a;
      return a;
    }

    /** Relationship row `i` as an object: id, type, from, to, authority, sources, note. */
    function rel(i) {
      if (relCache[i]) { return relCache[i]; }
      var r = DATA.rels[i];
      var o = { from: ids[r[R.from]], type: T.type[r[R.type]], to: ids[r[R.to]] };
      o.id = r[R.id] || (o.from + "-" + o.type + "->" + o.to);
      if (r[R.authority] !== null && r[R.authority] !== undefined) { o.authority = T.authority[r[R.authority]]; }
      if (r[R.sources]) { o.sources = r[R.sources].map(function (s) { return T.ref[s]; }); }
      if (r[R.note] !== null && r[R.note] !== undefined) { o.note = r[R.note]; }
      if (r[R.extra]) { Object.keys(r[R.extra]).forEach(function (k) {
        if (!has(o, k)) { o[k] = r[R.extra][k]; } }); }
      relCache[i] = o;
      return o;
    }

    var scenarios = {}, order = [];
    DATA.scenarios.forEach(function (s) { order.push(s.id); scenarios[s.id] = s; });

    /** The scenario `sid`, decoded once: actors, rels, tree, chains index. */
    function scenario(sid) {
      var s = scenarios[sid];
      if (s.decoded) { return s.decoded; }
      var n = s.tree.length, sc = {
        id: sid, meta: s, size: n, actors: {}, rels: {}, at: {}, ids: new Array(n),
        up: s.up, level: s.level, children: new Array(n), below: new Int32Array(n),
        depth: new Int32Array(n), roots: [], superiors: {}, partners: {}, lines: {},
        pos: s.pos || null
      };
      for (var i = 0; i < n; i++) {
        var a = actor(s.tree[i]);
        sc.actors[a.id] = a; sc.at[a.id] = i; sc.ids[i] = a.id;
        sc.children[i] = [];
        var p = s.up[i];
        if (p < 0) { sc.roots.push(i); } else { sc.children[p].push(i); sc.depth[i] = sc.depth[p] + 1; }
      }
      for (var j = n - 1; j >= 0; j--) {   // pre-order: every subtree follows its root
        if (s.up[j] >= 0) { sc.below[s.up[j]] += sc.below[j] + 1; }
      }
      s.rels.forEach(function (ri) {
        var r = rel(ri);
        sc.rels[r.id] = r;
        (sc.lines[r.from] = sc.lines[r.from] || []).push(r.id);
        if (r.to !== r.from) { (sc.lines[r.to] = sc.lines[r.to] || []).push(r.id); }
        if (r.type === "COMMANDS") {
          (sc.superiors[r.to] = sc.superiors[r.to] || []).push({ from: r.from, rel: r.id });
        } else if (r.type === "COORDINATES_WITH") {
          (sc.partners[r.from] = sc.partners[r.from] || []).push({ other: r.to, rel: r.id });
          (sc.partners[r.to] = sc.partners[r.to] || []).push({ other: r.from, rel: r.id });
        }
      });
      sc.open = new Uint8Array(n);   // 1: its children are shown
      openInitially(sc);
      s.decoded = sc;
      return sc;
    }

    /** Everything open for an engine-laid scenario; else whole tree levels while the
     *  visible count stays within BUDGET (the top of each chain). */
    function openInitially(sc) {
      if (sc.pos) { sc.open.fill(1); return; }
      var frontier = sc.roots.slice(), shown = frontier.length;
      while (frontier.length) {
        var next = [];
        frontier.forEach(function (i) { next.push.apply(next, sc.children[i]); });
        if (!next.length || shown + next.length > BUDGET) { break; }
        frontier.forEach(function (i) { sc.open[i] = 1; });
        shown += next.length;
        frontier = next;
      }
    }

    /** Tree positions of the visible actors, in pre-order. */
    function visible(sc) {
      var out = [], stack = sc.roots.slice().reverse();
      while (stack.length) {
        var i = stack.pop();
        out.push(i);
        if (sc.open[i]) {
          for (var k = sc.children[i].length - 1; k >= 0; k--) { stack.push(sc.children[i][k]); }
        }
      }
      return out;
    }

    /** Open every ancestor of `id` so that it is visible; true if anything changed. */
    function reveal(sc, id) {
      var changed = false, i = sc.up[sc.at[id]];
      while (i !== undefined && i >= 0) {
        if (!sc.open[i]) { sc.open[i] = 1; changed = true; }
        i = sc.up[i];
      }
      return changed;
    }

    /** Positions {id: [x, y]} of the visible actors; `size(i) -> [w, h]` in the label
     *  language `lang`.  Engine positions where the scenario carries them. */
    function layout(sc, shown, lang, size, geo) {
      var out = {};
      if (sc.pos && sc.pos[lang]) {
        var p = sc.pos[lang];
        shown.forEach(function (i) { out[sc.ids[i]] = [p[2 * i], p[2 * i + 1]]; });
        return out;
      }
      var dims = {}, rowH = {}, maxLevel = 0;
      shown.forEach(function (i) {
        var d = dims[i] = size(i), l = sc.level[i];
        rowH[l] = Math.max(rowH[l] || 0, d[1]);
        maxLevel = Math.max(maxLevel, l);
      });
      var top = [], y = 0;
      for (var l = 0; l <= maxLevel; l++) { top[l] = y; y += (rowH[l] || 0) + geo.levelPad; }
      var contour = {}, rel = {};
      for (var k = shown.length - 1; k >= 0; k--) {   // children before parents
        var i = shown[k], kids = sc.open[i] ? sc.children[i] : [];
        var mine = {}, offsets = pack(kids.map(function (c) { return contour[c]; }), geo.gap);
        var anchor = kids.length ? (offsets[0] + offsets[offsets.length - 1]) / 2 : 0;
        mine[sc.level[i]] = [-dims[i][0] / 2, dims[i][0] / 2];
        kids.forEach(function (c, m) {
          merge(mine, contour[c], offsets[m] - anchor);
          rel[c] = offsets[m] - anchor;
          delete contour[c];
        });
        contour[i] = mine;
      }
      var x = {}, cursor = 0, groups = [], byNation = {};
      sc.roots.forEach(function (r) {
        var nat = sc.actors[sc.ids[r]].nation || "";
        if (!has(byNation, nat)) { byNation[nat] = []; groups.push(nat); }
        byNation[nat].push(r);
      });
      groups.forEach(function (nat) {
        var members = byNation[nat], offs = pack(members.map(function (r) { return contour[r]; }), geo.gap);
        var left = Infinity, right = -Infinity;
        members.forEach(function (r, m) {
          Object.keys(contour[r]).forEach(function (lv) {
            left = Math.min(left, offs[m] + contour[r][lv][0]);
            right = Math.max(right, offs[m] + contour[r][lv][1]);
          });
        });
        members.forEach(function (r, m) { x[r] = cursor - left + offs[m]; });
        cursor += right - left + geo.nationGap;
      });
      var middle = (cursor - geo.nationGap) / 2;
      shown.forEach(function (i) {   // parents before children
        if (sc.up[i] >= 0) { x[i] = x[sc.up[i]] + rel[i]; }
        var l = sc.level[i];
        out[sc.ids[i]] = [Math.round((x[i] - middle) * 10) / 10,
                          Math.round((top[l] + rowH[l] / 2) * 10) / 10];
      });
      return out;
    }

    function merge(into, other, dx) {
      Object.keys(other).forEach(function (l) {
        var o = other[l];
        if (has(into, l)) {
          into[l] = [Math.min(into[l][0], o[0] + dx), Math.max(into[l][1], o[1] + dx)];
        } else { into[l] = [o[0] + dx, o[1] + dx]; }
      });
    }

    /** Offsets placing each contour as far left as its rows allow (left to right). */
    function pack(contours, gap) {
      var acc = {}, offsets = [], previous = null;
      contours.forEach(function (c) {
        var offset = previous === null ? 0 : previous;
        Object.keys(c).forEach(function (l) {
          if (has(acc, l)) { offset = Math.max(offset, acc[l][1] - c[l][0] + gap); }
        });
        offsets.push(offset);
        previous = offset;
        merge(acc, c, offset);
      });
      return offsets;
    }

    /** The reporting chain of `id` to the top (COMMANDS superiors, transitively) and
     *  its coordination partners: {nodes: {id: selected|chain|partner}, edges: {rel: chain|partner}}. */
    function chain(sc, id) {
      var nodesIn = {}, edgesIn = {}, stack = [id];
      nodesIn[id] = "selected";
      while (stack.length) {
        var v = stack.pop();
        (sc.superiors[v] || []).forEach(function (p) {
          edgesIn[p.rel] = "chain";
          if (!has(nodesIn, p.from)) { nodesIn[p.from] = "chain"; stack.push(p.from); }
        });
      }
      (sc.partners[id] || []).forEach(function (p) {
        edgesIn[p.rel] = "partner";
        if (!has(nodesIn, p.other)) { nodesIn[p.other] = "partner"; }
      });
      return { nodes: nodesIn, edges: edgesIn };
    }

    /** The differences of scenario `a` against `b` (from viz.view, as `c2graph diff`),
     *  with id lookups added. */
    function diff(a, b) {
      if (!b || !DATA.diffs[a] || !has(DATA.diffs[a], b)) { return null; }
      var d = DATA.diffs[a][b];
      if (!d.sets) {
        d.sets = { actors: {}, relationships: {} };
        ["actors", "relationships"].forEach(function (k) {
          d[k].added.forEach(function (id) { d.sets[k][id] = "added"; });
          Object.keys(d[k].changed).forEach(function (id) { d.sets[k][id] = "changed"; });
        });
      }
      return d;
    }

    return { data: DATA, order: order, meta: scenarios, scenario: scenario, actor: actor,
             rel: rel, visible: visible, reveal: reveal, layout: layout, chain: chain,
             diff: diff, BUDGET: BUDGET };
  }

  return { create: create };
})();
