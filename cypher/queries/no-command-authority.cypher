// name: no-command-authority
// title: Posts that advise, assist, supervise, transmit orders or coordinate but command nobody
// title_ja: 助言・補佐・監督・命令伝達・調整はするが誰も指揮しない職
// params: scenario (scenario id; default: root)
// returns: actor, name, nation, roles
// For example the CJCS (advises, transmits orders) and the Chief of Staff, Joint Staff
// (assists, transmits orders). roles lists the relationship types the actor holds
// instead. Forums are left out: a consultation body never commands.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})-[r:ADVISES|ASSISTS|SUPERVISES|TRANSMITS_ORDERS|COORDINATES_WITH]-(:Actor)
WHERE a.id IS NOT NULL AND NOT a:Forum AND NOT (a)-[:COMMANDS]->()
  AND (startNode(r) = a OR type(r) = 'COORDINATES_WITH')
WITH a, type(r) AS role
ORDER BY role
WITH a, collect(DISTINCT role) AS roles
RETURN a.id AS actor, a.name_en AS name, a.nation AS nation, roles
ORDER BY actor
