// name: unity-of-command
// title: Actors with more than one superior holding OPCON or national command
// title_ja: OPCON または国家指揮を持つ上位が複数ある組織
// params: scenario (scenario id; default: root)
// returns: actor, name, superiors, authorities
// The authorities counted are NCA, COCOM, OPCON and COMMAND (graph.schema
// FULL_COMMAND_AUTHORITIES); TACON and ADCON beside them do not break unity of command.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})<-[r:COMMANDS]-(s:Actor)
WHERE a.id IS NOT NULL AND r.authority IN ['NCA', 'COCOM', 'OPCON', 'COMMAND']
WITH a, s, r
ORDER BY s.id
WITH a, collect(s.id) AS superiors, collect(r.authority) AS authorities
WHERE size(superiors) > 1
RETURN a.id AS actor, a.name_en AS name, superiors, authorities
ORDER BY actor
