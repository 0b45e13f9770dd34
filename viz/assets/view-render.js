/* c2graph view: drawing with vis-network (module C2Render).
 *
 * C2Render.create(container, vocab) owns the vis-network instance and two DataSets.
 * items(view) turns what is to be shown (a decoded scenario, the visible actors and
 * their positions, the label language, the diff against the compared scenario, the
 * highlighted chain) into vis-network items, with every style derived here from the
 * page's small style table (DATA.vocab), never carried per item in the data.
 * sync(items) hands vis-network only the items that changed since the last call
 * (vis-network re-reads every option of every item it is given) and removes the ones
 * no longer shown.
 */
var C2Render = (function () {
  "use strict";

  var ADDED = "#16a34a", ADDED_GLOW = "rgba(34,197,94,0.9)";
  var CHANGED = "#d97706", CHANGED_GLOW = "rgba(245,158,11,0.9)";
  var REMOVED = "#ef4444";
  var OVERLAY = "overlay:", GHOST = "removed:";
  var DIM = 0.15;
  var DASHES = { solid: false, dashed: [8, 5], dotted: [2, 4], dashdot: [10, 4, 2, 4] };
  var SHAPES = { ellipse: ["ellipse", 12], box: ["box", 2], "rounded-box": ["box", 10],
                 hexagon: ["hexagon", 0] };
  //: Lines that are not part of the tree bend away from it, so they never hide it.
  var SMOOTH = {
    TRANSMITS_ORDERS: { enabled: true, type: "curvedCW", roundness: 0.15 },
    ADVISES: { enabled: true, type: "curvedCCW", roundness: 0.2 },
    ASSISTS: { enabled: true, type: "curvedCCW", roundness: 0.2 },
    COORDINATES_WITH: { enabled: true, type: "curvedCW", roundness: 0.25 },
    SUPPORTS: { enabled: true, type: "curvedCW", roundness: 0.2 },
    DUAL_HATTED_WITH: { enabled: true, type: "curvedCCW", roundness: 0.15 },
    MEMBER_OF: { enabled: true, type: "curvedCCW", roundness: 0.1 }
  };
  var SAME_ROW = { enabled: true, type: "curvedCW", roundness: 0.35 };
  var SECOND_LINE = { enabled: true, type: "curvedCCW", roundness: 0.25 };
  var GHOST_CURVE = { enabled: true, type: "curvedCCW", roundness: 0.2 };
  var LINE_FONT = 13;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function pale(hex, amount) {
    var out = "#";
    for (var i = 1; i < 7; i += 2) {
      var c = parseInt(hex.slice(i, i + 2), 16);
      var v = Math.round(c + (255 - c) * amount).toString(16);
      out += v.length < 2 ? "0" + v : v;
    }
    return out;
  }

  function create(container, vocab) {
    var geo = vocab.geometry;
    var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, vocab.options);
    var tentative = {};
    vocab.tentative.forEach(function (s) { tentative[s] = true; });
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = geo.font + "px " + geo.face;
    var given = { nodes: {}, edges: {} };

    /** The text in an actor's box: its name in the label language, "(proposed)" for a
     *  tentative actor, "+ N" for a collapsed one. */
    function label(a, lang, strings, collapsed) {
      var en = a.wrapped[0] || a.short || a.name_en || a.id;
      var ja = a.name_ja ? a.wrapped[1] || a.name_ja : null;
      var text = lang === "ja" ? (ja || en) : lang === "both" && ja ? en + "\n" + ja : en;
      if (tentative[a.status]) { text += "\n(" + strings.status(lang, vocab, a.status) + ")"; }
      if (collapsed) { text += "\n" + strings.t(lang, "more", { count: collapsed.toLocaleString("en-US") }); }
      return text;
    }

    /** Drawn size [w, h] of a box with this label (as viz.layout.box_size estimates). */
    function size(text, kind) {
      var lines = text.split("\n"), tw = 0;
      lines.forEach(function (l) { tw = Math.max(tw, measure.measureText(l).width); });
      var th = lines.length * geo.font * 1.2, shape = (vocab.kinds[kind] || {}).shape || "box";
      if (shape === "ellipse") { return [tw + th + 4, 2 * th + 4]; }
      if (shape === "hexagon") { return [Math.max(geo.hex, tw), geo.hex + th + 6]; }
      return [tw + 2 * geo.margin + 4, th + 2 * geo.margin + 4];
    }

    function nodeItem(a, text, at, mark, high) {
      var nat = vocab.nations[a.nation] || { color: "#6b7280", fill: "#f3f4f6" };
      var fill = tentative[a.status] ? pale(nat.fill, 0.6) : nat.fill;
      var shape = SHAPES[(vocab.kinds[a.kind] || {}).shape || "box"];
      var item = {
        id: a.id, label: text, shape: shape[0], x: at[0], y: at[1], physics: false,
        color: { background: fill, border: nat.color,
                 highlight: { background: fill, border: "#111827" },
                 hover: { background: fill, border: "#111827" } },
        borderWidth: 2, borderWidthSelected: 3, opacity: 1, shadow: { enabled: false },
        font: { size: geo.font, face: geo.face, color: tentative[a.status] ? "#4b5563" : "#111827" },
        shapeProperties: { borderDashes: tentative[a.status] ? [6, 4] : false,
                           borderRadius: shape[1] }
      };
      if (shape[0] === "hexagon") { item.size = geo.hex / 2; } else { item.margin = geo.margin; }
      if (mark) {
        item.borderWidth = 4;
        item.color.border = mark === "added" ? ADDED : CHANGED;
        item.shadow = { enabled: true, size: 16, x: 0, y: 0,
                        color: mark === "added" ? ADDED_GLOW : CHANGED_GLOW };
      }
      if (high) {
        if (has(high.nodes, a.id)) {
          if (high.nodes[a.id] === "selected") { item.borderWidth = 5; item.color.border = "#111827"; }
        } else {
          item.opacity = DIM;
          item.font.color = "#d1d5db";
        }
      }
      return item;
    }

    function lineItems(r, view, straight, out) {
      var line = vocab.lines[r.type], pos = view.positions;
      var smooth = SMOOTH[r.type] || false;
      var pair = r.from < r.to ? r.from + "\n" + r.to : r.to + "\n" + r.from;
      if (!smooth && pos[r.from][1] === pos[r.to][1]) { smooth = SAME_ROW; }
      else if (!smooth && has(straight, pair)) { smooth = SECOND_LINE; }
      else if (!smooth) { straight[pair] = true; }
      var mark = view.diff && has(view.diff.sets.relationships, r.id) ? view.diff.sets.relationships[r.id] : null;
      var high = view.highlight, lit = !high || has(high.edges, r.id);
      var width = line.width * (line.double ? 3.2 : 1);
      var item = {
        id: r.id, from: r.from, to: r.to, width: width, dashes: DASHES[line.dash],
        arrows: { to: { enabled: line.arrow, scaleFactor: 0.6 } }, smooth: smooth, physics: false,
        color: { color: line.color, highlight: line.color, hover: line.color, inherit: false,
                 opacity: lit ? 1 : 0.12 },
        shadow: { enabled: false }
      };
      if (r.authority) {
        item.label = view.strings.authority(view.lang, vocab, r.authority);
        item.font = { size: LINE_FONT, face: geo.face, color: lit ? line.color : "#e5e7eb",
                      strokeWidth: lit ? 3 : 0, strokeColor: "#ffffff", align: "middle" };
      }
      if (mark) {
        item.width = width + 1.5;
        item.shadow = { enabled: true, size: 12, x: 0, y: 0,
                        color: mark === "added" ? ADDED_GLOW : CHANGED_GLOW };
      }
      if (high && lit) { item.width *= 1.8; }
      out.push(item);
      if (line.double) {
        out.push({ id: OVERLAY + r.id, from: r.from, to: r.to, width: Math.max(line.width * 0.9, 1.2),
                   dashes: false, arrows: { to: { enabled: false } }, chosen: false, smooth: smooth,
                   physics: false, color: { color: "#ffffff", highlight: "#ffffff", hover: "#ffffff",
                                            inherit: false, opacity: lit ? 1 : 0.12 } });
      }
    }

    /** Removed lines (in the compared scenario, not in this one) between two shown
     *  actors: red, dashed, labelled in plain words on the line itself. */
    function ghostItems(view, out) {
      if (!view.diff || !view.other) { return; }
      var dim = !!view.highlight;
      view.diff.relationships.removed.forEach(function (rid) {
        var r = view.other.rels[rid];
        if (!r || !has(view.positions, r.from) || !has(view.positions, r.to)) { return; }
        var to = view.other.actors[r.to];
        out.push({
          id: GHOST + rid, from: r.from, to: r.to, width: 3, dashes: [12, 7], physics: false,
          arrows: { to: { enabled: false } }, smooth: GHOST_CURVE, shadow: { enabled: false },
          color: { color: REMOVED, highlight: REMOVED, hover: REMOVED, inherit: false,
                   opacity: dim ? 0.12 : 0.6 },
          label: view.strings.gone(view.lang, r.type, view.name(to, r.to)),
          font: { size: LINE_FONT, face: geo.face, color: dim ? "#fecaca" : "#b91c1c",
                  strokeWidth: dim ? 0 : 4, strokeColor: "#ffffff", align: "middle" }
        });
      });
    }

    /** vis-network items for a view: {sc, shown, positions, lang, strings, diff,
     *  other (compared scenario), highlight, name(actor, id), collapsed(i) -> count}. */
    function items(view) {
      var sc = view.sc, ns = [], es = [], straight = {};
      var marks = view.diff ? view.diff.sets.actors : {};
      view.shown.forEach(function (i) {
        var a = sc.actors[sc.ids[i]];
        ns.push(nodeItem(a, label(a, view.lang, view.strings, view.collapsed(i)),
                         view.positions[a.id], has(marks, a.id) ? marks[a.id] : null,
                         view.highlight));
      });
      var rels = [];
      view.shown.forEach(function (i) {
        (sc.lines[sc.ids[i]] || []).forEach(function (rid) {
          var r = sc.rels[rid];
          // each line once: from its source's turn (or a self line)
          if (r.from === sc.ids[i] && has(view.positions, r.to)) { rels.push(r); }
        });
      });
      rels.sort(function (x, y) {
        return (x.type !== "COMMANDS") - (y.type !== "COMMANDS") || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      });
      rels.forEach(function (r) { lineItems(r, view, straight, es); });
      ghostItems(view, es);
      return { nodes: ns, edges: es };
    }

    function changed(list, seen, keep) {
      return list.filter(function (item) {
        var json = JSON.stringify(item);
        keep[item.id] = json;
        return seen[item.id] !== json;
      });
    }

    /** Forget what vis-network holds: the next sync hands it every item again.  Used
     *  when labels change language: vis-network keeps the measured size of a label
     *  drawn outside its shape (forums' hexagons) when only the text is updated. */
    function reset() {
      nodes.clear(); edges.clear();
      given = { nodes: {}, edges: {} };
    }

    /** Hand vis-network what changed; returns {items, sent, removed}. */
    function sync(it) {
      var keepN = {}, keepE = {};
      var sendN = changed(it.nodes, given.nodes, keepN), sendE = changed(it.edges, given.edges, keepE);
      var goneN = Object.keys(given.nodes).filter(function (id) { return !has(keepN, id); });
      var goneE = Object.keys(given.edges).filter(function (id) { return !has(keepE, id); });
      if (goneE.length) { edges.remove(goneE); }
      if (goneN.length) { nodes.remove(goneN); }
      if (sendN.length) { nodes.update(sendN); }
      if (sendE.length) { edges.update(sendE); }
      given = { nodes: keepN, edges: keepE };
      return { items: it.nodes.length + it.edges.length, sent: sendN.length + sendE.length,
               removed: goneN.length + goneE.length };
    }

    return { network: network, nodes: nodes, edges: edges, items: items, sync: sync, reset: reset,
             label: label, size: size,
             marks: { added: ADDED_GLOW, changed: CHANGED_GLOW, removed: REMOVED },
             OVERLAY: OVERLAY, GHOST: GHOST };
  }

  return { create: create, OVERLAY: OVERLAY, GHOST: GHOST };
})();
