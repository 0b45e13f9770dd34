// name: advisers
// title: Who advises or assists an actor, and whom the actor advises or assists
// title_ja: ある組織に助言・補佐する者と、その組織が助言・補佐する相手
// params: post (actor id), scenario (scenario id; default: root)
// returns: relation, actor, name, nation
MATCH (p:Actor {scenario: $scenario, id: $post})-[r:ADVISES|ASSISTS]-(x:Actor)
RETURN CASE
         WHEN startNode(r) = p AND type(r) = 'ADVISES' THEN 'advises'
         WHEN startNode(r) = p THEN 'assists'
         WHEN type(r) = 'ADVISES' THEN 'advised by'
         ELSE 'assisted by'
       END AS relation,
       x.id AS actor, x.name_en AS name, x.nation AS nation
ORDER BY relation, actor
