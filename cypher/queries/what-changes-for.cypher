// name: what-changes-for
// title: One actor's superiors, subordinates and partners in one scenario against another
// title_ja: ある組織の上位・部下・調整相手を二つのシナリオで比べる
// params: post (actor id), scenario (scenario id; default: root), other (scenario id)
// returns: role, actor, name, authority_before, authority_after, change
// "before" is $scenario, "after" is $other. Command links are matched by id,
// coordination (symmetric) by the partner, whichever way it was written.
MATCH (p:Actor {scenario: $scenario, id: $post})-[r:COMMANDS|COORDINATES_WITH]-(x:Actor)
OPTIONAL MATCH (:Actor {scenario: $other, id: $post})-[r2]-(:Actor {scenario: $other, id: x.id})
WHERE type(r2) = type(r) AND (r2.id = r.id OR type(r) = 'COORDINATES_WITH')
RETURN CASE WHEN type(r) = 'COORDINATES_WITH' THEN 'partner'
            WHEN startNode(r) = p THEN 'subordinate' ELSE 'superior' END AS role,
       x.id AS actor, x.name_en AS name,
       r.authority AS authority_before, r2.authority AS authority_after,
       CASE WHEN r2 IS NULL THEN 'only in ' + $scenario
            WHEN coalesce(r.authority, '') <> coalesce(r2.authority, '') THEN 'authority changed'
            ELSE 'unchanged' END AS change
ORDER BY role, actor
UNION ALL
MATCH (p:Actor {scenario: $other, id: $post})-[r:COMMANDS|COORDINATES_WITH]-(x:Actor)
OPTIONAL MATCH (:Actor {scenario: $scenario, id: $post})-[r2]-(:Actor {scenario: $scenario, id: x.id})
WHERE type(r2) = type(r) AND (r2.id = r.id OR type(r) = 'COORDINATES_WITH')
WITH p, r, x, r2
WHERE r2 IS NULL
RETURN CASE WHEN type(r) = 'COORDINATES_WITH' THEN 'partner'
            WHEN startNode(r) = p THEN 'subordinate' ELSE 'superior' END AS role,
       x.id AS actor, x.name_en AS name,
       null AS authority_before, r.authority AS authority_after,
       'only in ' + $other AS change
ORDER BY role, actor
