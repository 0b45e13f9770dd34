// name: scenario-diff
// title: Relationships added, removed or changed between two scenarios
// title_ja: 二つのシナリオ間で追加・削除・変更された関係
// params: scenario (scenario id; default: root), other (scenario id)
// returns: change, relationship, type, authority_before, authority_after, changed
// Relationships are matched by id (FROM-TYPE->TO). "changed" names what differs in a
// relationship present in both: its authority, its sources (as a set) or its note.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})-[r]->(:Actor)
WHERE a.id IS NOT NULL
OPTIONAL MATCH (:Actor {scenario: $other, id: a.id})-[r2]->(:Actor)
WHERE r2.id = r.id
WITH r, r2
WHERE r2 IS NULL
RETURN 'removed' AS change, r.id AS relationship, type(r) AS type,
       r.authority AS authority_before, null AS authority_after, [] AS changed
ORDER BY relationship
UNION ALL
MATCH (a:Actor {scenario: $other})-[r]->(:Actor)
WHERE a.id IS NOT NULL
OPTIONAL MATCH (:Actor {scenario: $scenario, id: a.id})-[r2]->(:Actor)
WHERE r2.id = r.id
WITH r, r2
WHERE r2 IS NULL
RETURN 'added' AS change, r.id AS relationship, type(r) AS type,
       null AS authority_before, r.authority AS authority_after, [] AS changed
ORDER BY relationship
UNION ALL
MATCH (a:Actor {scenario: $scenario})-[r]->(:Actor)
WHERE a.id IS NOT NULL
MATCH (:Actor {scenario: $other, id: a.id})-[r2]->(:Actor)
WHERE r2.id = r.id
WITH r, r2,
     [x IN [CASE WHEN coalesce(r.authority, '') <> coalesce(r2.authority, '') THEN 'authority' END,
            CASE WHEN size(r.sources) <> size(r2.sources)
                   OR any(s IN r.sources WHERE NOT s IN r2.sources) THEN 'sources' END,
            CASE WHEN coalesce(r.note, '') <> coalesce(r2.note, '') THEN 'note' END]
      WHERE x IS NOT NULL] AS changed
WHERE size(changed) > 0
RETURN 'changed' AS change, r.id AS relationship, type(r) AS type,
       r.authority AS authority_before, r2.authority AS authority_after, changed
ORDER BY relationship
