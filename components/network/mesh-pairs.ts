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

/** What a new plan changes: pairs that stop being direct, and pairs that start, with whether this side offers. */
export interface PlanChange {
  dropped: string[];
  added: Array<{ peerId: string; offer: boolean }>;
}

/**
 * One browser's view of which of its room's pairs are direct, kept as members come and go. Until the server has
 * said how many connections a browser may hold, nothing is decided (every peer may be direct).
 */
export class MeshPlan {
  private meshPeers: number | null = null;
  private direct: Set<string> | null = null;
  /** Who the server said offers, for pairs not direct yet: used once, when the pair first becomes direct. */
  private readonly announcedOffers = new Map<string, boolean>();

  /** The size the server gave, once it has (POST /:roomId/join). */
  get size(): number | null {
    return this.meshPeers;
  }

  setSize(meshPeers: number): void {
    this.meshPeers = meshPeers;
  }

  /** Whether the pair with `peerId` is direct; true while undecided, so the mesh starts the way it always did. */
  isDirect(peerId: string): boolean {
    return this.direct === null || this.direct.has(peerId);
  }

  /** Whether the pair is decided to go through the relay. */
  isBeyond(peerId: string): boolean {
    return this.direct !== null && !this.direct.has(peerId);
  }

  /** The server announced the peer (add-peer), saying which side offers. */
  announce(peerId: string, offer: boolean): void {
    this.announcedOffers.set(peerId, offer);
  }

  forget(peerId: string): void {
    this.announcedOffers.delete(peerId);
  }

  /** Forgets every peer and every decision (leaving the room, or a new identity); the size stays. */
  reset(): void {
    this.direct = null;
    this.announcedOffers.clear();
  }

  /**
   * The plan for the room as it is now. A pair that becomes direct is offered by the side the server told to
   * offer; failing that (the pair was direct before, or announced long ago and used), by the higher id, as the
   * mesh's replacements are, so the two sides never wait for each other.
   */
  replan(localId: string, memberIds: Iterable<string>): PlanChange {
    if (this.meshPeers === null) return { dropped: [], added: [] };
    const before = this.direct;
    const direct = directPeerIds(localId, memberIds, this.meshPeers);
    this.direct = direct;
    const dropped = before === null ? [] : [...before].filter((peerId) => !direct.has(peerId));
    const added = [...direct]
      .filter((peerId) => before === null || !before.has(peerId))
      .map((peerId) => {
        const offer = this.announcedOffers.get(peerId) ?? localId > peerId;
        this.announcedOffers.delete(peerId);
        return { peerId, offer };
      });
    return { dropped, added };
  }
}
