/* c2graph view: the data model (module C2Model), no drawing and no DOM.
 *
 * C2Model.create(DATA) decodes the compact page data (format 3, viz/view.py) and
 * answers, per scenario: its actors and relationships as plain objects (sc.actor(id),
 * sc.rel(id): made when first asked, so a 50,000-actor scenario opens without making
 * 50,000 actor and 58,000 relationship objects), its tree of
 * what opens (viz.view.collapse_tree: parents, children), which actors are visible
 * (collapsed subtrees are not handed to the renderer at all), the visible part as a
 * graph for the layout engine (C2Layout), reporting chains and the differences
 * against another scenario.
 *
 * A scenario of at most DATA.openLimit actors opens fully expanded; a larger one opens
 * with the top of each chain expanded (whole levels, at most BUDGET actors and
 * LINE_BUDGET lines drawn) and the rest collapsed into counts.  While an actor is
 * closed, the MEMBER_OF lines into it from anyone but its tree parent or children are
 * folded (not drawn).  The rules and budgets are viz/opening.py's (the page data's
 * openLimit and openBudget); tests/test_view_browser.py checks both sides agree.
 */
var C2Model = (function () {
  "use strict";

  var A = { id: 0, kind: 1, nation: 2, status: 3, name_en: 4, name_ja: 5, short: 6, rank: 7,
            location: 8, sources: 9, note: 10, wrapEn: 11, wrapJa: 12, extra: 13 };
  var R = { from: 0, type: 1, to: 2, authority: 3, sources: 4, note: 5, id: 6, extra: 7 };
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function create(DATA) {
    var T = DATA.tables, ids = DATA.ids;
    //: Visible actors and drawn lines a large scenario opens with (whole tree levels).
    var BUDGET = DATA.openBudget.actors, LINE_BUDGET = DATA.openBudget.lines;
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

    var MEMBER = T.type.indexOf("MEMBER_OF"), COMMANDS = T.type.indexOf("COMMANDS"),
        COORD = T.type.indexOf("COORDINATES_WITH");

    /** The scenario `sid`, decoded once: its tree, and each actor's relationships as
     *  integer arrays (relationship k of the scenario: DATA.rels[s.rels[k]] from tree
     *  position from[k] to to[k]; actor i's are lineOf[start[i] .. start[i + 1]), in the
     *  scenario's order).  Objects are made only for what is asked (sc.actor, sc.rel). */
    function scenario(sid) {
      var s = scenarios[sid];
      if (s.decoded) { return s.decoded; }
      var n = s.tree.length, m = s.rels.length, sc = {
        id: sid, meta: s, size: n, at: {}, ids: new Array(n),
        up: s.up, children: new Array(n), below: new Int32Array(n),
        depth: new Int32Array(n), roots: [], folds: new Int32Array(n), large: n > DATA.openLimit,
        from: new Int32Array(m), to: new Int32Array(m), type: new Int32Array(m),
        start: new Int32Array(n + 1), lineOf: null, relCount: m, known: {}, relAt: null
      };
      var pos = new Int32Array(ids.length).fill(-1);
      for (var i = 0; i < n; i++) {
        var idx = DATA.actors[s.tree[i]][A.id], id = ids[idx];
        pos[idx] = i; sc.at[id] = i; sc.ids[i] = id;
        sc.children[i] = [];
        var p = s.up[i];
        if (p < 0) { sc.roots.push(i); } else { sc.children[p].push(i); sc.depth[i] = sc.depth[p] + 1; }
      }
      for (var j = n - 1; j >= 0; j--) {   // pre-order: every subtree follows its root
        if (s.up[j] >= 0) { sc.below[s.up[j]] += sc.below[j] + 1; }
      }
      var count = new Int32Array(n + 1), k, f, t;
      for (k = 0; k < m; k++) {
        var r = DATA.rels[s.rels[k]];
        f = sc.from[k] = pos[r[R.from]]; t = sc.to[k] = pos[r[R.to]]; sc.type[k] = r[R.type];
        count[f]++;
        if (t !== f) { count[t]++; }
        if (foldable(sc, k)) { sc.folds[t]++; }
      }
      for (i = 0; i < n; i++) { sc.start[i + 1] = sc.start[i] + count[i]; count[i] = sc.start[i]; }
      sc.lineOf = new Int32Array(sc.start[n]);
      for (k = 0; k < m; k++) {
        f = sc.from[k]; t = sc.to[k];
        sc.lineOf[count[f]++] = k;
        if (t !== f) { sc.lineOf[count[t]++] = k; }
      }
      sc.actor = function (id) { return has(sc.at, id) ? actor(s.tree[sc.at[id]]) : undefined; };
      sc.hasActor = function (id) { return has(sc.at, id); };
      sc.rel = function (id) { var k2 = relIndex(sc, id); return k2 === undefined ? undefined : rel(s.rels[k2]); };
      sc.hasRel = function (id) { return relIndex(sc, id) !== undefined; };
      sc.open = new Uint8Array(n);   // 1: its children are shown
      openInitially(sc);
      s.decoded = sc;
      return sc;
    }

    /** The scenario's position k of relationship `id` (undefined if it has none): the
     *  lines drawn so far are known; any other id indexes every relationship once. */
    function relIndex(sc, id) {
      if (has(sc.known, id)) { return sc.known[id]; }
      if (!sc.relAt) {
        sc.relAt = {};
        for (var k = 0; k < sc.relCount; k++) { sc.relAt[rel(sc.meta.rels[k]).id] = k; }
      }
      return has(sc.relAt, id) ? sc.relAt[id] : undefined;
    }

    /** A MEMBER_OF line into an actor from anyone but its tree parent or children: not
     *  drawn while that actor is closed (viz.opening.folded). */
    function foldable(sc, k) {
      var f = sc.to[k], m = sc.from[k];
      return sc.type[k] === MEMBER && f !== m && sc.up[f] !== m && sc.up[m] !== f;
    }
    function folded(sc, k) { return !sc.open[sc.to[k]] && foldable(sc, k); }

    /** Whether a click on the actor at tree position i opens something: children, or
     *  folded membership lines. */
    function expandable(sc, i) { return sc.children[i].length > 0 || sc.folds[i] > 0; }

    /** Everything open for a scenario of at most DATA.openLimit actors; else whole
     *  tree levels while the visible actors stay within BUDGET and the lines drawn
     *  within LINE_BUDGET (the top of each chain; viz.opening.opening). */
    function openInitially(sc) {
      if (!sc.large) { sc.open.fill(1); return; }
      var frontier = sc.roots.slice(), shown = frontier.slice();
      while (frontier.length) {
        var next = [];
        frontier.forEach(function (i) { next.push.apply(next, sc.children[i]); });
        if (!next.length || shown.length + next.length > BUDGET) { break; }
        frontier.forEach(function (i) { sc.open[i] = 1; });
        if (graph(sc, shown.concat(next)).edges.length > LINE_BUDGET) {
          frontier.forEach(function (i) { sc.open[i] = 0; });
          break;
        }
        shown = shown.concat(next);
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

    /** The visible part of a scenario as the layout engine's graph (C2Layout): the
     *  visible actors and every relationship between two of them. */
    function graph(sc, shown) {
      var nodes = [], attrs = {}, edges = [], on = new Uint8Array(sc.size);
      shown.forEach(function (i) { on[i] = 1; });
      shown.forEach(function (i) {
        var id = sc.ids[i], a = actor(sc.meta.tree[i]);
        nodes.push(id);
        attrs[id] = { kind: a.kind, nation: a.nation, short: a.short, name_en: a.name_en };
        for (var e = sc.start[i]; e < sc.start[i + 1]; e++) {
          var k = sc.lineOf[e];
          if (sc.from[k] === i && on[sc.to[k]] && !folded(sc, k)) {
            var r = rel(sc.meta.rels[k]);
            sc.known[r.id] = k;
            edges.push({ u: r.from, v: r.to, key: r.id, type: r.type, authority: r.authority });
          }
        }
      });
      return { nodes: nodes, attrs: attrs, edges: edges };
    }

    /** The reporting chain of `id` to the top (COMMANDS superiors, transitively) and
     *  its coordination partners: {nodes: {id: selected|chain|partner}, edges: {rel: chain|partner}}. */
    function chain(sc, id) {
      var nodesIn = {}, edgesIn = {}, stack = [sc.at[id]], k, e, i = sc.at[id];
      nodesIn[id] = "selected";
      while (stack.length) {
        var v = stack.pop();
        for (e = sc.start[v]; e < sc.start[v + 1]; e++) {
          k = sc.lineOf[e];
          if (sc.type[k] !== COMMANDS || sc.to[k] !== v) { continue; }
          var up = sc.from[k], upId = sc.ids[up];
          edgesIn[rel(sc.meta.rels[k]).id] = "chain";
          if (!has(nodesIn, upId)) { nodesIn[upId] = "chain"; stack.push(up); }
        }
      }
      for (e = sc.start[i]; e < sc.start[i + 1]; e++) {
        k = sc.lineOf[e];
        if (sc.type[k] !== COORD) { continue; }
        // a line to itself is its own partner twice over, as from and as to
        var others = sc.from[k] === sc.to[k] ? [i, i] : [sc.from[k] === i ? sc.to[k] : sc.from[k]];
        for (var q = 0; q < others.length; q++) {
          edgesIn[rel(sc.meta.rels[k]).id] = "partner";
          if (!has(nodesIn, sc.ids[others[q]])) { nodesIn[sc.ids[others[q]]] = "partner"; }
        }
      }
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
             rel: rel, visible: visible, reveal: reveal, graph: graph, chain: chain,
             diff: diff, expandable: expandable, BUDGET: BUDGET, LINE_BUDGET: LINE_BUDGET };
  }

  return { create: create };
})();
