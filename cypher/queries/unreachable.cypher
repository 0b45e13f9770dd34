// name: unreachable
// title: Actors (other than forums) that no national command authority reaches
// params: scenario (default baseline-2024)
// returns: actor, name, nation, kind
// A national command authority is an actor holding a COMMANDS link of authority NCA
// (the President, the Prime Minister, the ROK President). An actor is reached when a
// chain of COMMANDS runs down to it from one; advisers, staffs and combined bodies
// directed by forums show up here.
MATCH (a:Actor {scenario: $scenario})
WHERE NOT a:Forum
OPTIONAL MATCH (a)<-[:COMMANDS*0..]-(top:Actor)
WHERE (top)-[:COMMANDS {authority: 'NCA'}]->()
WITH a, count(top) AS authorities
WHERE authorities = 0
RETURN a.id AS actor, a.name_en AS name, a.nation AS nation, a.kind AS kind
ORDER BY actor
