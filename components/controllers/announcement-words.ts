import { USERNAME_MAX_LENGTH } from '../../protocol/signaling.js';
import type { BoardNews } from '../drawing/board-news.js';
import type { Participant } from './participants.js';

/** "Ada cleared the board", "Ada restored 3 items", "Ada restored a saved version". */
export function newsInWords(news: BoardNews): string {
  const who = nameOf(news.by);
  if (news.kind === 'cleared') return `${who} cleared the board`;
  if (news.of === 'version') return `${who} restored a saved version`;
  return `${who} restored ${news.count} ${news.count === 1 ? 'item' : 'items'}`;
}

/**
 * Who joined and who left, from one participant list to the next: "Ada joined", "Ada left". Only people whose
 * presence arrived (their own name) count, never this user, and people who were here before this user are not
 * announced as joining.
 */
export class ParticipantNews {
  /** Everyone seen so far, by member id (or client id on a board without a server), with their latest name. */
  private readonly known = new Map<string, string>();

  constructor(private readonly arrivedAfterMe: (clientId: number) => boolean) {}

  /** What changed since the last list, in words. */
  update(participants: readonly Participant[]): string[] {
    const messages: string[] = [];
    const present = new Set<string>();
    for (const participant of participants) {
      if (participant.local) continue;
      const key = participant.userId ?? `client ${participant.clientId}`;
      present.add(key);
      // Known from signaling alone: the name and the arrival come with presence.
      if (participant.clientId === null && !this.known.has(key)) continue;
      if (!this.known.has(key) && this.arrivedAfterMe(participant.clientId!)) messages.push(`${nameOf(participant.name)} joined`);
      this.known.set(key, participant.name);
    }
    for (const [key, name] of this.known) {
      if (present.has(key)) continue;
      this.known.delete(key);
      messages.push(`${nameOf(name)} left`);
    }
    return messages;
  }
}

function nameOf(name: string): string {
  return name.trim().slice(0, USERNAME_MAX_LENGTH) || 'Someone';
}
