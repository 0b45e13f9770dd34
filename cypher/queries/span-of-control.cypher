// name: span-of-control
// title: Actors ranked by direct subordinates and coordination load
// title_ja: 直属の部下の数と調整の負担による組織の順位
// params: scenario (scenario id; default: root)
// returns: actor, name, direct_subordinates, coordination_partners
// Actors with neither subordinates nor coordination partners are left out.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})
WHERE a.id IS NOT NULL
OPTIONAL MATCH (a)-[c:COMMANDS]->(:Actor)
WITH a, count(c) AS subordinates
OPTIONAL MATCH (a)-[k:COORDINATES_WITH]-(:Actor)
WITH a, subordinates, count(k) AS partners
WHERE subordinates + partners > 0
RETURN a.id AS actor, a.name_en AS name, subordinates AS direct_subordinates,
       partners AS coordination_partners
ORDER BY direct_subordinates DESC, coordination_partners DESC, actor
