/* c2graph view: the layout and routing engine in the browser (module C2Layout).
 *
 * A line-for-line port of viz/layout (rank.py, frames.py, place.py, route.py,
 * engine.py): C2Layout.chart(graph, size, rules, opts) returns what
 * viz.layout.chart_layout returns for the same graph and box sizes: boxes, nation
 * frames, orthogonal routed lines and the authority labels' spots.  Why a port: the
 * page lays out what is visible after every expand and collapse of a large
 * organisation (which Python cannot do ahead of time for every combination), and
 * the router takes seconds per bundled scenario in Python but tens of milliseconds
 * here.  tests/test_view_engine.py runs both on the bundled scenarios, focused views
 * and expansion states of large synthetic organisations and requires the same
 * numbers; every rule's constants come from the Python modules (`rules`, built by
 * viz.view.engine_rules), never from this file.
 *
 * Determinism: every choice is made in the order the Python makes it (sorted keys,
 * the same tie-breaks, a heap popping in the same total order, Python's round()),
 * so equal inputs give equal floats.
 *
 * Graph shape: {nodes: [id], attrs: {id: {kind, nation, short, name_en}},
 *               edges: [{u, v, key, type, authority}]}.
 * Coordinates are points (CSS pixels at zoom 1), y downwards.
 */
