// name: forums
// title: Forums, their members and the nations taking part
// title_ja: 協議体とその構成員・参加国
// params: scenario (scenario id; default: root)
// returns: forum, name, members, nations
// A working group is a member of its parent forum; its own nations are those of its
// members (none modelled for the DICAS working groups).
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (f:Actor:Forum {scenario: $scenario})
WHERE f.id IS NOT NULL
OPTIONAL MATCH (m:Actor)-[:MEMBER_OF]->(f)
WITH f, m
ORDER BY m.id
WITH f, collect(m.id) AS members, collect(DISTINCT m.nation) AS present
RETURN f.id AS forum, f.name_en AS name, members,
       [n IN ['US', 'JP', 'KR', 'COMBINED'] WHERE n IN present] AS nations
ORDER BY forum
