/**
 * Sixteen colours for people on a board: each at least 3:1 against white (so a cursor reads on the default board),
 * none near the grey of someone whose presence has not arrived, and far apart from one another (CIELAB ΔE ≥ 33):
 * red, blue, green, pink, azure, ochre, wine, forest, magenta, sky, teal, rose, purple, brown, indigo, olive. The
 * order puts the most different colours next to each other, so the next free one is never a near twin.
 */
export const PRESENCE_COLORS: readonly string[] = [
  '#cf1717', '#0d0df2', '#169c16', '#f425af', '#194db3', '#b38019', '#8f2447', '#335214',
  '#d125f4', '#0b95da', '#169c86', '#f4256a', '#8f29a3', '#863913', '#3333cc', '#7a9108',
];

/** Someone's claim to a presence colour, as their presence announces it. */
export interface ColorClaim {
  clientId: number;
  /** When they arrived (ms since the epoch, their clock): whoever came first keeps a colour two people want. */
  since: number;
  color: string;
}

/** The first colour a client tries: spread over the sixteen by its (random) client id. */
export function preferredColorIndex(clientId: number): number {
  // Fibonacci hashing: the top four bits of the product mix every bit of the id.
  return Math.imul(clientId >>> 0, 0x9e3779b1) >>> 28;
}

/** True when `a` came before `b`: earlier, or at the same moment with the lower client id (every peer agrees). */
export function arrivedBefore(a: Omit<ColorClaim, 'color'>, b: Omit<ColorClaim, 'color'>): boolean {
  return a.since < b.since || (a.since === b.since && a.clientId < b.clientId);
}

/**
 * This client's colour: the one it has (`current`) while no one who arrived before it holds that, else its
 * preferred one or the next free after it. Those who came later yield in turn, so no negotiation is needed: every
 * client re-picks as claims change, the first to come never moves, and colours are distinct up to sixteen people.
 */
export function pickPresenceColor(self: Omit<ColorClaim, 'color'>, others: readonly ColorClaim[], current?: string): string {
  const taken = new Set(others.filter((other) => other.clientId !== self.clientId && arrivedBefore(other, self)).map((other) => other.color));
  // Kept while free: a colour does not change under someone because a person who had it left.
  if (current !== undefined && PRESENCE_COLORS.includes(current) && !taken.has(current)) return current;
  const first = preferredColorIndex(self.clientId);
  for (let step = 0; step < PRESENCE_COLORS.length; step++) {
    const color = PRESENCE_COLORS[(first + step) % PRESENCE_COLORS.length]!;
    if (!taken.has(color)) return color;
  }
  // More than sixteen people: colours repeat.
  return PRESENCE_COLORS[first]!;
}
