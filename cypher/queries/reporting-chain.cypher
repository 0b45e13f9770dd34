// name: reporting-chain
// title: Reporting line from a post up to its national command authority
// title_ja: 役職から国家指揮権限までの報告系統
// params: post (actor id), scenario (scenario id; default: root)
// returns: chain, ids, authorities, depth
// One row per command path from the post up to an actor that nobody commands, listed
// top-down; authorities[i] is the authority of the link from chain[i] to chain[i+1].
// Anchored on the post (bottom-up): only its own superiors are visited.
MATCH p = (post:Actor {scenario: $scenario, id: $post})<-[:COMMANDS*0..]-(top:Actor)
WHERE NOT (top)<-[:COMMANDS]-()
RETURN [x IN reverse(nodes(p)) | x.name_en] AS chain,
       [x IN reverse(nodes(p)) | x.id] AS ids,
       [r IN reverse(relationships(p)) | r.authority] AS authorities,
       length(p) AS depth
ORDER BY depth, ids
