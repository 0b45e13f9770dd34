// name: authority-over
// title: Who holds each command authority over an actor: COCOM, OPCON, national command
// title_ja: ある組織に対する各指揮権限（COCOM・OPCON・国家指揮）の保持者
// params: post (actor id), scenario (scenario id; default: root)
// returns: authority, holder, name, nation, levels_up
// For each authority on the command links above the post, the nearest superior whose
// link down the chain carries it. Over the U.S. 7th Fleet: OPCON is held by the Pacific
// Fleet (the Navy component), COCOM by INDOPACOM (the combatant commander, JP 1), and
// national command authority by the Secretary of Defense. No row: nobody commands it.
MATCH p = (post:Actor {scenario: $scenario, id: $post})<-[:COMMANDS*1..]-(:Actor)
UNWIND range(1, length(p)) AS i
WITH relationships(p)[i - 1] AS link, nodes(p)[i] AS holder, i AS levels
WITH link.authority AS authority, holder, min(levels) AS levels
WITH authority, collect(holder) AS holders, collect(levels) AS distance, min(levels) AS nearest
UNWIND range(0, size(holders) - 1) AS j
WITH authority, holders[j] AS holder, distance[j] AS levels_up, nearest
WHERE levels_up = nearest
RETURN authority, holder.id AS holder, holder.name_en AS name, holder.nation AS nation,
       levels_up
ORDER BY levels_up, holder
