// name: unreachable
// title: Actors (other than forums) that no national command authority reaches by command
// params: scenario (default baseline-2024)
// returns: actor, name, nation, kind
// A national command authority is an actor holding a COMMANDS link of authority NCA
// (the President, the Prime Minister, the ROK President). An actor is reached when a
// chain of COMMANDS runs down to it from one. Advisers, staffs and combined bodies
// directed by forums show up here: they stand outside every national chain of command.
// (The reach check of 'c2graph analyze' also follows SUPERVISES, TRANSMITS_ORDERS and
// MEMBER_OF, so there the CJCS, for one, counts as reached.)
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})
WHERE a.id IS NOT NULL AND NOT a:Forum
OPTIONAL MATCH (a)<-[:COMMANDS*0..]-(top:Actor)
WHERE (top)-[:COMMANDS {authority: 'NCA'}]->()
WITH a, count(top) AS authorities
WHERE authorities = 0
RETURN a.id AS actor, a.name_en AS name, a.nation AS nation, a.kind AS kind
ORDER BY actor
