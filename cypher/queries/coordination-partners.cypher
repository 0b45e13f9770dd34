// name: coordination-partners
// title: An actor's coordination partners, marking those across a national boundary
// title_ja: ある組織の調整相手（国境をまたぐ相手に印）
// params: post (actor id), scenario (scenario id; default: root)
// returns: partner, name, nation, cross_national
MATCH (p:Actor {scenario: $scenario, id: $post})-[:COORDINATES_WITH]-(x:Actor)
RETURN x.id AS partner, x.name_en AS name, x.nation AS nation,
       x.nation <> p.nation AS cross_national
ORDER BY partner
