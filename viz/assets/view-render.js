/* c2graph view: drawing (module C2Render).
 *
 * C2Render.create(container, vocab) owns the vis-network instance.  vis-network pans,
 * zooms, and finds the box under the pointer; everything else is drawn here on its
 * canvas, from the layout engine's answer (C2Layout.chart: boxes, frames, routed
 * lines, label spots) so that the view draws exactly what a chart or a slide draws:
 *
 * - boxes: a vis-network "custom" node per visible actor, drawn by ctxRenderer at the
 *   engine's size and shape (box, rounded box, ellipse, hexagon with its text inside),
 *   its name lines set by the one wrapper (viz.export.measure, in the page data);
 * - nation frames, under everything (beforeDrawing);
 * - lines: the engine's orthogonal polylines, under the boxes (beforeDrawing),
 *   styled from the page's style table (DATA.vocab); vis-network never holds an edge
 *   (its edges are straight or curved: they would cross boxes);
 * - authority words at the engine's label spots, and the change layer's plain words
 *   at spots found by the same rule, over everything (afterDrawing).
 *
 * measure/size give the box of a label as the engine is told it; draw(view) takes a
 * laid-out view and updates what vis-network holds only where a box moved or changed
 * size; lineAt(point) finds the line under the pointer (tooltips).
 */
