// name: oversight
// title: What directs an actor without commanding it, and the posts its holder also holds
// title_ja: ある組織を指揮せずに方向づけるものと、その長が兼ねる職
// params: post (actor id), scenario (scenario id; default: root)
// returns: relation, actor, name, nation
// Who supervises it or transmits orders to it (SUPERVISES, TRANSMITS_ORDERS towards the
// post) and which posts one officer holds with it (DUAL_HATTED_WITH). After the CFC
// handover nobody commands the CFC: the ROK–U.S. Military Committee directs it and a ROK
// four-star holds its command ('c2graph chain' prints these for an actor nobody commands).
MATCH (p:Actor {scenario: $scenario, id: $post})-[r:SUPERVISES|TRANSMITS_ORDERS|DUAL_HATTED_WITH]-(x:Actor)
WHERE type(r) = 'DUAL_HATTED_WITH' OR endNode(r) = p
RETURN CASE type(r) WHEN 'SUPERVISES' THEN 'supervised by'
                    WHEN 'TRANSMITS_ORDERS' THEN 'orders transmitted by'
                    ELSE 'post held with' END AS relation,
       x.id AS actor, x.name_en AS name, x.nation AS nation
ORDER BY relation, actor
