// name: cross-national-command
// title: Command relationships joining two nations' chains outside a COMBINED body
// title_ja: 連合（COMBINED）組織を介さずに二国の指揮系統を結ぶ指揮関係
// params: scenario (scenario id; default: root)
// returns: superior, superior_nation, authority, subordinate, subordinate_nation
// Must be empty: the chains of two nations meet only in a combined body (the loader
// refuses such a dataset; this query checks what is actually in the store).
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})-[r:COMMANDS]->(b:Actor)
WHERE a.id IS NOT NULL AND a.nation <> b.nation AND a.nation <> 'COMBINED' AND b.nation <> 'COMBINED'
RETURN a.id AS superior, a.nation AS superior_nation, r.authority AS authority,
       b.id AS subordinate, b.nation AS subordinate_nation
ORDER BY superior, subordinate
