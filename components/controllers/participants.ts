import type { PresentUser } from '../drawing/presence.js';
import type { RoomMember } from './room-session.js';

/** Someone on the board: announced by presence, known from signaling, or both. */
export interface Participant {
  /** The awareness client id: unique per open widget; null while only signaling knows them. */
  clientId: number | null;
  /** The id the server knows them by; null on a local board. */
  userId: string | null;
  name: string;
  color: string;
  local: boolean;
  /**
   * 'self' for this user; else how the drawing reaches them: a data channel between the browsers (`direct`) or
   * through a TURN server (`turn`), the server relay (`relay`), not yet (`connecting`), or not for a while
   * (`unreachable`).
   */
  state: RoomMember['state'] | 'self';
}

/** The colour of someone whose presence has not arrived (no channel yet): they have not picked one for us. */
const UNKNOWN_COLOR = '#868e96';

/**
 * One list from two sources. Presence carries the name people chose and their colour, but only over a working
 * channel; signaling knows every member of the room, including those no channel reaches.
 */
export function mergeParticipants(present: readonly PresentUser[], members: readonly RoomMember[]): Participant[] {
  const byUser = new Map(present.filter((user) => user.userId !== null).map((user) => [user.userId, user]));
  const participants: Participant[] = present
    .filter((user) => user.local)
    .map((user) => ({ ...user, state: 'self' as const }));
  const listed = new Set<number>(participants.map((p) => p.clientId!));
  for (const { peer, state } of members) {
    const user = byUser.get(peer.id);
    if (user) listed.add(user.clientId);
    participants.push({
      clientId: user?.clientId ?? null,
      userId: peer.id,
      name: user?.name ?? peer.username,
      color: user?.color ?? UNKNOWN_COLOR,
      local: false,
      state,
    });
  }
  // Present over a channel that still works while signaling is down (members are then unknown). Presence without
  // signaling can only have come over a data channel (the relay needs the server); its route is known only for
  // members, so it counts as direct.
  for (const user of present) if (!listed.has(user.clientId)) participants.push({ ...user, state: 'direct' });
  return participants;
}
