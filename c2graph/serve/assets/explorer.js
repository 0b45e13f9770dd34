/* c2graph serve: the explorer's panels around the view's diagram (module C2Explorer).
 *
 * The diagram is the view's own page (C2View, docs/view.md), mounted from the data
 * the server put in the page; this module adds a panel beside it and talks to the
 * server: search every scenario, run a canned query from a form built from its
 * header (or ad hoc read-only Cypher), compare two scenarios, try a what-if, and
 * download the shown part as PNG, SVG or PPTX.  Answers are lit on the diagram
 * (the view's light()) and listed as tables.
 *
 * Every POST carries the page's CSRF token (meta c2graph-csrf) as X-C2graph-CSRF and
 * JSON; the session cookie is same-origin only.  Text from the server reaches the DOM
 * through textContent only.  window.c2explorer is this module's API, for the tests.
 */
var C2Explorer = (function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="c2graph-csrf"]') || {}).content || "";
  var state = { selected: null, queries: [], lastAnswer: null };

  function $(id) { return document.getElementById(id); }
  function view() { return window.c2graph; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function currentScenario() { return $("scenario").value; }


  // ---- the panels' words, English and Japanese ---------------------------------------
  /* Every word of the explorer's panels.  The language is the page's (#lang: --lang ja
   * opens in Japanese; 'both' keeps English words); labels carry their key
   * (data-w, data-wp for placeholders) and change with the language switch. */
  var WORDS = {
    en: {
      search: "Find an actor (every scenario)", searchHint: "English or Japanese name, short name or id",
      noMatch: "no actor matches", more: "more matches: type more of the name", inScenarios: "in: {list}",
      ask: "Ask the database", canned: "Canned query", run: "Run", cypher: "Read-only Cypher",
      cypherNote: "$scenario is the scenario shown.", runCypher: "Run Cypher",
      byDefault: "(default {v})", defaultHint: "default {v}", running: "running {name} …",
      runningAny: "running …", rows: "{n} row(s)", notShown: ", more not shown",
      lit: "; {n} actor(s) lit on the diagram",
      compare: "Compare two scenarios", from: "From", to: "To", compareRun: "Compare",
      comparing: "comparing …", change: "change", item: "item", id: "id", details: "details",
      whatIf: "What if …",
      whatIfNote: "Changes to the scenario shown, one a line, as in 'c2graph what-if'. Arrows run from superior to subordinate.",
      add: "Add relationships", remove: "Remove relationships", move: "Move (new sole command superior)",
      add_actors: "Add actors (one YAML mapping a line)", remove_actors: "Remove actors (ids)",
      tryIt: "Try it (nothing is saved)", newId: "new scenario id",
      confirm: " I want to keep this what-if in the store", save: "Save as a scenario", keepAs: "Keep as",
      checking: "checking the changes …", valid: "Valid: {checks}.", differences: "Differences from {base}: {summary}",
      rulesHeld: "", added: "added", removed: "removed", changed: "changed",
      relationship: "relationship", actor: "actor",
      saved: "Saved as scenario {id}. Reload the page to draw it.", notSaved: "Not saved: the store is as it was.",
      exportTitle: "Export what you see", format: "Format", download: "Download",
      drawing: "drawing {n} actor(s) as {fmt} …", downloaded: "downloaded {file}",
      kind_actor: "actor id", kind_scenario: "scenario id", kind_integer: "integer",
      kind_authority: "authority or any", kind_text: "text"
    },
    ja: {
      search: "組織を探す（全シナリオ）", searchHint: "英語名・日本語名・略称・ID",
      noMatch: "該当する組織はありません", more: "ほかにも該当あり：名前をさらに入力してください", inScenarios: "シナリオ：{list}",
      ask: "データベースに問う", canned: "定型クエリ", run: "実行", cypher: "読み取り専用 Cypher",
      cypherNote: "$scenario は表示中のシナリオです。", runCypher: "Cypher を実行",
      byDefault: "（既定値 {v}）", defaultHint: "既定値 {v}", running: "{name} を実行中 …",
      runningAny: "実行中 …", rows: "{n} 行", notShown: "（以降は省略）",
      lit: "、図上で {n} 組織を強調",
      compare: "二つのシナリオを比べる", from: "比較元", to: "比較先", compareRun: "比較",
      comparing: "比較中 …", change: "変更", item: "対象", id: "ID", details: "詳細",
      whatIf: "仮定の変更（what-if）",
      whatIfNote: "表示中のシナリオへの変更を一行に一つ（'c2graph what-if' と同じ書式）。矢印は上位から下位へ。",
      add: "関係を追加", remove: "関係を削除", move: "移管（新たな唯一の指揮上位）",
      add_actors: "組織を追加（一行に YAML の対応一つ）", remove_actors: "組織を削除（ID）",
      tryIt: "試す（保存しません）", newId: "新しいシナリオ ID",
      confirm: " この仮定をデータベースに保存する", save: "シナリオとして保存", keepAs: "保存名",
      checking: "変更を検証中 …", valid: "検証済み：{checks}。", differences: "{base} との違い：{summary}",
      rulesHeld: "データセットの規則を満たしています（宙に浮いた関係・指揮の循環・国をまたぐ指揮なし）",
      added: "追加", removed: "削除", changed: "変更", relationship: "関係", actor: "組織",
      relationships: "関係", actors: "組織", noDifferences: "違いなし",
      saved: "シナリオ {id} として保存しました。図に出すにはページを再読み込みしてください。",
      notSaved: "保存していません（データベースは変わっていません）。",
      exportTitle: "表示中の図を書き出す", format: "形式", download: "ダウンロード",
      drawing: "{n} 組織を {fmt} で描画中 …", downloaded: "{file} をダウンロードしました",
      kind_actor: "組織の ID", kind_scenario: "シナリオ ID", kind_integer: "整数",
      kind_authority: "権限（COCOM・OPCON など）または any", kind_text: "文字列"
    }
  };
  function lang() { var l = $("lang"); return l && l.value === "ja" ? "ja" : "en"; }
  function w(key, args) {
    return WORDS[lang()][key].replace(/\{(\w+)\}/g, function (m, k) {
      return args && Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }
  /* An element whose text (or placeholder) is the word ``key``, kept in the language. */
  function said(e, key) { e.dataset.w = key; e.textContent = w(key); return e; }
  function hint(e, key) { e.dataset.wp = key; e.placeholder = w(key); return e; }
  /* A parameter's description: the header's words in English, its kind's in Japanese. */
  function describe(p) {
    return lang() === "ja" ? w("kind_" + p.kind) : p.description;
  }
  function relabel() {
    Array.prototype.forEach.call(document.querySelectorAll("#ex-query-name option"), function (o) {
      var q = (state.queries || []).filter(function (x) { return x.name === o.value; })[0];
      if (q) { o.textContent = queryLabel(q); }
    });
    var q = $("ex-query-name") && chosenQuery();
    (q ? q.params : []).forEach(function (p) {
      var e = document.querySelector("#ex-query-form input[name='" + p.name + "']");
      if (e) { e.placeholder = p.required ? describe(p) : w("defaultHint", { v: p.default }); }
      var byDefault = document.querySelector("#ex-query-form select[name='" + p.name +
                                             "'] option[value='']");
      if (byDefault) { byDefault.textContent = w("byDefault", { v: p.default }); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("#explorer [data-w]"), function (e) {
      e.textContent = w(e.dataset.w);
    });
    Array.prototype.forEach.call(document.querySelectorAll("#explorer [data-wp]"), function (e) {
      e.placeholder = w(e.dataset.wp);
    });
  }

  // ---- talking to the server ----------------------------------------------------------
  function answer(r) {
    return r.json().then(function (body) {
      if (!r.ok) { throw (body && body.errors) || ["HTTP " + r.status]; }
      return body;
    }, function () { throw ["HTTP " + r.status + ": not JSON"]; });
  }
  function get(path) {
    return fetch(path, { credentials: "same-origin" }).then(answer);
  }
  function post(path, body, raw) {
    return fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-C2graph-CSRF": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (raw && r.ok) { return r; }
      return answer(r);
    });
  }

  // ---- panel skeleton -----------------------------------------------------------------
  function section(id, key) {
    var s = el("section", null, "ex-panel");
    s.id = id;
    var h = said(el("h2"), key);
    s.appendChild(h);
    return s;
  }
  function field(key, input, text) {
    var l = el("label", null, "ex-field");
    l.appendChild(key ? said(el("span"), key) : el("span", text));
    l.appendChild(input);
    return l;
  }
  function button(id, key, onClick) {
    var b = said(el("button"), key);
    b.type = "button";
    b.id = id;
    b.addEventListener("click", onClick);
    return b;
  }
  function status(box, text, bad) {
    clear(box);
    if (Array.isArray(text)) {
      text.forEach(function (t) { box.appendChild(el("div", t, bad ? "ex-error" : "ex-note")); });
    } else if (text) {
      box.appendChild(el("div", text, bad ? "ex-error" : "ex-note"));
    }
  }
  function failed(box) { return function (errors) {
    status(box, Array.isArray(errors) ? errors : [String(errors)], true);
  }; }

  function cell(v) {
    if (v === null || v === undefined) { return ""; }
    if (Array.isArray(v)) { return v.map(cell).join(" → "); }
    if (typeof v === "object") { return JSON.stringify(v); }
    return String(v);
  }
  function table(columns, rows) {
    var t = el("table", null, "ex-table"), head = el("tr");
    columns.forEach(function (c) { head.appendChild(el("th", c)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      columns.forEach(function (c) { tr.appendChild(el("td", cell(r[c]))); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  // ---- lighting answers on the diagram ------------------------------------------------
  /* Light the actors of an answer on the diagram (the view's light(): they and the
   * lines between them stay lit, hidden ones of a large organisation are opened). */
  function light(ids) {
    var v = view();
    if (!v) { return []; }
    var lit = v.light(ids);
    state.lit = lit;
    return lit;
  }

  // ---- search -------------------------------------------------------------------------
  function buildSearch(side) {
    var s = section("ex-search", "search");
    var input = el("input"); input.type = "search"; input.id = "ex-q";
    hint(input, "searchHint");
    input.autocomplete = "off";
    var list = el("ul"); list.id = "ex-hits";
    var note = el("div"); note.id = "ex-search-note";
    s.appendChild(input); s.appendChild(note); s.appendChild(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        clearTimeout(timer);
        search(input.value).then(function (hits) { if (hits && hits.length) { pick(hits[0]); } });
      }
    });
    side.appendChild(s);
  }

  function search(text) {
    var list = clear($("ex-hits")), note = $("ex-search-note");
    status(note, "");
    if (!text.trim()) { return Promise.resolve([]); }
    return get("/api/search?q=" + encodeURIComponent(text)).then(function (res) {
      if (!res.hits.length) { status(note, w("noMatch")); }
      res.hits.forEach(function (h) {
        var li = el("li", [h.short, h.name_en, h.name_ja].filter(Boolean).join(" · ")
                          + " (" + h.id + ")");
        li.dataset.id = h.id;
        li.title = w("inScenarios", { list: h.scenarios.join(", ") });
        li.addEventListener("click", function () { pick(h); });
        list.appendChild(li);
      });
      if (res.more) { status(note, w("more")); }
      return res.hits;
    }, failed(note));
  }

  /* Show an actor: its scenario if the current one lacks it, then select it. */
  function pick(hit) {
    var v = view();
    if (hit.scenarios.indexOf(currentScenario()) < 0) { v.setScenario(hit.scenarios[0]); }
    state.selected = hit.id;
    v.select(hit.id, true);
    followScenario();
    fillActorParams();
  }

  /* The query form's scenario follows the scenario shown. */
  function followScenario() {
    var p = $("ex-p-scenario");
    if (p) { p.value = currentScenario(); }
  }

  // ---- canned queries -----------------------------------------------------------------
  function buildQuery(side) {
    var s = section("ex-query", "ask");
    var pickQ = el("select"); pickQ.id = "ex-query-name";
    var form = el("div"); form.id = "ex-query-form";
    var out = el("div"); out.id = "ex-query-out";
    s.appendChild(field("canned", pickQ));
    s.appendChild(form);
    s.appendChild(button("ex-run", "run", runQuery));
    var adhoc = el("details", null, "ex-adhoc");
    adhoc.appendChild(said(el("summary"), "cypher"));
    var text = el("textarea"); text.id = "ex-cypher"; text.rows = 4;
    text.placeholder = "MATCH (n:Actor {scenario: $scenario}) RETURN n.id LIMIT 10";
    adhoc.appendChild(text);
    adhoc.appendChild(said(el("div", null, "ex-note"), "cypherNote"));
    adhoc.appendChild(button("ex-run-cypher", "runCypher", runCypher));
    s.appendChild(adhoc);
    s.appendChild(out);
    side.appendChild(s);
    pickQ.addEventListener("change", buildForm);
    get("/api/queries").then(function (qs) {
      state.queries = qs;
      qs.forEach(function (q) { pickQ.appendChild(new Option(queryLabel(q), q.name)); });
      pickQ.value = qs.some(function (q) { return q.name === "reporting-chain"; })
        ? "reporting-chain" : (qs[0] && qs[0].name);
      buildForm();
    }, failed(out));
  }

  /* A canned query as the picker lists it: its Japanese title under ja when its
   * header gives one (``// title_ja:``), else the English title. */
  function queryLabel(q) {
    return q.name + " — " + (lang() === "ja" && q.title_ja ? q.title_ja : q.title);
  }

  function chosenQuery() {
    var name = $("ex-query-name").value;
    return state.queries.filter(function (q) { return q.name === name; })[0];
  }

  /* One input per parameter of the header: kind-aware (scenarios as a list, actors
   * prefilled with the selected actor), defaults shown, required ones marked. */
  function buildForm() {
    var q = chosenQuery(), form = clear($("ex-query-form"));
    if (!q) { return; }
    var scenarios = view().data.scenarios.map(function (s) { return s.id; });
    q.params.forEach(function (p) {
      var input;
      if (p.kind === "scenario") {
        input = el("select");
        if (!p.required) { input.appendChild(new Option(w("byDefault", { v: p.default }), "")); }
        scenarios.forEach(function (id) { input.appendChild(new Option(id, id)); });
        input.value = p.name === "scenario" ? currentScenario() : "";
      } else {
        input = el("input");
        input.type = p.kind === "integer" ? "number" : "text";
        input.placeholder = p.required ? describe(p) : w("defaultHint", { v: p.default });
      }
      input.name = p.name;
      input.dataset.kind = p.kind;
      input.id = "ex-p-" + p.name;
      form.appendChild(field(null, input, p.name + (p.required ? " *" : "")));
    });
    fillActorParams();
  }

  function fillActorParams() {
    if (!state.selected) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("#ex-query-form input"), function (i) {
      if (i.dataset.kind === "actor" && !i.value) { i.value = state.selected; }
    });
  }

  function formValues() {
    var params = {};
    Array.prototype.forEach.call(document.querySelectorAll("#ex-query-form [name]"), function (i) {
      if (i.value !== "") { params[i.name] = i.value; }
    });
    return params;
  }

  function runQuery() {
    var q = chosenQuery(), out = $("ex-query-out"), params = formValues();
    if (!q) { return Promise.resolve(null); }
    status(out, w("running", { name: q.name }));
    return post("/api/query", { name: q.name, params: params }).then(function (res) {
      showAnswer(res, out);
      var scen = res.params.scenario;
      if (scen && scen !== currentScenario()) { view().setScenario(scen); }
      light(res.actors);
      return res;
    }, failed(out));
  }

  function runCypher() {
    var out = $("ex-query-out"), text = $("ex-cypher").value;
    var params = /\$scenario\b/.test(text) ? { scenario: currentScenario() } : {};
    status(out, w("runningAny"));
    return post("/api/cypher", { text: text, params: params }).then(function (res) {
      showAnswer(res, out);
      light(res.actors);
      return res;
    }, failed(out));
  }

  function showAnswer(res, out) {
    state.lastAnswer = res;
    clear(out);
    out.appendChild(el("div", w("rows", { n: res.rows.length }) + (res.truncated ? w("notShown") : "")
                              + (res.actors.length ? w("lit", { n: res.actors.length }) : ""),
                       "ex-note"));
    if (res.rows.length) { out.appendChild(table(res.columns, res.rows)); }
  }

  /* The rows of a diff (change, item, id, details) under headings in the language; in
   * Japanese the change and item words too (ids and details are the data's). */
  function changeTable(rows) {
    var words = WORDS[lang()];
    var t = table(["change", "item", "id", "details"], rows.map(function (r) {
      return { change: words[r.change] || r.change, item: words[r.item] || r.item,
               id: r.id, details: r.details };
    }));
    Array.prototype.forEach.call(t.querySelectorAll("th"), function (th) { said(th, th.textContent); });
    return t;
  }

  /* The server's one-line summary of a diff (graph.diff.summary), or in Japanese the
   * same counts from the rows. */
  function summaryOf(res) {
    if (lang() !== "ja") { return res.summary; }
    var parts = ["relationship", "actor"].map(function (item) {
      var counts = ["added", "removed", "changed"].map(function (c) {
        var n = res.rows.filter(function (r) { return r.item === item && r.change === c; }).length;
        return n ? w(c) + " " + n : "";
      }).filter(Boolean);
      return counts.length ? w(item + "s") + "：" + counts.join("、") : "";
    }).filter(Boolean);
    return parts.length ? parts.join("；") : w("noDifferences");
  }

  // ---- compare ------------------------------------------------------------------------
  function scenarioSelect(id, value) {
    var s = el("select"); s.id = id;
    view().data.scenarios.forEach(function (sc) { s.appendChild(new Option(sc.id, sc.id)); });
    if (value) { s.value = value; }
    return s;
  }

  function buildCompare(side) {
    var s = section("ex-compare", "compare");
    var first = scenarioSelect("ex-first"), second = scenarioSelect("ex-second");
    var scen = view().data.scenarios;
    if (scen.length > 1) { second.value = scen[1].id; first.value = scen[1].base || scen[0].id; }
    s.appendChild(field("from", first));
    s.appendChild(field("to", second));
    var out = el("div"); out.id = "ex-compare-out";
    s.appendChild(button("ex-compare-run", "compareRun", compare));
    s.appendChild(out);
    side.appendChild(s);
  }

  function compare() {
    var a = $("ex-first").value, b = $("ex-second").value, out = $("ex-compare-out");
    status(out, w("comparing"));
    return post("/api/compare", { first: a, second: b }).then(function (res) {
      clear(out);
      out.appendChild(el("div", summaryOf(res), "ex-note"));
      if (res.rows.length) { out.appendChild(changeTable(res.rows)); }
      var v = view();
      v.setScenario(b);
      v.setCompare(a);
      return res;
    }, failed(out));
  }

  // ---- what-if ------------------------------------------------------------------------
  var WHATIF_FIELDS = [
    ["add", "us.indopacom -OPCON-> us.usfk"],
    ["remove", "us.indopacom -> us.usfj"],
    ["move", "us.jfc -OPCON-> us.usfk"],
    ["add_actors", "{id: us.jfc, kind: Command, name_en: Joint force commander, nation: US}"],
    ["remove_actors", "us.usfk"]
  ];

  function buildWhatIf(side) {
    var s = section("ex-whatif", "whatIf");
    s.appendChild(said(el("div", null, "ex-note"), "whatIfNote"));
    WHATIF_FIELDS.forEach(function (f) {
      var t = el("textarea"); t.id = "ex-w-" + f[0]; t.rows = 2; t.placeholder = f[1];
      s.appendChild(field(f[0], t));
    });
    s.appendChild(button("ex-whatif-run", "tryIt", function () { whatIf(false); }));
    var keep = el("div", null, "ex-keep");
    var name = el("input"); name.id = "ex-w-save"; hint(name, "newId");
    var confirmBox = el("input"); confirmBox.type = "checkbox"; confirmBox.id = "ex-w-confirm";
    var confirmLabel = el("label", null, "ex-confirm");
    confirmLabel.appendChild(confirmBox);
    confirmLabel.appendChild(said(el("span"), "confirm"));
    var save = button("ex-whatif-save", "save", function () { whatIf(true); });
    save.disabled = true;
    confirmBox.addEventListener("change", function () { save.disabled = !confirmBox.checked; });
    keep.appendChild(field("keepAs", name));
    keep.appendChild(confirmLabel);
    keep.appendChild(save);
    s.appendChild(keep);
    var out = el("div"); out.id = "ex-whatif-out";
    s.appendChild(out);
    side.appendChild(s);
  }

  function lines(id) {
    return $(id).value.split("\n").map(function (x) { return x.trim(); }).filter(Boolean);
  }

  function whatIf(keep) {
    var out = $("ex-whatif-out"), changes = {};
    WHATIF_FIELDS.forEach(function (f) { changes[f[0]] = lines("ex-w-" + f[0]); });
    var body = { base: currentScenario(), changes: changes };
    if (keep) {
      body.save = $("ex-w-save").value.trim();
      body.confirm = $("ex-w-confirm").checked;
    }
    status(out, w("checking"));
    return post("/api/what-if", body).then(function (res) {
      clear(out);
      out.appendChild(el("div", w("valid", { checks: lang() === "ja" ? w("rulesHeld") : res.checks }), "ex-ok"));
      out.appendChild(el("div", w("differences", { base: res.base, summary: summaryOf(res) }), "ex-note"));
      if (res.rows.length) { out.appendChild(changeTable(res.rows)); }
      out.appendChild(el("div", res.saved ? w("saved", { id: res.saved }) : w("notSaved"), "ex-note"));
      light(res.actors);
      return res;
    }, failed(out));
  }

  // ---- export -------------------------------------------------------------------------
  function buildExport(side) {
    var s = section("ex-export", "exportTitle");
    var fmt = el("select"); fmt.id = "ex-format";
    ["png", "svg", "pptx"].forEach(function (f) { fmt.appendChild(new Option(f.toUpperCase(), f)); });
    s.appendChild(field("format", fmt));
    s.appendChild(button("ex-export-run", "download", exportView));
    var out = el("div"); out.id = "ex-export-out";
    s.appendChild(out);
    side.appendChild(s);
  }

  function exportView() {
    var fmt = $("ex-format").value, out = $("ex-export-out"), v = view();
    var scen = currentScenario(), shown = v.visible();
    status(out, w("drawing", { n: shown.length, fmt: fmt.toUpperCase() }));
    return post("/api/export", { format: fmt, scenario: scen, actors: shown, lang: $("lang").value }, true)
      .then(function (r) { return r.blob(); })
      .then(function (blob) {
        var a = el("a"); a.href = URL.createObjectURL(blob); a.download = scen + "." + fmt;
        document.body.appendChild(a); a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        status(out, w("downloaded", { file: scen + "." + fmt }));
        return blob.size;
      }, failed(out));
  }

  // ---- start --------------------------------------------------------------------------
  function start() {
    var v = view();
    if (!v || !v.ready) { return setTimeout(start, 50); }
    var side = $("side"), anchor = $("details");
    var box = el("div"); box.id = "explorer";
    side.insertBefore(box, anchor);
    $("find").hidden = true;   // the explorer's search covers every scenario
    buildSearch(box); buildQuery(box); buildCompare(box); buildWhatIf(box); buildExport(box);
    $("scenario").addEventListener("change", followScenario);
    if ($("lang")) { $("lang").addEventListener("change", relabel); }
    v.network.on("click", function (p) {
      if (p.nodes.length) { state.selected = String(p.nodes[0]); fillActorParams(); }
    });
    window.c2explorer = { search: search, pick: pick, runQuery: runQuery, runCypher: runCypher,
                          compare: compare, whatIf: whatIf, exportView: exportView, words: WORDS,
                          state: state, ready: true };
  }
  start();
  return { start: start };
})();
