// name: dual-hatted
// title: Posts held by one officer
// title_ja: 一人の指揮官が兼ねる職
// params: scenario (scenario id; default: root)
// returns: posts, names
// One row per officer: every post joined to another by DUAL_HATTED_WITH, at any
// distance (USFK, CFC and UNC in 2024), listed by id.
// (id IS NOT NULL, always true, lets Neo4j seek the (scenario, id) index.)
MATCH (a:Actor {scenario: $scenario})-[:DUAL_HATTED_WITH*1..]-(b:Actor)
WHERE a.id IS NOT NULL AND b <> a
WITH a, collect(DISTINCT b) AS others
WHERE all(o IN others WHERE a.id < o.id)
UNWIND [a] + others AS post
WITH a, post
ORDER BY post.id
WITH a, collect(post.id) AS posts, collect(post.name_en) AS names
RETURN posts, names
ORDER BY posts
