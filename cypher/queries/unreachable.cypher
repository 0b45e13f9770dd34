// name: unreachable
// title: Actors (other than forums) that no national command authority reaches
// title_ja: どの国家指揮権限からも届かない組織（協議体を除く）
// params: scenario (scenario id; default: root)
// returns: actor, name, nation, kind
// A national command authority is an actor holding a COMMANDS link of authority NCA
// (the President, the Prime Minister, the ROK President), or one that commands and has
// no commander itself. An actor is reached when a chain of COMMANDS, SUPERVISES,
// TRANSMITS_ORDERS or MEMBER_OF (member -> forum) runs down to it from one: the CJCS,
// supervised by the Secretary of Defense, is reached though he commands nobody, and a
// body directed by a forum is reached through the forum's members. The same rule as the
// reachability check of 'c2graph analyze'; empty for every bundled scenario.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})
WHERE a.id IS NOT NULL AND NOT a:Forum
OPTIONAL MATCH (a)<-[:COMMANDS|SUPERVISES|TRANSMITS_ORDERS|MEMBER_OF*0..]-(top:Actor)
WHERE (top)-[:COMMANDS {authority: 'NCA'}]->()
   OR ((top)-[:COMMANDS]->() AND NOT (top)<-[:COMMANDS]-())
WITH a, count(top) AS authorities
WHERE authorities = 0
RETURN a.id AS actor, a.name_en AS name, a.nation AS nation, a.kind AS kind
ORDER BY actor
