/* c2graph view: every word of the page's interface, per language (module C2Strings).
 *
 * One table, so the Japanese page has no English left in it: the interface, the
 * legend, the panel, tooltips and the words on lines.  Relationship and authority
 * words come from the page data's vocabulary (DATA.vocab, made from graph.vocabulary);
 * everything else is here.  C2Strings.t(lang, key, args) fills {name} slots with
 * text; the result only ever reaches the DOM through textContent.
 */
var C2Strings = (function () {
  "use strict";

  var TABLE = {
    en: {
      scenario: "Scenario", compare: "Compare with", labels: "Labels", fit: "Fit",
      top: "Top of the chain", clear: "Clear selection", hidePanel: "Hide panel",
      showPanel: "Show panel", search: "Find an actor: name, short name, id, 日本語名",
      selected: "Selected actor", changes: "Changes", legend: "Legend",
      nations: "Nations", kinds: "Kinds", lines: "Lines", graph: "Command diagram",
      tentative: "proposed / possible (tentative)", changeLegend: "Changes against the compared scenario",
      added: "added", changed: "changed", removedLine: "removed line (“no longer …”)",
      collapsedLegend: "collapsed: + N actors below (click to open)",
      noscript: "This diagram needs JavaScript (it is all inside this file; nothing is downloaded).",
      hint: "Click an actor to see its reporting chain to the top and its coordination partners. Click a box marked + N to open it. Click the background or press Esc to clear.",
      nothing: "— nothing —", status: "status: {status}", basedOn: "based on {title}",
      drawn: "{actors} actors, {rels} relationships", shown: "{shown} of {actors} actors shown",
      focus: "focus: {name}, {depth} levels down", focusAll: "focus: {name}",
      notCompared: "Not compared with another scenario. Pick one under “Compare with”.",
      against: "Against {scenario}:", noDiff: "No differences.",
      actorAdded: "+ new: {name} ({id})", actorRemoved: "− gone: {name} ({id})",
      actorChanged: "~ {name}: {details}",
      chain: "Reporting chain (command lines to the top)",
      noChain: "Reporting chain: none (a top of its chain)",
      partners: "Coordinates with", noPartners: "Coordinates with: nobody",
      collapse: "Close what is below", expand: "Open what is below ({count})",
      below: "{count} actors below",
      fold: "Hide its members' lines", unfold: "Show its members' lines ({count})",
      folded: "{count} members' lines not drawn (click to draw them)",
      id: "id", short: "short", kind: "kind", nation: "nation", rank: "rank",
      location: "location", sources: "sources", note: "note", statusField: "status",
      rankLine: "Rank: {rank}", statusLine: "Status: {status}",
      locationLine: "Location: {location}", sourcesLine: "Sources: {sources}",
      noteLine: "Note: {note}", authorityLine: "Authority: {authority} — {meaning}",
      newAgainst: "New against {scenario}", changedAgainst: "Changed against {scenario}: {details}",
      removedIn: "Removed: in {compare}, not in {scenario}",
      noMatch: "No actor matches.", more: "+ {count}", lit: "{count} actors lit (the answer).",
      marking: "Marking", languages: { en: "English", ja: "日本語", both: "English + 日本語" }
    },
    ja: {
      scenario: "シナリオ", compare: "比較対象", labels: "表示名", fit: "全体表示",
      top: "指揮系統の頂点", clear: "選択解除", hidePanel: "パネルを隠す",
      showPanel: "パネルを表示", search: "組織を検索：名称・略称・ID・英語名",
      selected: "選択中の組織", changes: "変更点", legend: "凡例",
      nations: "国・組織", kinds: "種類", lines: "線の種類", graph: "指揮系統図",
      tentative: "構想・可能性（未確定）", changeLegend: "比較対象からの変更",
      added: "追加", changed: "変更", removedLine: "削除された関係（「廃止：…」）",
      collapsedLegend: "折りたたみ：配下に + N 組織（クリックで展開）",
      noscript: "この図の表示には JavaScript が必要です（すべてこのファイル内にあり、何もダウンロードしません）。",
      hint: "組織をクリックすると、頂点までの指揮系統と調整相手を強調表示します。「+ N」の付いた箱をクリックすると配下を展開します。背景をクリックするか Esc キーで解除します。",
      nothing: "― なし ―", status: "状態：{status}", basedOn: "基準：{title}",
      drawn: "{actors} 組織・{rels} 関係", shown: "{actors} 組織中 {shown} を表示",
      focus: "注目：{name}（配下 {depth} 段まで）", focusAll: "注目：{name}",
      notCompared: "比較していません。「比較対象」で選んでください。",
      against: "{scenario} との比較：", noDiff: "差異はありません。",
      actorAdded: "＋ 新設：{name}（{id}）", actorRemoved: "－ 廃止：{name}（{id}）",
      actorChanged: "～ {name}：{details}",
      chain: "指揮系統（頂点までの指揮の線）", noChain: "指揮系統：なし（系統の頂点）",
      partners: "調整相手", noPartners: "調整相手：なし",
      collapse: "配下を折りたたむ", expand: "配下を展開（{count}）",
      below: "配下 {count} 組織",
      fold: "参加の線を隠す", unfold: "参加の線を表示（{count}）",
      folded: "参加の線 {count} 本は非表示（クリックで表示）",
      id: "ID", short: "略称", kind: "種類", nation: "国", rank: "階級",
      location: "所在地", sources: "出典", note: "注記", statusField: "状態",
      name_en: "英語名", name_ja: "日本語名", authority: "権限",
      rankLine: "階級：{rank}", statusLine: "状態：{status}",
      locationLine: "所在地：{location}", sourcesLine: "出典：{sources}",
      noteLine: "注記：{note}", authorityLine: "権限：{authority}",
      newAgainst: "{scenario} に対して新設", changedAgainst: "{scenario} から変更：{details}",
      removedIn: "廃止：{compare} にあり、{scenario} にない",
      noMatch: "該当する組織はありません。", more: "+ {count}", lit: "{count} 組織を強調表示（回答）。",
      marking: "区分", languages: { en: "English", ja: "日本語", both: "English + 日本語" }
    }
  };

  //: What a removed line said, in plain words, attached to that line.
  var GONE = {
    en: { COMMANDS: "no longer commands {to}", SUPERVISES: "no longer supervises {to}",
          ADVISES: "no longer advises {to}", ASSISTS: "no longer assists {to}",
          COORDINATES_WITH: "no longer coordinates with {to}",
          SUPPORTS: "no longer supports {to}",
          TRANSMITS_ORDERS: "no longer passes orders to {to}",
          DUAL_HATTED_WITH: "no longer dual-hatted with {to}",
          MEMBER_OF: "no longer a member of {to}", other: "no longer linked to {to}" },
    ja: { COMMANDS: "廃止：{to}への指揮", SUPERVISES: "廃止：{to}の監督",
          ADVISES: "廃止：{to}への助言", ASSISTS: "廃止：{to}の補佐",
          COORDINATES_WITH: "廃止：{to}との調整", SUPPORTS: "廃止：{to}への支援",
          TRANSMITS_ORDERS: "廃止：{to}への命令の伝達", DUAL_HATTED_WITH: "廃止：{to}との兼務",
          MEMBER_OF: "廃止：{to}への参加", other: "廃止：{to}との関係" }
  };

  //: Legend words for the line types.
  var LINES = {
    en: { COMMANDS: "commands (authority on the line)", SUPERVISES: "supervises",
          ADVISES: "advises", ASSISTS: "assists", COORDINATES_WITH: "coordinates with",
          SUPPORTS: "supports", TRANSMITS_ORDERS: "transmits orders, no command",
          DUAL_HATTED_WITH: "dual-hatted (one officer, two posts)", MEMBER_OF: "member of" },
    ja: {}
  };

  var STATUS_EN = { established: "established", announced: "announced",
                    proposed: "proposed", possible: "possible" };

  function fill(text, args) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return args && Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }

  function lang(l) { return l === "ja" ? "ja" : "en"; }

  return {
    TABLE: TABLE,
    lang: lang,
    /** The interface string `key` in the language of label mode `l` (en, ja, both). */
    t: function (l, key, args) {
      var row = TABLE[lang(l)];
      return fill(Object.prototype.hasOwnProperty.call(row, key) ? row[key] : TABLE.en[key], args);
    },
    /** The legend word of a relationship type. */
    lineName: function (l, vocab, type) {
      if (lang(l) === "ja") { return (vocab.types[type] || {}).ja || type; }
      return LINES.en[type] || type;
    },
    /** The word on a command line for its authority (OPCON, 作戦統制 ...). */
    authority: function (l, vocab, authority) {
      var a = vocab.authorities[authority];
      if (!a) { return authority; }
      return lang(l) === "ja" ? a.ja : a.en;
    },
    /** A status word (既存, 構想 ...). */
    status: function (l, vocab, status) {
      if (lang(l) === "ja") { return (vocab.statuses[status] || {}).ja || status; }
      return STATUS_EN[status] || status;
    },
    /** A removed line in plain words, seen from its start: "no longer commands X". */
    gone: function (l, type, to) {
      var row = GONE[lang(l)];
      return fill(row[type] || row.other, { to: to });
    },
    nation: function (l, vocab, nation) {
      var n = vocab.nations[nation];
      return lang(l) === "ja" && n ? n.ja : nation;
    },
    kind: function (l, vocab, kind) {
      var k = vocab.kinds[kind];
      return lang(l) === "ja" && k ? k.ja : kind;
    }
  };
})();
