/**
 * How an open data channel reaches its peer: `direct` between the two browsers' own addresses (host or
 * STUN-discovered), `turn` when either side sends through a TURN server's relayed address.
 */
export type ChannelRoute = 'direct' | 'turn';

type StatsEntry = Readonly<Record<string, unknown>>;

const isStatsEntry = (value: unknown): value is StatsEntry & { id: string } =>
  typeof value === 'object' && value !== null && typeof (value as StatsEntry).id === 'string';

/**
 * The route of the candidate pair a connection uses now, read from its `getStats()` entries; null while none is
 * selected (or the report lacks its candidates). A pair is TURN when its local or its remote candidate is
 * `relay`: either side's allocation carries every packet.
 */
export function selectedRoute(stats: Iterable<unknown>): ChannelRoute | null {
  const byId = new Map<string, StatsEntry>();
  for (const entry of stats) if (isStatsEntry(entry)) byId.set(entry.id, entry);
  const pair = selectedPair(byId);
  if (!pair) return null;
  const candidateType = (id: unknown) => (typeof id === 'string' ? byId.get(id)?.candidateType : undefined);
  const types = [candidateType(pair.localCandidateId), candidateType(pair.remoteCandidateId)];
  if (types.some((type) => type === 'relay')) return 'turn';
  return types.every((type) => typeof type === 'string') ? 'direct' : null;
}

/**
 * The standard way is the transport's `selectedCandidatePairId` (Chromium, Safari); Firefox marks the pair
 * `selected` instead, and a pair nominated and succeeded is the one ICE settled on where neither is given.
 */
function selectedPair(byId: ReadonlyMap<string, StatsEntry>): StatsEntry | undefined {
  const entries = [...byId.values()];
  for (const transport of entries.filter((entry) => entry.type === 'transport')) {
    const id = transport.selectedCandidatePairId;
    const pair = typeof id === 'string' ? byId.get(id) : undefined;
    if (pair?.type === 'candidate-pair') return pair;
  }
  const pairs = entries.filter((entry) => entry.type === 'candidate-pair');
  return pairs.find((pair) => pair.selected === true) ?? pairs.find((pair) => pair.nominated === true && pair.state === 'succeeded');
}
