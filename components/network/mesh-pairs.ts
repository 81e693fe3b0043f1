/**
 * Which members of a room a browser connects to directly when it may hold at most `meshPeers` connections; every
 * other pair talks through the server relay.
 *
 * Both ends of a pair decide alone, from what both know (the ids of the room's members), so they agree without
 * talking. Members sit on a ring in id order, and a pair is direct when they are at most ⌊meshPeers / 2⌋ apart on
 * it: each member then has at most meshPeers direct peers, and the direct pairs link everyone (a ring). A room
 * small enough for everyone to reach everyone (members − 1 ≤ meshPeers) is a full mesh.
 *
 * Few pairs change when someone joins: the newcomer's own, and at most ⌊meshPeers / 2⌋ others (those the newcomer
 * now stands between at the edge of reach), none of them new; a leave is the mirror image. Only the step from a
 * full mesh to a ring changes more, once.
 */
export function directPeerIds(localId: string, memberIds: Iterable<string>, meshPeers: number): Set<string> {
  // Code-unit order, not localeCompare: every browser must sort the same ids the same way.
  const ring = [...new Set([localId, ...memberIds])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const others = ring.filter((id) => id !== localId);
  if (others.length <= meshPeers) return new Set(others);
  const reach = Math.floor(meshPeers / 2);
  const at = ring.indexOf(localId);
  const direct = new Set<string>();
  for (let step = 1; step <= reach; step++) {
    direct.add(ring[(at + step) % ring.length]!);
    direct.add(ring[(at - step + ring.length) % ring.length]!);
  }
  return direct;
}
