// name: command-path
// title: The command path between two actors, in either direction, or none
// title_ja: 二つの組織を結ぶ指揮経路（上下どちら向きでも。なければ結果なし）
// params: source (actor id), target (actor id), scenario (scenario id; default: root)
// returns: path, ids, authorities, direction, levels
// No row means no chain of COMMANDS joins the two actors: for instance INDOPACOM and
// the JSDF Joint Operations Command (the US and Japanese chains only coordinate).
// Paths are listed top-down; direction says which end commands the other.
MATCH (a:Actor {scenario: $scenario, id: $source})
OPTIONAL MATCH down = (:Actor {scenario: $scenario, id: $target})<-[:COMMANDS*1..]-(a)
OPTIONAL MATCH up = (a)<-[:COMMANDS*1..]-(:Actor {scenario: $scenario, id: $target})
WITH collect(DISTINCT down) + collect(DISTINCT up) AS paths
UNWIND paths AS p
RETURN [x IN reverse(nodes(p)) | x.name_en] AS path,
       [x IN reverse(nodes(p)) | x.id] AS ids,
       [r IN reverse(relationships(p)) | r.authority] AS authorities,
       CASE WHEN head(nodes(p)).id = $target THEN 'source commands target'
            ELSE 'target commands source' END AS direction,
       length(p) AS levels
ORDER BY levels, ids
