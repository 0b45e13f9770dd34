// name: subordinates
// title: Whom an actor commands, directly or at every level, filterable by authority
// title_ja: ある組織が直接または全階層で指揮する組織（権限で絞り込み可）
// params: post (actor id), scenario (scenario id; default: root), levels (integer, 0 for every level; default: 1), authority (authority or any; default: any)
// returns: subordinate, name, authority, level, via
// levels 1 gives direct subordinates, 2 adds theirs, 0 every level below. authority
// filters on the link that reaches each subordinate (its immediate superior's
// authority over it); "via" is that immediate superior.
MATCH p = (boss:Actor {scenario: $scenario, id: $post})-[:COMMANDS*1..]->(sub:Actor)
WITH sub, p, last(relationships(p)) AS link
WHERE ($levels = 0 OR length(p) <= $levels)
  AND ($authority = 'any' OR link.authority = $authority)
RETURN DISTINCT sub.id AS subordinate, sub.name_en AS name, link.authority AS authority,
       length(p) AS level, startNode(link).id AS via
ORDER BY level, subordinate, via