var C2Render = (function () {
  "use strict";

  var ADDED = "#16a34a", ADDED_GLOW = "rgba(34,197,94,0.9)";
  var CHANGED = "#d97706", CHANGED_GLOW = "rgba(245,158,11,0.9)";
  var REMOVED = "#ef4444";
  var GHOST = "removed:";
  var DIM = 0.15, LINE_DIM = 0.12;
  var DASHES = { solid: [], dashed: [8, 5], dotted: [2, 4], dashdot: [10, 4, 2, 4] };
  var ARROW = 8;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function create(container, vocab) {
    var geo = vocab.geometry;
    var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, vocab.options);
    var tentative = {};
    vocab.tentative.forEach(function (s) { tentative[s] = true; });
    var measurer = document.createElement("canvas").getContext("2d");
    var nameFont = geo.font + "px " + geo.face;
    var labelFont = geo.labelFont + "px " + geo.face;
    var frameFont = "bold " + geo.frameFont + "px " + geo.face;
    var looks = {};        // actor id -> how its box is drawn now
    var drawn = null;      // the view drawn now: {chart, lines: [...], words: [...], frames}
    var given = {};        // actor id -> "x,y,w,h" handed to vis-network

    function textWidth(text, font) {
      measurer.font = font;
      return measurer.measureText(text).width;
    }

    /** The text in an actor's box, as lines: its name in the label language, the
     *  status of a tentative actor, "+ N" for a collapsed one. */
    function label(a, lang, strings, collapsed) {
      var en = a.wrapped[0] || a.short || a.name_en || a.id;
      var ja = a.name_ja ? a.wrapped[1] || a.name_ja : null;
      var text = lang === "ja" ? (ja || en) : lang === "both" && ja ? en + "\n" + ja : en;
      if (tentative[a.status]) { text += "\n(" + strings.status(lang, vocab, a.status) + ")"; }
      if (collapsed) { text += "\n" + strings.t(lang, "more", { count: collapsed.toLocaleString("en-US") }); }
      return text;
    }

    /** The box [w, h] around a label, by the charts' rule (viz.export.drawing.shape_size). */
    function size(text, kind) {
      var lines = text.split("\n"), tw = 0;
      lines.forEach(function (l) { tw = Math.max(tw, textWidth(l, nameFont)); });
      var th = lines.length * geo.font * geo.line;
      var shape = (vocab.kinds[kind] || {}).shape || "box";
      var pad = geo.pad[shape] || geo.pad.box, grow = geo.grow[shape] || [1, 1];
      var w = Math.max((tw + pad[0]) * grow[0], geo.min[0]), h = Math.max((th + pad[1]) * grow[1], geo.min[1]);
      return [Math.ceil(w * 10) / 10, Math.ceil(h * 10) / 10];
    }

    function pale(hex, amount) {
      var out = "#";
      for (var i = 1; i < 7; i += 2) {
        var c = parseInt(hex.slice(i, i + 2), 16);
        var v = Math.round(c + (255 - c) * amount).toString(16);
        out += v.length < 2 ? "0" + v : v;
      }
      return out;
    }

    // ---- boxes ---------------------------------------------------------------------------
    function shapePath(ctx, shape, x0, y0, w, h) {
      ctx.beginPath();
      if (shape === "ellipse") {
        ctx.ellipse(x0 + w / 2, y0 + h / 2, w / 2, h / 2, 0, 0, 2 * Math.PI);
      } else if (shape === "hexagon") {   // points left and right, a quarter of the width in
        ctx.moveTo(x0, y0 + h / 2); ctx.lineTo(x0 + w / 4, y0); ctx.lineTo(x0 + w - w / 4, y0);
        ctx.lineTo(x0 + w, y0 + h / 2); ctx.lineTo(x0 + w - w / 4, y0 + h); ctx.lineTo(x0 + w / 4, y0 + h);
        ctx.closePath();
      } else {
        var r = shape === "rounded-box" ? Math.min(10, h / 3) : 2;
        ctx.moveTo(x0 + r, y0); ctx.arcTo(x0 + w, y0, x0 + w, y0 + h, r);
        ctx.arcTo(x0 + w, y0 + h, x0, y0 + h, r); ctx.arcTo(x0, y0 + h, x0, y0, r);
        ctx.arcTo(x0, y0, x0 + w, y0, r); ctx.closePath();
      }
    }

    /** The room for text inside a shape (the text rectangle the size rule made room for). */
    function textRoom(shape, w, h) {
      var pad = geo.pad[shape] || geo.pad.box, grow = geo.grow[shape] || [1, 1];
      return [w / grow[0] - pad[0], h / grow[1] - pad[1]];
    }

    function renderer(args) {
      var L = looks[args.id];
      return {
        drawNode: function () {
          if (!L) { return; }
          var ctx = args.ctx, w = L.w, h = L.h, x0 = args.x - w / 2, y0 = args.y - h / 2;
          ctx.globalAlpha = L.dim ? DIM : 1;
          if (L.glow) { ctx.shadowColor = L.glow; ctx.shadowBlur = 16; }
          shapePath(ctx, L.shape, x0, y0, w, h);
          ctx.fillStyle = L.fill;
          ctx.fill();
          ctx.shadowBlur = 0; ctx.shadowColor = "transparent";
          ctx.lineWidth = args.state.selected ? Math.max(L.borderWidth, 3) : L.borderWidth;
          ctx.strokeStyle = args.state.selected || args.state.hover ? "#111827" : L.border;
          ctx.setLineDash(L.dash);
          ctx.stroke();
          ctx.setLineDash([]);
          var lines = L.text.split("\n"), room = textRoom(L.shape, w, h), font = geo.font, widest = 0;
          lines.forEach(function (l) { widest = Math.max(widest, textWidth(l, nameFont)); });
          if (widest > room[0] + 0.5) { font = font * room[0] / widest; }   // other fonts than measured
          ctx.font = font + "px " + geo.face;
          ctx.fillStyle = L.textColor;
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          var lh = font * geo.line, top = args.y - lh * lines.length / 2 + lh / 2;
          lines.forEach(function (l, k) { ctx.fillText(l, args.x, top + k * lh); });
          ctx.globalAlpha = 1;
        },
        nodeDimensions: { width: L ? L.w : 10, height: L ? L.h : 10 }
      };
    }

    function boxLook(a, text, rect, mark, high) {
      var nat = vocab.nations[a.nation] || { color: "#6b7280", fill: "#f3f4f6" };
      var tent = !!tentative[a.status];
      var L = { id: a.id, text: text, w: rect.x1 - rect.x0, h: rect.y1 - rect.y0,
                shape: (vocab.kinds[a.kind] || {}).shape || "box",
                fill: tent ? pale(nat.fill, 0.6) : nat.fill, border: nat.color, borderWidth: 2,
                dash: tent ? [6, 4] : [], textColor: tent ? "#4b5563" : "#111827",
                glow: null, dim: false, selected: false };
      if (mark) {
        L.borderWidth = 4;
        L.border = mark === "added" ? ADDED : CHANGED;
        L.glow = mark === "added" ? ADDED_GLOW : CHANGED_GLOW;
      }
      if (high) {
        if (has(high.nodes, a.id)) {
          if (high.nodes[a.id] === "selected") { L.borderWidth = 5; L.border = "#111827"; L.selected = true; }
        } else { L.dim = true; L.textColor = "#d1d5db"; }
      }
      return L;
    }

    // ---- lines ---------------------------------------------------------------------------
    function lineLook(r, points, view) {
      var st = vocab.lines[r.type] || { dash: "solid", width: 1, arrow: true, color: "#6b7280" };
      var mark = view.diff && has(view.diff.sets.relationships, r.id) ? view.diff.sets.relationships[r.id] : null;
      var high = view.highlight, lit = !high || has(high.edges, r.id);
      var width = st.width * (st.double ? 3.2 : 1);
      if (mark) { width += 1.5; }
      if (high && lit) { width *= 1.8; }
      return { id: r.id, from: r.from, to: r.to, type: r.type, points: points, color: st.color,
               width: width, dash: DASHES[st.dash] || [], arrow: st.arrow, double: !!st.double,
               inner: Math.max(st.width * 0.9, 1.2), alpha: lit ? 1 : LINE_DIM, dim: !lit,
               glow: mark ? (mark === "added" ? ADDED_GLOW : CHANGED_GLOW) : null, ghost: false };
    }

    function ghostLook(r, points, view) {
      var dim = !!view.highlight;
      return { id: GHOST + r.id, rel: r.id, from: r.from, to: r.to, type: r.type, points: points,
               color: REMOVED, width: 3, dash: [12, 7], arrow: false, double: false,
               alpha: dim ? LINE_DIM : 0.6, dim: dim, glow: null, ghost: true };
    }

    function strokeLine(ctx, L) {
      var pts = L.points;
      if (!pts || pts.length < 2) { return; }
      ctx.globalAlpha = L.alpha;
      ctx.strokeStyle = L.color;
      ctx.lineWidth = L.width;
      ctx.lineJoin = "miter";
      if (L.glow) { ctx.shadowColor = L.glow; ctx.shadowBlur = 12; }
      var end = pts.length - 1, tip = pts[end], cut = pts[end];
      if (L.arrow) {   // the line stops at the arrowhead's base
        var a = pts[end - 1], len = Math.hypot(tip[0] - a[0], tip[1] - a[1]) || 1;
        var k = Math.min(ARROW, len * 0.9) / len;
        cut = [tip[0] - (tip[0] - a[0]) * k, tip[1] - (tip[1] - a[1]) * k];
      }
      ctx.setLineDash(L.dash);
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (var i = 1; i < end; i++) { ctx.lineTo(pts[i][0], pts[i][1]); }
      ctx.lineTo(cut[0], cut[1]);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.shadowBlur = 0; ctx.shadowColor = "transparent";
      if (L.double) {
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = L.inner;
        ctx.stroke();
      }
      if (L.arrow) {
        var b = pts[end - 1], dx = tip[0] - b[0], dy = tip[1] - b[1], n = Math.hypot(dx, dy) || 1;
        dx /= n; dy /= n;
        ctx.fillStyle = L.color;
        ctx.beginPath();
        ctx.moveTo(tip[0], tip[1]);
        ctx.lineTo(tip[0] - dx * ARROW - dy * ARROW / 2.2, tip[1] - dy * ARROW + dx * ARROW / 2.2);
        ctx.lineTo(tip[0] - dx * ARROW + dy * ARROW / 2.2, tip[1] - dy * ARROW - dx * ARROW / 2.2);
        ctx.closePath();
        ctx.fill();
      }
      ctx.globalAlpha = 1;
    }

    /** A word on the canvas at a spot (its left end, vertically centred), on white. */
    function word(ctx, W) {
      ctx.globalAlpha = 1;
      ctx.font = labelFont;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "rgba(255,255,255," + (W.dim ? 0.6 : 0.92) + ")";
      ctx.fillRect(W.x, W.y - W.h / 2, W.w, W.h);
      ctx.fillStyle = W.color;
      ctx.fillText(W.text, W.x + 3, W.y);
    }

    network.on("beforeDrawing", function (ctx) {
      if (!drawn) { return; }
      var c = drawn.chart;
      drawn.frames.forEach(function (F) {
        var r = c.frames[F.id];
        ctx.globalAlpha = 0.35;
        ctx.fillStyle = F.fill;
        ctx.fillRect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        ctx.globalAlpha = 1;
        ctx.strokeStyle = F.color;
        ctx.lineWidth = 1.2;
        ctx.strokeRect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        ctx.font = frameFont;
        ctx.fillStyle = F.color;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(F.title, (r.x0 + r.x1) / 2, r.y0 + c.titleBand / 2 + 2);
      });
      drawn.lines.forEach(function (L) { strokeLine(ctx, L); });
    });
    network.on("afterDrawing", function (ctx) {
      if (!drawn) { return; }
      drawn.words.forEach(function (W) { word(ctx, W); });
    });

    /** Draw a laid-out view: {sc, shown, chart, ghosts: {routes, spots}, lang, strings,
     *  diff, other (compared scenario), highlight, name(actor, id), collapsed(i) -> count,
     *  text(i) -> box label}.  Returns {items, sent, removed}: what vis-network was given. */
    function draw(view) {
      var sc = view.sc, c = view.chart, marks = view.diff ? view.diff.sets.actors : {};
      looks = {};
      var items = [];
      view.shown.forEach(function (i) {
        var id = sc.ids[i], a = sc.actor(id), r = c.boxes[id];
        looks[id] = boxLook(a, view.text(i), r, has(marks, id) ? marks[id] : null, view.highlight);
        items.push({ id: id, x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2, w: r.x1 - r.x0, h: r.y1 - r.y0 });
      });
      var lines = [], words = [];
      Object.keys(c.lines).sort().forEach(function (key) {
        lines.push(lineLook(sc.rel(key), c.lines[key].points, view));
      });
      lines.sort(function (p, q) { return (p.type === "COMMANDS") - (q.type === "COMMANDS"); });
      var lit = {};
      lines.forEach(function (L) { lit[L.id] = !L.dim; });
      Object.keys(c.labels).sort().forEach(function (name) {
        var spot = c.labels[name], r = sc.rel(spot.lines[0]);
        var on = spot.lines.some(function (k) { return lit[k]; });
        var text = view.strings.authority(view.lang, vocab, r.authority);
        words.push({ kind: "authority", lines: spot.lines, text: text, x: spot.x, y: spot.y,
                     w: textWidth(text, labelFont) + 6, h: geo.labelFont * 1.3, dim: !on,
                     color: on ? (vocab.lines.COMMANDS || {}).color || "#1f2937" : "#d1d5db" });
      });
      if (view.ghosts) {
        view.ghosts.lines.forEach(function (g) {
          var L = ghostLook(g.rel, view.ghosts.routes[g.rel.id], view);
          lines.push(L);
          var spot = view.ghosts.spots[g.rel.id];
          if (spot) {
            words.push({ kind: "removed", lines: [L.id], text: g.text, x: spot[0], y: spot[1],
                         w: g.size[0], h: g.size[1], dim: L.dim, color: L.dim ? "#fecaca" : "#b91c1c" });
          }
        });
      }
      var frames = c.frameOrder.filter(function (f) { return has(c.frames, f); }).map(function (f) {
        var nat = vocab.nations[f.split(":")[0]] || { color: "#6b7280", fill: "#f3f4f6" };
        var titles = vocab.frames[f] || {};
        return { id: f, color: nat.color, fill: nat.fill,
                 title: titles[view.lang] || titles.en || f };
      });
      drawn = { chart: c, lines: lines, words: words, frames: frames };
      return sync(items);
    }

    function sync(items) {
      var keep = {}, send = [], moved = [], gone = [];
      items.forEach(function (it) {
        var key = [it.x, it.y, it.w, it.h].join(",");
        keep[it.id] = key;
        if (given[it.id] !== key) {
          send.push({ id: it.id, x: it.x, y: it.y, size: Math.max(it.w, it.h) / 2, shape: "custom",
                      ctxRenderer: renderer, physics: false });
          moved.push(it);
        }
      });
      Object.keys(given).forEach(function (id) { if (!has(keep, id)) { gone.push(id); } });
      if (gone.length) { nodes.remove(gone); }
      if (send.length) { nodes.update(send); }
      moved.forEach(bound);
      given = keep;
      network.redraw();
      return { items: items.length, sent: send.length, removed: gone.length };
    }

    /** vis-network draws only the nodes whose bounding box meets the view.  A custom
     *  node's box is a square of 2 x its `size` (25 unless given) around its centre, and
     *  {0,0,0,0} until the node is first skipped: after a move that took the canvas
     *  origin out of view ("Fit", "Top of the chain", a search) no box was drawn until
     *  something else redrew, and a box wider than 50 px whose centre was off the view
     *  was not drawn at all.  Its width and height (what a click or hover hits) stayed
     *  that square too.  So each box is given the size that covers it (sync) and, when
     *  handed over, its own width and height and its bounding box (vis-network 9.1.2,
     *  the copy pyvis ships: tests/test_view_browser.py checks both). */
    function bound(it) {
      var n = network.body.nodes[it.id];
      if (!n) { return; }
      n.shape.customSizeWidth = n.shape.width = it.w;
      n.shape.customSizeHeight = n.shape.height = it.h;
      n.shape.left = it.x - it.w / 2;
      n.shape.top = it.y - it.h / 2;
      n.updateBoundingBox();
    }

    /** Forget what vis-network holds (the next draw hands it every box again). */
    function reset() { nodes.clear(); given = {}; }

    /** The line nearest a canvas point within `tolerance` canvas units, or null. */
    function lineAt(p, tolerance) {
      if (!drawn) { return null; }
      var best = null, bestD = tolerance;
      drawn.lines.forEach(function (L) {
        var pts = L.points || [];
        for (var i = 0; i + 1 < pts.length; i++) {
          var a = pts[i], b = pts[i + 1], dx = b[0] - a[0], dy = b[1] - a[1];
          var len2 = dx * dx + dy * dy, t = len2 ? ((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len2 : 0;
          t = Math.max(0, Math.min(1, t));
          var d = Math.hypot(p.x - (a[0] + t * dx), p.y - (a[1] + t * dy));
          if (d < bestD) { bestD = d; best = L.id; }
        }
      });
      return best;
    }

    /** What is drawn now, as plain data (tests, the explorer): boxes, frames, lines,
     *  words on lines, looks. */
    function geometry() {
      if (!drawn) { return null; }
      var c = drawn.chart, boxes = {}, frames = {};
      Object.keys(looks).forEach(function (id) {
        var r = c.boxes[id];
        boxes[id] = [r.x0, r.y0, r.x1, r.y1];
      });
      Object.keys(c.frames).forEach(function (f) {
        var r = c.frames[f];
        frames[f] = [r.x0, r.y0, r.x1, r.y1];
      });
      var frameOf = {};
      Object.keys(looks).forEach(function (id) { frameOf[id] = c.frameOf[id]; });
      return {
        boxes: boxes, frames: frames, frameOf: frameOf,
        lines: drawn.lines.map(function (L) {
          return { id: L.id, from: L.from, to: L.to, type: L.type, points: L.points, dim: L.dim,
                   glow: L.glow, ghost: L.ghost, color: L.color, width: L.width };
        }),
        words: drawn.words.map(function (W) {
          return { kind: W.kind, text: W.text, lines: W.lines, dim: W.dim,
                   rect: [W.x, W.y - W.h / 2, W.x + W.w, W.y + W.h / 2] };
        }),
        looks: JSON.parse(JSON.stringify(looks)),
        fontPx: geo.font, labelPx: geo.labelFont, failed: c.failed.slice()
      };
    }

    return { network: network, nodes: nodes, edges: edges, draw: draw, reset: reset,
             label: label, size: size, textWidth: textWidth, lineAt: lineAt, geometry: geometry,
             fonts: { name: nameFont, label: labelFont, frame: frameFont },
             marks: { added: ADDED_GLOW, changed: CHANGED_GLOW, removed: REMOVED }, GHOST: GHOST };
  }

  return { create: create, GHOST: GHOST };
})();