var C2Layout = (function () {
  "use strict";

  // ---- small Python equivalents ----------------------------------------------------------
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  /** Python's str comparison (by code point; JS compares UTF-16 units). */
  function cmpStr(a, b) {
    if (a === b) { return 0; }
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        var sx = x >= 0xD800 && x <= 0xDFFF, sy = y >= 0xD800 && y <= 0xDFFF;
        if (sx !== sy) { return sx ? 1 : -1; }   // a surrogate is an astral code point
        return x < y ? -1 : 1;
      }
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }
  function cmp(a, b) {
    if (typeof a === "string") { return cmpStr(a, b); }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  /** Python tuple comparison. */
  function cmpTuple(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var c = cmp(a[i], b[i]);
      if (c) { return c; }
    }
    return a.length - b.length;
  }
  function sortedStr(list) { return list.slice().sort(cmpStr); }
  function sortBy(list, key) {   // Python's sorted(list, key=key): stable
    var keyed = list.map(function (x, i) { return [key(x), i, x]; });
    keyed.sort(function (p, q) { return cmpTuple(p[0], q[0]) || p[1] - q[1]; });
    return keyed.map(function (p) { return p[2]; });
  }

  /** Python's round(x, 2): the nearest of the exact decimal value, ties to even. */
  function round2(x) {
    if (!isFinite(x)) { return x; }
    var neg = x < 0, s = Math.abs(x).toFixed(100).replace(/0+$/, "");
    var dot = s.indexOf(".");
    if (dot < 0 || s.length - dot - 1 <= 2) { return x; }
    var head = s.slice(0, dot + 3), rest = s.slice(dot + 3);
    var up;
    if (rest[0] > "5") { up = true; }
    else if (rest[0] < "5") { up = false; }
    else if (rest.length > 1) { up = true; }
    else { up = (+head[head.length - 1]) % 2 === 1; }   // a tie: to even
    var v = Number(head);
    if (up) {
      var digits = head.replace(".", ""), carry = (BigInt(digits) + 1n).toString();
      while (carry.length < digits.length) { carry = "0" + carry; }
      v = Number(carry.slice(0, carry.length - 2) + "." + carry.slice(carry.length - 2));
    }
    return neg ? -v : v;
  }

  function bisectLeft(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  function bisectRight(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (x < a[mid]) { hi = mid; } else { lo = mid + 1; } }
    return lo;
  }

  // ---- geometry.py -------------------------------------------------------------------------
  function Rect(x0, y0, x1, y1) { this.x0 = x0; this.y0 = y0; this.x1 = x1; this.y1 = y1; }
  Rect.prototype.w = function () { return this.x1 - this.x0; };
  Rect.prototype.h = function () { return this.y1 - this.y0; };
  Rect.prototype.cx = function () { return (this.x0 + this.x1) / 2; };
  Rect.prototype.cy = function () { return (this.y0 + this.y1) / 2; };
  Rect.prototype.inflate = function (d) { return new Rect(this.x0 - d, this.y0 - d, this.x1 + d, this.y1 + d); };
  Rect.prototype.contains = function (p, eps) {
    eps = eps === undefined ? 1e-6 : eps;
    return this.x0 + eps < p[0] && p[0] < this.x1 - eps && this.y0 + eps < p[1] && p[1] < this.y1 - eps;
  };
  Rect.prototype.overlaps = function (o) {
    return this.x0 < o.x1 && o.x0 < this.x1 && this.y0 < o.y1 && o.y0 < this.y1;
  };
  Rect.around = function (cx, cy, w, h) { return new Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2); };

  function segmentHitsRect(a, b, r, eps) {
    eps = eps === undefined ? 0.5 : eps;
    var x0 = r.x0 + eps, y0 = r.y0 + eps, x1 = r.x1 - eps, y1 = r.y1 - eps;
    if (x0 >= x1 || y0 >= y1) { return false; }
    var dx = b[0] - a[0], dy = b[1] - a[1], t0 = 0.0, t1 = 1.0;
    var pq = [[-dx, a[0] - x0], [dx, x1 - a[0]], [-dy, a[1] - y0], [dy, y1 - a[1]]];
    for (var k = 0; k < 4; k++) {
      var p = pq[k][0], q = pq[k][1];
      if (p === 0) { if (q <= 0) { return false; } continue; }
      var t = q / p;
      if (p < 0) { if (t > t1) { return false; } t0 = Math.max(t0, t); }
      else { if (t < t0) { return false; } t1 = Math.min(t1, t); }
    }
    return t1 - t0 > 1e-9;
  }

  function simplify(points) {
    var out = [];
    points.forEach(function (p) {
      var last = out[out.length - 1];
      if (last && Math.abs(p[0] - last[0]) < 1e-6 && Math.abs(p[1] - last[1]) < 1e-6) { return; }
      if (out.length >= 2) {
        var a = out[out.length - 2], b = last;
        if ((Math.abs(a[0] - b[0]) < 1e-6 && Math.abs(b[0] - p[0]) < 1e-6) ||
            (Math.abs(a[1] - b[1]) < 1e-6 && Math.abs(b[1] - p[1]) < 1e-6)) {
          out[out.length - 1] = p;
          return;
        }
      }
      out.push(p);
    });
    return out;
  }

  function inShape(shape, r, p) {
    var x = p[0], y = p[1];
    if (!(r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1)) { return false; }
    if (shape === "ellipse") {
      var rx = r.w() / 2, ry = r.h() / 2, ex = (x - r.cx()) / rx, ey = (y - r.cy()) / ry;
      return ex * ex + ey * ey <= 1.0;
    }
    if (shape === "hexagon") {
      var inset = r.h() ? r.w() / 4 * (1 - Math.abs(y - r.cy()) / (r.h() / 2)) : 0;
      return r.x0 + r.w() / 4 - inset <= x && x <= r.x1 - r.w() / 4 + inset;
    }
    return true;
  }

  function shapeBoundary(shape, r, inside, outside) {
    var lo = 0.0, hi = 1.0;
    for (var k = 0; k < 40; k++) {
      var mid = (lo + hi) / 2;
      var p = [inside[0] + (outside[0] - inside[0]) * mid, inside[1] + (outside[1] - inside[1]) * mid];
      if (inShape(shape, r, p)) { lo = mid; } else { hi = mid; }
    }
    return [inside[0] + (outside[0] - inside[0]) * hi, inside[1] + (outside[1] - inside[1]) * hi];
  }

  // ---- the graph ---------------------------------------------------------------------------
  /** Adjacency of the graph shape (see the module doc), built once per layout. */
  function index(graph) {
    var out = {}, inn = {}, nb = {};
    graph.nodes.forEach(function (n) { out[n] = []; inn[n] = []; nb[n] = {}; });
    graph.edges.forEach(function (e) {
      out[e.u].push(e); inn[e.v].push(e);
      nb[e.u][e.v] = 1; nb[e.v][e.u] = 1;
    });
    return { graph: graph, nodes: graph.nodes, attrs: graph.attrs, edges: graph.edges,
             out: out, inn: inn, neighbours: function (n) { return Object.keys(nb[n]); } };
  }
  function attr(G, n, k) { var a = G.attrs[n]; return a ? a[k] : undefined; }

  // ---- rank.py -----------------------------------------------------------------------------
  function constraints(G, R) {
    var out = [];
    G.edges.forEach(function (e) {
      var t = e.type;
      if (e.u === e.v || !has(R.above, t)) { return; }
      if (t === "ASSISTS" || t === "ADVISES") { out.push([e.v, e.u, t]); }
      else if (t === "MEMBER_OF") {
        if (attr(G, e.u, "kind") === "Forum" && attr(G, e.v, "kind") === "Forum") { out.push([e.v, e.u, t]); }
      } else { out.push([e.u, e.v, t]); }
    });
    return sortBy(out, function (c) { return [R.above[c[2]], c[0], c[1]]; });
  }

  function Succ() { this.m = new Map(); }
  Succ.prototype.get = function (u) {   // a defaultdict(set): asking creates the key
    var s = this.m.get(u);
    if (!s) { s = new Set(); this.m.set(u, s); }
    return s;
  };
  Succ.prototype.peek = function (u) { return this.m.get(u); };
  Succ.prototype.keys = function () { return Array.from(this.m.keys()); };

  function reaches(succ, start, goal) {
    var seen = new Set([start]), todo = [start];
    while (todo.length) {
      var n = todo.pop();
      if (n === goal) { return true; }
      succ.get(n).forEach(function (m) { if (!seen.has(m)) { seen.add(m); todo.push(m); } });
    }
    return false;
  }

  function acyclic(nodes, cons) {
    var succ = new Succ(), kept = [];
    cons.forEach(function (c) {
      var u = c[0], v = c[1], t = c[2];
      if (succ.get(u).has(v)) { return; }
      if (t !== "COMMANDS" && reaches(succ, v, u)) { return; }
      succ.get(u).add(v);
      kept.push(c);
    });
    if (!isDag(nodes, succ)) {
      succ = new Succ(); kept = [];
      cons.forEach(function (c) {
        var u = c[0], v = c[1];
        if (!succ.get(u).has(v) && !reaches(succ, v, u)) { succ.get(u).add(v); kept.push(c); }
      });
    }
    return succ;
  }

  function isDag(nodes, succ) {
    var every = new Set(nodes);
    succ.keys().forEach(function (k) { every.add(k); });
    return topological(nodes, succ).length === every.size;
  }

  function topological(nodes, succ) {
    var indeg = new Map(), every = new Set(nodes);
    succ.keys().forEach(function (u) {
      every.add(u);
      succ.peek(u).forEach(function (v) { indeg.set(v, (indeg.get(v) || 0) + 1); every.add(v); });
    });
    var queue = sortedStr(Array.from(every).filter(function (n) { return !indeg.get(n); }));
    var out = [], head = 0;
    while (head < queue.length) {
      var n = queue[head++];
      out.push(n);
      var s = succ.peek(n);
      if (!s) { continue; }
      sortedStr(Array.from(s)).forEach(function (m) {
        indeg.set(m, indeg.get(m) - 1);
        if (indeg.get(m) === 0) { queue.push(m); }
      });
    }
    return out;
  }

  function longestPath(nodes, succ, floor) {
    var rank = new Map();
    nodes.forEach(function (n) { rank.set(n, floor && floor.has(n) ? floor.get(n) : 0); });
    topological(nodes, succ).forEach(function (n) {
      var s = succ.peek(n);
      if (!s) { return; }
      s.forEach(function (m) { rank.set(m, Math.max(rank.has(m) ? rank.get(m) : 0, rank.get(n) + 1)); });
    });
    return rank;
  }

  function ranks(G, R, extra) {
    var nodes = sortedStr(G.nodes);
    var cons = constraints(G, R).concat((extra || []).map(function (p) { return [p[0], p[1], "STACK"]; }));
    var succ = acyclic(nodes, cons);
    var rank = longestPath(nodes, succ);
    var floor = new Map();
    nodes.forEach(function (n) {
      if (attr(G, n, "kind") !== "Forum") { return; }
      var members = G.inn[n].filter(function (e) {
        return e.type === "MEMBER_OF" && attr(G, e.u, "kind") !== "Forum";
      }).map(function (e) { return rank.get(e.u); });
      if (members.length) { floor.set(n, Math.min.apply(null, members) + 1); }
    });
    if (floor.size) {
      var f2 = new Map();
      floor.forEach(function (f, n) { f2.set(n, Math.max(rank.get(n), f)); });
      rank = longestPath(nodes, succ, f2);
    }
    if (nodes.length <= R.peerLimit) { rank = levelPeers(G, nodes, succ, rank); }
    return { rank: rank, succ: succ };
  }

  function maxOf(map) { var m = -Infinity; map.forEach(function (v) { if (v > m) { m = v; } }); return m; }

  function levelPeers(G, nodes, succ, rank) {
    var edges = sortBy(G.edges, function (e) { return [e.u, e.v]; });
    edges.forEach(function (e) {
      var u = e.u, v = e.v;
      if (e.type !== "COORDINATES_WITH" || rank.get(u) === rank.get(v)) { return; }
      if (attr(G, u, "nation") === attr(G, v, "nation")) { return; }
      var hi = rank.get(u) < rank.get(v) ? u : v, lo = hi === u ? v : u;
      var floor = new Map(rank);
      floor.set(hi, rank.get(lo));
      var trial = longestPath(nodes, succ, floor);
      if (trial.get(lo) === rank.get(lo) && maxOf(trial) <= maxOf(rank) + 1) { rank = trial; }
    });
    return rank;
  }

  // ---- frames.py ---------------------------------------------------------------------------
  function frameIds(G, R) {
    var C = R.combined, nation = {}, combined = [];
    G.nodes.forEach(function (n) { nation[n] = attr(G, n, "nation") || C; });
    combined = sortedStr(G.nodes.filter(function (n) { return nation[n] === C; }));
    if (!combined.length) { return nation; }
    var comp = {}, count = 0;
    combined.forEach(function (n) {
      if (has(comp, n)) { return; }
      var k = count++, todo = [n];
      comp[n] = k;
      while (todo.length) {
        var m = todo.pop();
        G.neighbours(m).forEach(function (o) {
          if (nation[o] === C && !has(comp, o)) { comp[o] = k; todo.push(o); }
        });
      }
    });
    var partners = new Map();   // insertion order, as the Python dict
    combined.forEach(function (n) {
      if (!partners.has(comp[n])) { partners.set(comp[n], new Set()); }
      var p = partners.get(comp[n]);
      G.neighbours(n).forEach(function (o) { if (nation[o] !== C) { p.add(nation[o]); } });
    });
    var pairs = new Map();
    partners.forEach(function (p, k) { if (p.size >= 2) { pairs.set(k, sortedStr(Array.from(p))); } });
    if (!pairs.size) { return nation; }
    var label = new Map(pairs);
    partners.forEach(function (_, k) {
      if (label.has(k)) { return; }
      var start = combined.filter(function (n) { return comp[n] === k; });
      var seen = new Set(start), queue = start.slice(), head = 0, found = null;
      while (head < queue.length && found === null) {
        var m = queue[head++], nbs = sortedStr(G.neighbours(m));
        for (var q = 0; q < nbs.length; q++) {
          var o = nbs[q];
          if (seen.has(o)) { continue; }
          seen.add(o);
          if (nation[o] === C && pairs.has(comp[o])) { found = pairs.get(comp[o]); break; }
          queue.push(o);
        }
      }
      if (!found) {
        found = Array.from(pairs.values()).sort(function (a, b) { return cmpTuple(a, b); })[0];
      }
      label.set(k, found);
    });
    var out = Object.assign({}, nation);
    combined.forEach(function (n) { out[n] = C + ":" + label.get(comp[n]).join("+"); });
    return out;
  }

  function frameNation(R, frame) { return frame.indexOf(R.combined) === 0 ? R.combined : frame; }

  function frameOrder(G, R, frameOf) {
    var seen = {}, frames = [];
    Object.keys(frameOf).forEach(function (n) { if (!has(seen, frameOf[n])) { seen[frameOf[n]] = 1; frames.push(frameOf[n]); } });
    frames = sortBy(frames, function (f) {
      var i = R.nationOrder.indexOf(frameNation(R, f));
      return [i >= 0 ? i : R.nationOrder.length, f];
    });
    if (frames.length <= 2 || frames.length > R.maxPermuted) { return frames; }
    var pairs = new Map();
    G.edges.forEach(function (e) {
      var a = frameOf[e.u], b = frameOf[e.v];
      if (a !== b) {
        var key = cmpStr(a, b) < 0 ? a + "\n" + b : b + "\n" + a;
        pairs.set(key, (pairs.get(key) || 0) + (has(R.weight, e.type) ? R.weight[e.type] : 1));
      }
    });
    var list = [];
    pairs.forEach(function (w, key) { var ab = key.split("\n"); list.push([ab[0], ab[1], w]); });
    var best = frames, bestKey = null;
    permutations(frames).forEach(function (perm) {
      var pos = {};
      perm.forEach(function (f, i) { pos[f] = i; });
      var cost = 0, near = 0;
      list.forEach(function (p) {
        var d = Math.abs(pos[p[0]] - pos[p[1]]);
        cost += p[2] * (d - 1);
        near += p[2] * d;
      });
      if (bestKey === null || cmpTuple([cost, near], bestKey) < 0) { best = perm; bestKey = [cost, near]; }
    });
    return best.slice();
  }

  /** itertools.permutations order (lexicographic in the positions of `items`). */
  function permutations(items) {
    var out = [], used = new Array(items.length).fill(false), cur = [];
    (function rec() {
      if (cur.length === items.length) { out.push(cur.slice()); return; }
      for (var i = 0; i < items.length; i++) {
        if (used[i]) { continue; }
        used[i] = true; cur.push(items[i]);
        rec();
        cur.pop(); used[i] = false;
      }
    })();
    return out;
  }

  // ---- place.py ----------------------------------------------------------------------------
  function treeParents(G, R, rank, succ, frameOf) {
    var types = new Map();
    constraints(G, R).forEach(function (c) {
      var k = c[0] + "\n" + c[1], t = has(R.typeOrder, c[2]) ? R.typeOrder[c[2]] : 9;
      types.set(k, Math.min(types.has(k) ? types.get(k) : 9, t));
    });
    var preds = new Map();
    succ.keys().forEach(function (u) {
      succ.peek(u).forEach(function (v) {
        if (!preds.has(v)) { preds.set(v, []); }
        preds.get(v).push(u);
      });
    });
    var parent = {};
    G.nodes.forEach(function (n) {
      var options = (preds.get(n) || []).filter(function (p) { return frameOf[p] === frameOf[n]; });
      if (!options.length) { parent[n] = null; return; }
      var best = null, bestKey = null;
      options.forEach(function (p) {
        var k = p + "\n" + n, key = [types.has(k) ? types.get(k) : 9, -rank.get(p), p];
        if (bestKey === null || cmpTuple(key, bestKey) < 0) { best = p; bestKey = key; }
      });
      parent[n] = best;
    });
    return parent;
  }

  var ROOT = "\u0000root";   // the key of the roots' list (Python: None)

  function childrenOf(parent, G) {
    var kids = new Map();
    sortedStr(G.nodes).forEach(function (n) {
      var p = parent[n] === null ? ROOT : parent[n];
      if (!kids.has(p)) { kids.set(p, []); }
      kids.get(p).push(n);
    });
    return kids;
  }

  function typeKey(G, R, p, c) {
    var t = 9;
    G.out[p].forEach(function (e) {
      if (e.v === c) { t = Math.min(t, has(R.typeOrder, e.type) ? R.typeOrder[e.type] : 9); }
    });
    var name = attr(G, c, "short") || attr(G, c, "name_en") || c;
    return [t, pyLower(String(name)), c];
  }
  function pyLower(s) { return s.toLowerCase(); }

  function stacks(G, R, parent, rank, sp) {
    var kids = childrenOf(parent, G), out = [];
    kids.forEach(function (cs, p) {
      if (p === ROOT) { return; }
      var byRow = new Map();
      cs.forEach(function (c) {
        if (!(kids.get(c) || []).length) {
          var r = rank.get(c);
          if (!byRow.has(r)) { byRow.set(r, []); }
          byRow.get(r).push(c);
        }
      });
      Array.from(byRow.keys()).sort(function (a, b) { return a - b; }).forEach(function (r) {
        var leaves = byRow.get(r);
        if (leaves.length < sp.stack_min) { return; }
        leaves = sortBy(leaves, function (c) { return typeKey(G, R, p, c); });
        var columns = Math.ceil(leaves.length / sp.stack_rows);
        var per = Math.ceil(leaves.length / columns);
        for (var i = 0; i < leaves.length; i += per) { out.push(leaves.slice(i, i + per)); }
      });
    });
    return out;
  }

  function merge(into, other, dx) {
    other.forEach(function (lohi, lvl) {
      if (into.has(lvl)) {
        var cur = into.get(lvl);
        into.set(lvl, [Math.min(cur[0], lohi[0] + dx), Math.max(cur[1], lohi[1] + dx)]);
      } else { into.set(lvl, [lohi[0] + dx, lohi[1] + dx]); }
    });
  }

  function pack(contours, gap) {
    var acc = new Map(), out = [], prev = null;
    contours.forEach(function (cont) {
      var shared = [];
      cont.forEach(function (lohi, lvl) { if (acc.has(lvl)) { shared.push(acc.get(lvl)[1] - lohi[0] + gap); } });
      var off = shared.length ? Math.max.apply(null, shared) : (prev !== null ? prev : 0.0);
      if (prev !== null) { off = Math.max(off, prev); }
      out.push(off);
      prev = off;
      merge(acc, cont, off);
    });
    return out;
  }

  function column(col, dims, rank, sp, parentRank) {
    var width = Math.max.apply(null, col.map(function (c) { return dims[c][0]; }));
    var trunk = sp.corridor, cont = new Map(), members = new Map();
    col.forEach(function (c) {
      members.set(c, -width / 2 + dims[c][0] / 2 + trunk / 2);
      cont.set(rank.get(c), [-width / 2 - trunk / 2, width / 2 + trunk / 2]);
    });
    for (var lvl = parentRank + 1; lvl < rank.get(col[0]); lvl++) {
      cont.set(lvl, [-width / 2 - trunk / 2, -width / 2 + trunk / 2]);
    }
    return [cont, members];
  }

  function place(G, R, size, sp, frameWidth) {
    var frameOf = frameIds(G, R);
    var rk = ranks(G, R), rank = rk.rank, succ = rk.succ;
    var parent = treeParents(G, R, rank, succ, frameOf);
    var cols = stacks(G, R, parent, rank, sp), stacked = new Set();
    if (cols.length) {
      var extra = [];
      cols.forEach(function (col) { for (var i = 0; i < col.length - 1; i++) { extra.push([col[i], col[i + 1]]); } });
      rk = ranks(G, R, extra); rank = rk.rank; succ = rk.succ;
      cols.forEach(function (col) { col.forEach(function (n) { stacked.add(n); }); });
    }
    var columnOf = new Map();
    cols.forEach(function (col, k) { col.forEach(function (n) { columnOf.set(n, k); }); });
    var dims = {};
    G.nodes.forEach(function (n) { dims[n] = size(n); });

    var levelSet = new Set();
    rank.forEach(function (r) { levelSet.add(r); });
    var height = new Map();
    levelSet.forEach(function (l) { height.set(l, 0.0); });
    rank.forEach(function (r, n) { height.set(r, Math.max(height.get(r), dims[n][1])); });
    var maxLevel = levelSet.size ? Math.max.apply(null, Array.from(levelSet)) : -1;
    var rowTop = new Map(), rowBottom = new Map(), y = 0.0;
    for (var lvl = 0; lvl <= maxLevel; lvl++) {
      rowTop.set(lvl, y);
      rowBottom.set(lvl, y + (height.has(lvl) ? height.get(lvl) : 0.0));
      y = rowBottom.get(lvl) + sp.gap_y;
    }

    var kids = childrenOf(parent, G);
    kids.forEach(function (list, p) {
      kids.set(p, sortBy(list, function (c) { return p !== ROOT ? typeKey(G, R, p, c) : [rank.get(c), c]; }));
    });
    var contour = new Map(), rel = new Map(), orderNodes = [], stack = (kids.get(ROOT) || []).slice();
    while (stack.length) {
      var n = stack.pop();
      orderNodes.push(n);
      (kids.get(n) || []).forEach(function (c) { stack.push(c); });
    }
    for (var k = orderNodes.length - 1; k >= 0; k--) {
      var node = orderNodes[k], units = [], seenCols = new Set();
      (kids.get(node) || []).forEach(function (c) {
        if (columnOf.has(c)) {
          var ci = columnOf.get(c);
          if (seenCols.has(ci)) { return; }
          seenCols.add(ci);
          units.push(column(cols[ci], dims, rank, sp, rank.get(node)));
        } else {
          var cont = new Map(contour.get(c));
          for (var l2 = rank.get(node) + 1; l2 < rank.get(c); l2++) {
            var half = sp.corridor / 2, lohi = cont.has(l2) ? cont.get(l2) : [half, -half];
            cont.set(l2, [Math.min(lohi[0], -half), Math.max(lohi[1], half)]);
          }
          units.push([cont, new Map([[c, 0.0]])]);
        }
      });
      var offsets = pack(units.map(function (u) { return u[0]; }), sp.gap_x);
      var placed = new Map();
      units.forEach(function (u, m) { u[1].forEach(function (dx, c) { placed.set(c, offsets[m] + dx); }); });
      var anchor = 0.0;
      if (placed.size) {
        var xs = (kids.get(node) || []).filter(function (c) { return placed.has(c); }).map(function (c) { return placed.get(c); });
        anchor = (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2;
      }
      var mine = new Map([[rank.get(node), [-dims[node][0] / 2, dims[node][0] / 2]]]);
      units.forEach(function (u, m) { merge(mine, u[0], offsets[m] - anchor); });
      placed.forEach(function (x, c) { rel.set(c, x - anchor); });
      contour.set(node, mine);
    }

    var order = frameOrder(G, R, frameOf);
    var x = {}, boxes = {}, frames = {}, cursor = sp.margin, roots = kids.get(ROOT) || [];
    order.forEach(function (frame) {
      var members = sortBy(roots.filter(function (r) { return frameOf[r] === frame; }),
                           function (r) { return [rank.get(r), r]; });
      if (!members.length) { return; }
      var offs = pack(members.map(function (r) { return contour.get(r); }), sp.gap_x);
      var local = new Map();
      members.forEach(function (r, m) { local.set(r, offs[m]); });
      var todo = members.slice();
      while (todo.length) {
        var n2 = todo.pop();
        (kids.get(n2) || []).forEach(function (c) { local.set(c, local.get(n2) + rel.get(c)); todo.push(c); });
      }
      var left = Infinity, right = -Infinity;
      local.forEach(function (lx, n3) {
        left = Math.min(left, lx - dims[n3][0] / 2);
        right = Math.max(right, lx + dims[n3][0] / 2);
      });
      var grow = Math.max(0.0, ((frameWidth && has(frameWidth, frame)) ? frameWidth[frame] : 0.0) - 2 * sp.pad - (right - left));
      left = left - grow / 2; right = right + grow / 2;
      var shift = cursor + sp.pad - left;
      var top = Infinity, bottom = -Infinity;
      local.forEach(function (lx, n4) {
        x[n4] = lx + shift;
        top = Math.min(top, rank.get(n4)); bottom = Math.max(bottom, rank.get(n4));
      });
      var fx0 = cursor, fx1 = cursor + (right - left) + 2 * sp.pad;
      var fy0 = sp.margin + rowTop.get(top) - sp.pad - sp.title;
      var fy1 = sp.margin + rowBottom.get(bottom) + sp.pad;
      frames[frame] = new Rect(fx0, fy0, fx1, fy1);
      cursor = fx1 + sp.gutter;
    });
    var topShift = sp.margin + sp.title + sp.pad;
    G.nodes.forEach(function (n) {
      var r = rank.get(n);
      var cy = rowTop.get(r) + height.get(r) / 2 + sp.margin + sp.title + sp.pad;
      boxes[n] = Rect.around(x[n], cy, dims[n][0], dims[n][1]);
    });
    var fy1max = -Infinity;
    Object.keys(frames).forEach(function (f) {
      var r = frames[f];
      frames[f] = new Rect(r.x0, r.y0 + topShift - sp.margin, r.x1, r.y1 + topShift - sp.margin);
      fy1max = Math.max(fy1max, frames[f].y1);
    });
    var rowTop2 = new Map(), rowBottom2 = new Map();
    rowTop.forEach(function (v, k2) { rowTop2.set(k2, v + topShift); });
    rowBottom.forEach(function (v, k2) { rowBottom2.set(k2, v + topShift); });
    return { rank: rank, boxes: boxes, frameOf: frameOf, frames: frames, frameOrder: order,
             parent: parent, stacked: stacked, rowTop: rowTop2, rowBottom: rowBottom2,
             width: cursor - sp.gutter + sp.margin,
             height: Object.keys(frames).length ? fy1max + sp.margin : 0.0 };
  }

  // ---- route.py ----------------------------------------------------------------------------
  function dedupe(values) {
    var sorted = Array.from(values).map(round2).sort(function (a, b) { return a - b; });
    var out = [];
    sorted.forEach(function (v) { if (!out.length || v - out[out.length - 1] > 0.5) { out.push(v); } });
    return out;
  }

  function linesOf(R, boxes, frames, extraX, extraY, ports) {
    var xs = new Set(extraX), ys = new Set(extraY), C = R.clear;
    Object.keys(boxes).forEach(function (n) {
      var r = boxes[n], g = r.inflate(C);
      xs.add(g.x0); xs.add(g.x1); xs.add(r.cx());
      ys.add(g.y0); ys.add(g.y1); ys.add(r.cy());
      if (ports) {
        xs.add(r.x0 + r.w() / 4); xs.add(r.x1 - r.w() / 4);
        ys.add(r.y0 + r.h() / 4); ys.add(r.y1 - r.h() / 4);
      }
    });
    frames.forEach(function (f) {
      var g = f.inflate(C);
      xs.add(g.x0); xs.add(g.x1); ys.add(g.y0); ys.add(g.y1);
    });
    return [dedupe(xs), dedupe(ys)];
  }

  /** A binary heap of A* entries ordered as the Python's tuples (f, cost, i, j, d, fresh).
   *  An entry's state s = (i * ny + j) * 4 + d orders as (i, j, d) does, and `fresh`
   *  never decides (a start state is pushed once, at cost 0, and never again), so the
   *  order is (f, cost, s): the same total order, so the same pops. */
  function Heap() {
    this.f = new Float64Array(1024); this.c = new Float64Array(1024); this.s = new Int32Array(1024);
    this.n = 0;
  }
  Heap.prototype.grow = function () {
    var size = this.f.length * 2, f = new Float64Array(size), c = new Float64Array(size), s = new Int32Array(size);
    f.set(this.f); c.set(this.c); s.set(this.s);
    this.f = f; this.c = c; this.s = s;
  };
  Heap.prototype.push = function (fv, cv, sv) {
    if (this.n === this.f.length) { this.grow(); }
    var f = this.f, c = this.c, s = this.s, i = this.n++;
    while (i > 0) {   // sift the hole up
      var up = (i - 1) >> 1, fu = f[up];
      if (fv > fu || (fv === fu && (cv > c[up] || (cv === c[up] && sv > s[up])))) { break; }
      f[i] = fu; c[i] = c[up]; s[i] = s[up]; i = up;
    }
    f[i] = fv; c[i] = cv; s[i] = sv;
  };
  /** Removes the smallest entry; its cost and state are left in .topC and .topS. */
  Heap.prototype.pop = function () {
    var f = this.f, c = this.c, s = this.s;
    this.topC = c[0]; this.topS = s[0];
    var n = --this.n;
    if (n <= 0) { return; }
    var fv = f[n], cv = c[n], sv = s[n], i = 0;
    for (;;) {   // sift the hole down
      var l = 2 * i + 1;
      if (l >= n) { break; }
      var r = l + 1, m = l;
      if (r < n && (f[r] < f[l] || (f[r] === f[l] && (c[r] < c[l] || (c[r] === c[l] && s[r] < s[l]))))) { m = r; }
      if (fv < f[m] || (fv === f[m] && (cv < c[m] || (cv === c[m] && sv < s[m])))) { break; }
      f[i] = f[m]; c[i] = c[m]; s[i] = s[m]; i = m;
    }
    f[i] = fv; c[i] = cv; s[i] = sv;
  };

  function Router(R, boxes, shapes, frameOf, frames, extraX, extraY, ports) {
    this.R = R; this.boxes = boxes; this.shapes = shapes; this.frameOf = frameOf; this.frames = frames;
    var xy = linesOf(R, boxes, Object.keys(frames).map(function (f) { return frames[f]; }),
                     extraX || [], extraY || [], ports === undefined ? true : ports);
    this.X = xy[0]; this.Y = xy[1]; this.nx = this.X.length; this.ny = this.Y.length;
    var cells = this.nx * this.ny;
    // obstacles covering each grid step (tag lists), and the bundles using each step
    this.hBlock = new Array(cells); this.vBlock = new Array(cells);
    // the steps used by lines so far: how many bundles use each step (usedH/usedV), the
    // steps each bundle uses (stepsOf: step * 2 + 1 if vertical), and while a line is
    // routed, mineH/mineV mark its own bundle's steps (the Python's {bundle: count} maps,
    // asked only "is it mine" and "is anyone else's", without a Map per step)
    this.usedH = new Int32Array(cells); this.usedV = new Int32Array(cells);
    this.mineH = new Uint8Array(cells); this.mineV = new Uint8Array(cells);
    this.stepsOf = [];
    this.tags = [];          // tag number -> "box\n<id>" | "frame\n<id>"
    this.tagOf = {};
    var self = this;
    Object.keys(boxes).forEach(function (n) { self.mark(self.tag("box\n" + n), boxes[n].inflate(R.clear)); });
    Object.keys(frames).forEach(function (f) { self.markEdge(self.tag("frame\n" + f), frames[f].inflate(R.clear)); });
    // the tagged steps, and per line whether each is closed to it (filled by route)
    // every tagged step is closed to a line but those whose tags are all the line's own
    // (its ends' boxes and frames): closedH/closedV hold 1 on every tagged step, and a
    // route opens, then closes again, only the steps of its own tags (tagSteps)
    this.closedH = new Uint8Array(cells); this.closedV = new Uint8Array(cells);
    this.tagSteps = this.tags.map(function () { return []; });
    this.hBlock.forEach(function (tags, k) {
      self.closedH[k] = 1;
      tags.forEach(function (tag) { self.tagSteps[tag].push(k * 2); });
    });
    this.vBlock.forEach(function (tags, k) {
      self.closedV[k] = 1;
      tags.forEach(function (tag) { self.tagSteps[tag].push(k * 2 + 1); });
    });
    // per line: the heuristic's distances |X[i] - tx| and |Y[j] - ty|
    this.distX = new Float64Array(this.nx); this.distY = new Float64Array(this.ny);
    this.bundles = new Map();
    this.best = new Float64Array(cells * 4);
    this.came = new Int32Array(cells * 4);
    this.seen = new Int32Array(cells * 4);   // == gen: best/came hold this route's values
    this.gen = 0;
  }
  Router.prototype.tag = function (name) {
    this.tags.push(name);
    this.tagOf[name] = this.tags.length - 1;
    return this.tags.length - 1;
  };
  function addTag(list, key, tag) {
    if (list[key]) { list[key].push(tag); } else { list[key] = [tag]; }
  }
  Router.prototype.mark = function (tag, r) {
    var X = this.X, Y = this.Y, ny = this.ny;
    var i0 = bisectLeft(X, r.x0 - 0.01), i1 = bisectRight(X, r.x1 + 0.01);
    var j0 = bisectLeft(Y, r.y0 - 0.01), j1 = bisectRight(Y, r.y1 + 0.01);
    for (var i = i0; i < i1; i++) {
      for (var j = j0; j < j1; j++) {
        var x = X[i], y = Y[j];
        var insideX = r.x0 + 0.01 < x && x < r.x1 - 0.01, insideY = r.y0 + 0.01 < y && y < r.y1 - 0.01;
        if (insideY && i + 1 < X.length && X[i] >= r.x0 - 0.01 && X[i + 1] <= r.x1 + 0.01) {
          addTag(this.hBlock, i * ny + j, tag);
        }
        if (insideX && j + 1 < Y.length && Y[j] >= r.y0 - 0.01 && Y[j + 1] <= r.y1 + 0.01) {
          addTag(this.vBlock, i * ny + j, tag);
        }
      }
    }
  };
  Router.prototype.markEdge = function (tag, r) {
    var X = this.X, Y = this.Y, ny = this.ny, i, j, k;
    var left = bisectRight(X, r.x0 + 0.01) - 1, right = bisectLeft(X, r.x1 - 0.01) - 1;
    var top = bisectRight(Y, r.y0 + 0.01) - 1, bottom = bisectLeft(Y, r.y1 - 0.01) - 1;
    var j0 = bisectRight(Y, r.y0 + 0.01), j1 = bisectLeft(Y, r.y1 - 0.01);
    var i0 = bisectRight(X, r.x0 + 0.01), i1 = bisectLeft(X, r.x1 - 0.01);
    var cols = left === right ? [left] : [left, right], rows = top === bottom ? [top] : [top, bottom];
    for (j = j0; j < j1; j++) {
      for (k = 0; k < cols.length; k++) {
        i = cols[k];
        if (i >= 0 && i < X.length - 1) { addTag(this.hBlock, i * ny + j, tag); }
      }
    }
    for (i = i0; i < i1; i++) {
      for (k = 0; k < rows.length; k++) {
        j = rows[k];
        if (j >= 0 && j < Y.length - 1) { addTag(this.vBlock, i * ny + j, tag); }
      }
    }
  };
  Router.prototype.index = function (x, y) {
    function nearest(A, n, v) {
      var b = bisectLeft(A, v), lo = Math.max(0, b - 1), hi = Math.min(n, b + 1), best = lo;
      for (var k = lo; k < hi; k++) { if (Math.abs(A[k] - v) < Math.abs(A[best] - v)) { best = k; } }
      return best;
    }
    return [nearest(this.X, this.nx, x), nearest(this.Y, this.ny, y)];
  };
  Router.prototype.bundleId = function (name) {
    if (!this.bundles.has(name)) { this.bundles.set(name, this.bundles.size); this.stepsOf.push([]); }
    return this.bundles.get(name);
  };
  /** Sets (1) or clears (0) the marks of a bundle's steps in mineH/mineV. */
  Router.prototype.markMine = function (bundle, on) {
    var steps = this.stepsOf[bundle], mineH = this.mineH, mineV = this.mineV;
    for (var k = 0; k < steps.length; k++) {
      if (steps[k] & 1) { mineV[steps[k] >> 1] = on; } else { mineH[steps[k] >> 1] = on; }
    }
  };

  /** Opens (shut 0) the steps of the allowed tags that hold no other tag, or closes
   *  them all again (shut 1): the steps of the other tags stay closed throughout. */
  Router.prototype.shutOwn = function (allowed, own, shut) {
    for (var o = 0; o < own.length; o++) {
      var steps = this.tagSteps[own[o]];
      for (var k = 0; k < steps.length; k++) {
        var step = steps[k] >> 1, vertical = steps[k] & 1;
        var tags = (vertical ? this.vBlock : this.hBlock)[step], closed = shut;
        if (!shut) {
          for (var b = 0; b < tags.length; b++) { if (!allowed[tags[b]]) { closed = 1; break; } }
        }
        (vertical ? this.closedV : this.closedH)[step] = closed;
      }
    }
  };

  /** The line's polyline (centre to centre, unclipped), or null if closed in. */
  Router.prototype.route = function (line) {
    var R = this.R, tagOf = this.tagOf;
    var allowed = new Uint8Array(this.tags.length);
    [line.source, line.target].forEach(function (end) {
      if (has(tagOf, "box\n" + end)) { allowed[tagOf["box\n" + end]] = 1; }
    });
    var frameOf = this.frameOf;
    [line.source, line.target].forEach(function (end) {
      if (frameOf[end] && has(tagOf, "frame\n" + frameOf[end])) { allowed[tagOf["frame\n" + frameOf[end]]] = 1; }
    });
    var s = this.boxes[line.source], t = this.boxes[line.target];
    var si = this.index(s.cx(), s.cy()), ti = this.index(t.cx(), t.cy());
    var X = this.X, Y = this.Y, nx = this.nx, ny = this.ny;
    var startDirs = [0, 1, 2, 3], endDirs = [0, 1, 2, 3];
    if (line.flow === "down" && t.cy() > s.cy()) { startDirs = [1]; endDirs = [1]; }
    else if (line.flow === "up" && t.cy() < s.cy()) { startDirs = [3]; endDirs = [3]; }
    else if (line.flow === "stack") { startDirs = [1]; endDirs = [0]; }
    var endOk = [false, false, false, false];
    endDirs.forEach(function (d) { endOk[d] = true; });
    var tx = X[ti[0]], ty = Y[ti[1]], goalI = ti[0], goalJ = ti[1];
    var sx0 = s.x0, sy0 = s.y0, sx1 = s.x1, sy1 = s.y1, tx0 = t.x0, ty0 = t.y0, tx1 = t.x1, ty1 = t.y1;
    var usedH = this.usedH, usedV = this.usedV, mineH = this.mineH, mineV = this.mineV;
    var closedH = this.closedH, closedV = this.closedV, distX = this.distX, distY = this.distY;
    var own = [];
    for (var tg = 0; tg < allowed.length; tg++) { if (allowed[tg]) { own.push(tg); } }
    this.shutOwn(allowed, own, 0);
    for (var xi = 0; xi < nx; xi++) { distX[xi] = Math.abs(X[xi] - tx); }
    for (var yj = 0; yj < ny; yj++) { distY[yj] = Math.abs(Y[yj] - ty); }
    var bundle = this.bundleId(line.bundle), H = R.heuristic;
    this.markMine(bundle, 1);
    var SHARE = R.share, OVERLAP = R.overlap, BEND = R.bend, CROSS = R.cross;
    var best = this.best, came = this.came, seen = this.seen, gen = ++this.gen;
    var heap = this.heap || (this.heap = new Heap()), fresh = {};   // one heap per grid
    heap.n = 0;
    startDirs.forEach(function (d) {
      var st = (si[0] * ny + si[1]) * 4 + d;
      best[st] = 0.0; came[st] = -1; seen[st] = gen; fresh[st] = true;
      heap.push(H * (Math.abs(X[si[0]] - tx) + Math.abs(Y[si[1]] - ty)), 0.0, st);
    });
    var goal = -1, dirs = [0, 0, 0];
    while (heap.n) {
      heap.pop();
      var cost = heap.topC, here = heap.topS;
      if (cost > best[here]) { continue; }   // seen[here] === gen: it was pushed
      var d = here & 3, cell = here >> 2, i = (cell / ny) | 0, j = cell - i * ny;
      var isFresh = cost === 0.0 && fresh[here] === true;
      if (i === goalI && j === goalJ && endOk[d] && !isFresh) { goal = here; break; }
      var ndirs;
      if (isFresh) { dirs[0] = d; ndirs = 1; }
      else { dirs[0] = d; dirs[1] = (d + 1) & 3; dirs[2] = (d + 3) & 3; ndirs = 3; }
      var insideS = sx0 < X[i] && X[i] < sx1 && sy0 < Y[j] && Y[j] < sy1;
      var insideT = tx0 < X[i] && X[i] < tx1 && ty0 < Y[j] && Y[j] < ty1;
      for (var q = 0; q < ndirs; q++) {
        var nd = dirs[q], ni, nj, step, horizontal;
        if (nd === 0) { ni = i + 1; nj = j; step = i * ny + j; horizontal = true; }
        else if (nd === 2) { ni = i - 1; nj = j; step = (i - 1) * ny + j; horizontal = true; }
        else if (nd === 1) { ni = i; nj = j + 1; step = i * ny + j; horizontal = false; }
        else { ni = i; nj = j - 1; step = i * ny + (j - 1); horizontal = false; }
        if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) { continue; }
        if (nd !== d && insideS) { continue; }
        if (tx0 < X[ni] && X[ni] < tx1 && ty0 < Y[nj] && Y[nj] < ty1 &&
            (!endOk[nd] || (nd !== d && insideT))) { continue; }
        if (horizontal ? closedH[step] : closedV[step]) { continue; }
        var length = horizontal ? Math.abs(X[ni] - X[i]) : Math.abs(Y[nj] - Y[j]);
        var users = horizontal ? usedH[step] : usedV[step], stepCost;
        if (users !== 0) {
          var mine = horizontal ? mineH[step] : mineV[step];
          stepCost = mine ? length * SHARE : length;
          if (users > mine) { stepCost += length * OVERLAP + BEND; }
        } else { stepCost = length; }
        if (nd !== d) { stepCost += BEND; }
        // a crossing: a step across the new point used by another bundle
        var a1 = ni * ny + nj, crossed;
        if (horizontal) {
          crossed = usedV[a1] > mineV[a1] || (nj > 0 && usedV[a1 - 1] > mineV[a1 - 1]);
        } else {
          crossed = usedH[a1] > mineH[a1] || (ni > 0 && usedH[a1 - ny] > mineH[a1 - ny]);
        }
        if (crossed) { stepCost += CROSS; }
        var nc = cost + stepCost, key = (ni * ny + nj) * 4 + nd;
        if (seen[key] !== gen || nc < best[key]) {
          seen[key] = gen;
          best[key] = nc;
          came[key] = here;
          heap.push(nc + H * (distX[ni] + distY[nj]), nc, key);
        }
      }
    }
    this.markMine(bundle, 0);
    this.shutOwn(allowed, own, 1);
    if (goal < 0) { return null; }
    var path = [goal];
    while (came[path[path.length - 1]] >= 0) { path.push(came[path[path.length - 1]]); }
    path.reverse();
    var cellsOf = path.map(function (s4) { var c = s4 >> 2, ci = (c / ny) | 0; return [ci, c - ci * ny]; });
    this.markMine(bundle, 1);
    var steps = this.stepsOf[bundle];
    for (var p = 0; p + 1 < cellsOf.length; p++) {
      var c0 = cellsOf[p], c1 = cellsOf[p + 1], k2;
      if (c0[1] === c1[1]) {
        k2 = Math.min(c0[0], c1[0]) * ny + c0[1];
        if (!mineH[k2]) { mineH[k2] = 1; usedH[k2]++; steps.push(k2 * 2); }
      } else {
        k2 = c0[0] * ny + Math.min(c0[1], c1[1]);
        if (!mineV[k2]) { mineV[k2] = 1; usedV[k2]++; steps.push(k2 * 2 + 1); }
      }
    }
    this.markMine(bundle, 0);
    return simplify(cellsOf.map(function (c) { return [X[c[0]], Y[c[1]]]; }));
  };

  function clip(line, points, boxes, shapes) {
    var s = boxes[line.source], t = boxes[line.target], pts = points.slice();
    while (pts.length > 2 && s.contains(pts[1], 0.01)) { pts.shift(); }
    while (pts.length > 2 && t.contains(pts[pts.length - 2], 0.01)) { pts.pop(); }
    var ss = shapes[line.source] || "box", ts = shapes[line.target] || "box";
    if (pts.length >= 2) {
      pts[0] = shapeBoundary(ss, s, s.contains(pts[0], 0.01) ? pts[0] : [s.cx(), s.cy()], pts[1]);
      pts[pts.length - 1] = shapeBoundary(ts, t, t.contains(pts[pts.length - 1], 0.01) ? pts[pts.length - 1]
                                          : [t.cx(), t.cy()], pts[pts.length - 2]);
    }
    return pts.map(function (p) { return [round2(p[0]), round2(p[1])]; });
  }

  function routeAll(router, lines) {
    var out = { points: {}, failed: [] };
    lines.forEach(function (line) {
      var pts = router.route(line);
      if (pts === null) {
        out.failed.push(line.key);
        var s = router.boxes[line.source], t = router.boxes[line.target];
        pts = [[s.cx(), s.cy()], [s.cx(), t.cy()], [t.cx(), t.cy()]];
      }
      out.points[line.key] = clip(line, pts, router.boxes, router.shapes);
    });
    return out;
  }

  // ---- export/common.py BoxGrid ------------------------------------------------------------
  function BoxGrid(cell) { this.cell = cell; this.cells = new Map(); }
  BoxGrid.prototype.keys = function (box) {
    var c = this.cell, out = [];
    for (var i = Math.floor(box[0] / c); i <= Math.floor(box[2] / c); i++) {
      for (var j = Math.floor(box[1] / c); j <= Math.floor(box[3] / c); j++) { out.push(i + "," + j); }
    }
    return out;
  };
  BoxGrid.prototype.add = function (box) {
    var self = this;
    this.keys(box).forEach(function (k) {
      if (!self.cells.has(k)) { self.cells.set(k, []); }
      self.cells.get(k).push(box);
    });
  };
  BoxGrid.prototype.hits = function (box) {
    var keys = this.keys(box);
    for (var q = 0; q < keys.length; q++) {
      var list = this.cells.get(keys[q]) || [];
      for (var m = 0; m < list.length; m++) {
        var b = list[m];
        if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) { return true; }
      }
    }
    return false;
  };

  // ---- engine.py ---------------------------------------------------------------------------
  function bundleOf(R, e, buses) {
    var t = e.type || "";
    if (R.down.indexOf(t) >= 0) { return [t + ":" + e.u, "down"]; }
    if (R.up.indexOf(t) >= 0) { return [t + ":" + e.v, "up"]; }
    if (t === "MEMBER_OF") {
      if (buses && buses.has(e.u + "\n" + e.v)) { return [t + ":by:" + e.u, "side"]; }
      return [t + ":" + e.v, "side"];
    }
    return [t + ":" + e.u + ":" + e.v, "side"];
  }

  /** engine.member_buses: the membership lines ("member\nforum") drawn as their
   *  member's bus (a member drawn as the only member of R.memberBus forums or more). */
  function memberBuses(R, G) {
    var into = new Map(), solo = new Map(), out = new Set();
    G.edges.forEach(function (e) {
      if (e.type === "MEMBER_OF") {
        if (!into.has(e.v)) { into.set(e.v, []); }
        into.get(e.v).push(e.u);
      }
    });
    into.forEach(function (members, v) {
      if (members.length === 1) {
        if (!solo.has(members[0])) { solo.set(members[0], []); }
        solo.get(members[0]).push(v);
      }
    });
    solo.forEach(function (forums, u) {
      if (forums.length >= R.memberBus) { forums.forEach(function (v) { out.add(u + "\n" + v); }); }
    });
    return out;
  }

  function lineKeys(R, G, p, buses) {
    var todo = [], meta = {};
    G.edges.forEach(function (e) {
      if (e.u === e.v) { return; }
      var bf = bundleOf(R, e, buses), flow = bf[1];
      if (flow === "down" && p.stacked.has(e.v) && p.parent[e.v] === e.u) { flow = "stack"; }
      meta[e.key] = e;
      todo.push({ key: e.key, source: e.u, target: e.v, bundle: bf[0], flow: flow });
    });
    var boxes = p.boxes;
    function distance(ln) {
      var a = boxes[ln.source], b = boxes[ln.target];
      return Math.abs(a.cx() - b.cx()) + Math.abs(a.cy() - b.cy());
    }
    todo = sortBy(todo, function (ln) {
      var t = meta[ln.key].type;
      return [has(R.routeOrder, t) ? R.routeOrder[t] : 9, ln.bundle, distance(ln), ln.key];
    });
    return { todo: todo, meta: meta };
  }

  function shapesOf(G, R) {
    var shapes = {};
    G.nodes.forEach(function (n) { shapes[n] = R.shapes[attr(G, n, "kind")] || "box"; });
    return shapes;
  }

  function gridExtras(p, sp) {
    var channelY = [];
    p.rowBottom.forEach(function (v, r) { if (p.rowTop.has(r + 1)) { channelY.push((v + p.rowTop.get(r + 1)) / 2); } });
    var sorted = p.frameOrder.filter(function (f) { return has(p.frames, f); }).map(function (f) { return p.frames[f]; });
    var gutterX = [];
    for (var i = 0; i + 1 < sorted.length; i++) { gutterX.push((sorted[i].x1 + sorted[i + 1].x0) / 2); }
    return { channelY: channelY, gutterX: gutterX,
             outerX: [sp.margin / 2, p.width - sp.margin / 2], outerY: [sp.margin / 2, p.height - sp.margin / 2] };
  }

  /** viz.layout.chart_layout(g, size, Spacing(), label_size, frame_width=...). */
  function chart(graph, size, R, opts) {
    opts = opts || {};
    var G = index(graph), sp = R.spacing;
    var p = place(G, R, size, sp, opts.frameWidth || {});
    var shapes = shapesOf(G, R), ex = gridExtras(p, sp);
    var buses = memberBuses(R, G), lk = lineKeys(R, G, p, buses), routes;
    var count = Object.keys(p.boxes).length;
    if (count <= R.globalLimit) {
      var router = new Router(R, p.boxes, shapes, p.frameOf, p.frames,
                              ex.gutterX.concat(ex.outerX), ex.channelY.concat(ex.outerY));
      routes = routeAll(router, lk.todo);
    } else {
      routes = routeLarge(R, p, shapes, lk.todo, sp);
    }
    var lines = {};
    G.edges.forEach(function (e) {
      if (e.u === e.v) { return; }
      lines[e.key] = { key: e.key, source: e.u, target: e.v, type: e.type || "",
                       bundle: bundleOf(R, e, buses)[0], points: routes.points[e.key] };
    });
    var labels = labelSpots(G, lines, p.boxes, opts.labelSize || [64.0, 15.0], p.width, p.height);
    return { boxes: p.boxes, shapes: shapes, frameOf: p.frameOf, frames: p.frames,
             frameOrder: p.frameOrder, rank: p.rank, lines: lines, labels: labels,
             width: p.width, height: p.height, titleBand: sp.title, failed: routes.failed,
             placement: p, labelSize: opts.labelSize || [64.0, 15.0] };
  }

  /** More lines routed over a finished chart (the removed lines of the change layer):
   *  each on the grid of its neighbourhood, as a large chart routes, so the chart's
   *  own lines and positions stay as they are. */
  function extraRoutes(R, chartOut, lines) {
    var p = chartOut.placement, sp = R.spacing;
    var todo = lines.map(function (l) {
      return { key: l.key, source: l.source, target: l.target, bundle: "extra:" + l.key, flow: "side" };
    });
    return routeLarge(R, p, chartOut.shapes, todo, sp, true);
  }

  function routeLarge(R, p, shapes, todo, sp, noTree) {
    var boxes = p.boxes, frames = p.frames, idx = new BoxGrid(R.boxGrid), named = new Map();
    Object.keys(boxes).forEach(function (n) {
      var r = boxes[n], key = [r.x0, r.y0, r.x1, r.y1];
      idx.add(key);
      named.set(key, n);
    });
    var out = { points: {}, failed: [] };
    function near(region) {
      var found = {}, box = [region.x0, region.y0, region.x1, region.y1];
      idx.keys(box).forEach(function (k) {
        (idx.cells.get(k) || []).forEach(function (b) {
          if (b[0] < box[2] && b[2] > box[0] && b[1] < box[3] && b[3] > box[1]) { found[named.get(b)] = boxes[named.get(b)]; }
        });
      });
      return found;
    }
    function clear(line, pts) {
      var own = [p.frameOf[line.source], p.frameOf[line.target]];
      for (var k = 0; k + 1 < pts.length; k++) {
        var a = pts[k], b = pts[k + 1];
        var seg = new Rect(Math.min(a[0], b[0]) - 3, Math.min(a[1], b[1]) - 3,
                           Math.max(a[0], b[0]) + 3, Math.max(a[1], b[1]) + 3);
        var hit = near(seg), names = Object.keys(hit);
        for (var m = 0; m < names.length; m++) {
          var n = names[m];
          if (n !== line.source && n !== line.target && segmentHitsRect(a, b, hit[n].inflate(2))) { return false; }
        }
        var fnames = Object.keys(frames);
        for (var q = 0; q < fnames.length; q++) {
          if (own.indexOf(fnames[q]) < 0 && segmentHitsRect(a, b, frames[fnames[q]])) { return false; }
        }
      }
      return true;
    }
    var channels = [];
    p.rowBottom.forEach(function (v, r) { if (p.rowTop.has(r + 1)) { channels.push((v + p.rowTop.get(r + 1)) / 2); } });
    channels.sort(function (a, b) { return a - b; });
    var ordered = p.frameOrder.filter(function (f) { return has(frames, f); }).map(function (f) { return frames[f]; });
    var gutters = [];
    for (var g = 0; g + 1 < ordered.length; g++) { gutters.push((ordered[g].x1 + ordered[g + 1].x0) / 2); }
    var top = sp.margin / 2, bottom = p.height - sp.margin / 2, left = sp.margin / 2, right = p.width - sp.margin / 2;
    var total = Object.keys(boxes).length;
    todo.forEach(function (line) {
      var pts = noTree ? null : treeRoute(line, p, sp);
      if (pts !== null && clear(line, pts)) {
        out.points[line.key] = pts.map(function (q) { return [round2(q[0]), round2(q[1])]; });
        return;
      }
      var s = boxes[line.source], t = boxes[line.target], found = null;
      var candidates = channels.concat([top, bottom]).map(function (y) {
        return [[s.cx(), s.cy()], [s.cx(), y], [t.cx(), y], [t.cx(), t.cy()]];
      }).concat(gutters.concat([left, right]).map(function (x) {
        return [[s.cx(), s.cy()], [x, s.cy()], [x, t.cy()], [t.cx(), t.cy()]];
      }));
      candidates = sortBy(candidates, function (c) {
        var sum = 0;
        for (var k = 0; k + 1 < c.length; k++) { sum += Math.abs(c[k][0] - c[k + 1][0]) + Math.abs(c[k][1] - c[k + 1][1]); }
        return [sum];
      });
      for (var k = 0; k < Math.min(R.candidates, candidates.length); k++) {
        if (clear(line, outside(candidates[k], s, t))) { found = candidates[k]; break; }
      }
      var margin = R.localMargin;
      for (var tries = found === null ? 2 : 0; tries > 0; tries--) {
        var region = new Rect(Math.min(s.x0, t.x0) - margin, Math.min(s.y0, t.y0) - margin,
                              Math.max(s.x1, t.x1) + margin, Math.max(s.y1, t.y1) + margin);
        var sub = near(region);
        if (Object.keys(sub).length > R.searchBoxes && total > R.searchAll) { break; }
        sub[line.source] = s; sub[line.target] = t;
        var subFrames = {};
        Object.keys(frames).forEach(function (f) { if (frames[f].overlaps(region)) { subFrames[f] = frames[f]; } });
        var router = new Router(R, sub, shapes, p.frameOf, subFrames, [region.x0, region.x1],
                                [region.y0, region.y1], false);
        found = router.route(line);
        if (found !== null) { break; }
        margin *= 3;
      }
      if (found === null) { out.failed.push(line.key); found = candidates[0]; }
      out.points[line.key] = clip(line, found, boxes, shapes);
    });
    return out;
  }

  function outside(pts, s, t) {
    var out = pts.slice(), a = out[0], b = out[1];
    out[0] = a[0] === b[0] ? [a[0], b[1] > a[1] ? s.y1 : s.y0] : [b[0] > a[0] ? s.x1 : s.x0, a[1]];
    a = out[out.length - 1]; b = out[out.length - 2];
    out[out.length - 1] = a[0] === b[0] ? [a[0], b[1] > a[1] ? t.y1 : t.y0] : [b[0] > a[0] ? t.x1 : t.x0, a[1]];
    return out;
  }

  function treeRoute(line, p, sp) {
    if ((line.flow !== "down" && line.flow !== "stack") || p.parent[line.target] !== line.source) { return null; }
    var s = p.boxes[line.source], t = p.boxes[line.target], r = p.rank.get(line.source);
    if (!p.rowTop.has(r + 1) || t.y0 <= s.y1) { return null; }
    var chan = (p.rowBottom.get(r) + p.rowTop.get(r + 1)) / 2;
    if (line.flow === "stack") {
      var tx = t.x0 - sp.corridor / 2;
      return [[s.cx(), s.y1], [s.cx(), chan], [tx, chan], [tx, t.cy()], [t.x0, t.cy()]];
    }
    return [[s.cx(), s.y1], [s.cx(), chan], [t.cx(), chan], [t.cx(), t.y0]];
  }

  /** The places a label may go beside a group of lines: by each vertical segment at
   *  least `lh` long (its middle, then quarters; right, then left), then by each
   *  line's start. */
  function spotsBeside(group, lw, lh) {
    var spots = [];
    group.forEach(function (line) {
      var pts = line.points;
      for (var k = 0; k + 1 < pts.length; k++) {
        var ax = pts[k][0], ay = pts[k][1], bx = pts[k + 1][0], by = pts[k + 1][1];
        if (Math.abs(ax - bx) < 0.01 && Math.abs(by - ay) >= lh) {
          var top = Math.min(ay, by), bottom = Math.max(ay, by);
          [0.5, 0.25, 0.75].forEach(function (t) {
            var cy = top + (bottom - top) * t;
            spots.push([ax + 3, cy], [ax - 3 - lw, cy]);
          });
        }
      }
      if (pts.length) {
        var a0 = pts[0];
        spots.push([a0[0] + 3, a0[1] + lh / 2 + 2], [a0[0] - 3 - lw, a0[1] + lh / 2 + 2]);
      }
    });
    return spots;
  }

  /** The first spot whose label rectangle hits nothing filed in `grid` (then filed), else
   *  the first spot; null without any. */
  function chooseSpot(spots, lw, lh, grid) {
    for (var q = 0; q < spots.length; q++) {
      var r = [spots[q][0], spots[q][1] - lh / 2, spots[q][0] + lw, spots[q][1] + lh / 2];
      if (!grid.hits(r)) { grid.add(r); return spots[q]; }
    }
    return spots.length ? spots[0] : null;
  }

  function boxGridOf(boxes) {
    var grid = new BoxGrid(120.0);
    Object.keys(boxes).forEach(function (n) {
      var b = boxes[n];
      grid.add([b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2]);
    });
    return grid;
  }

  /** The spots inside the chart's width x height first, then the others moved inside. */
  function insideChart(spots, lw, lh, width, height) {
    function fits(s) {
      return s[0] >= 0 && s[0] + lw <= width && s[1] - lh / 2 >= 0 && s[1] + lh / 2 <= height;
    }
    return spots.filter(fits).concat(spots.filter(function (s) { return !fits(s); }).map(
      function (s) { return [Math.min(Math.max(s[0], 0.0), Math.max(width - lw, 0.0)), s[1]]; }));
  }

  function labelSpots(G, lines, boxes, labelSize, width, height) {
    var lw = labelSize[0], lh = labelSize[1], byBundle = new Map();
    var auth = {};
    G.edges.forEach(function (e) { auth[e.key] = e.authority; });
    Object.keys(lines).forEach(function (k) {
      var line = lines[k], a = auth[line.key];
      if (line.type === "COMMANDS" && a) {
        var name = line.bundle + ":" + a;
        if (!byBundle.has(name)) { byBundle.set(name, []); }
        byBundle.get(name).push(line);
      }
    });
    var out = {}, grid = boxGridOf(boxes);
    sortedStr(Array.from(byBundle.keys())).forEach(function (name) {
      var group = sortBy(byBundle.get(name), function (ln) { return [ln.key]; });
      var chosen = chooseSpot(insideChart(spotsBeside(group, lw, lh), lw, lh, width, height),
                              lw, lh, grid);
      if (chosen) { out[name] = { x: chosen[0], y: chosen[1], lines: group.map(function (ln) { return ln.key; }) }; }
    });
    return out;
  }

  /** Spots for more labels on a finished chart (the change layer's words), each of
   *  (lw, lh), by the rule of the authority labels, clear of the boxes and of every
   *  label placed so far: {key: [x, y]} for [{key, points, size: [lw, lh]}]. */
  function moreSpots(chartOut, items) {
    var grid = boxGridOf(chartOut.boxes), out = {}, lw = chartOut.labelSize[0], lh = chartOut.labelSize[1];
    Object.keys(chartOut.labels).forEach(function (name) {
      var l = chartOut.labels[name];
      grid.add([l.x, l.y - lh / 2, l.x + lw, l.y + lh / 2]);
    });
    items.forEach(function (it) {
      var chosen = chooseSpot(spotsBeside([it], it.size[0], it.size[1]), it.size[0], it.size[1], grid);
      if (chosen) { out[it.key] = chosen; }
    });
    return out;
  }

  return { chart: chart, extraRoutes: extraRoutes, moreSpots: moreSpots, Rect: Rect, round2: round2,
           segmentHitsRect: segmentHitsRect, frameIds: function (graph, R) { return frameIds(index(graph), R); } };
})();
