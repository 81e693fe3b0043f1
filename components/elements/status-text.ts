import type { Participant } from '../controllers/participants.js';
import type { RoomStatus } from '../controllers/room-session.js';

/** What the status line says: where signaling is, how many peers the drawing reaches, and who it cannot. */
export function statusText(status: RoomStatus, reason: string, peers: number, participants: readonly Participant[]): string {
  const count = `${peers} ${peers === 1 ? 'peer' : 'peers'}`;
  switch (status) {
    case 'local':
      return 'Local board (no server-url)';
    case 'refused':
      return `${reason} · drawing stays on this page`;
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return `Connected · ${count}${relayedText(participants)}${unreachableText(participants)}`;
    case 'reconnecting':
      return peers > 0 ? `Reconnecting… · still drawing with ${count}` : 'Reconnecting… · your drawing is kept';
    case 'offline':
      return 'Offline · your drawing is kept and shared when you are back';
  }
}

/** " (2 through the server)" when the server relay carries the drawing to some peers. */
function relayedText(participants: readonly Participant[]): string {
  const relayed = participants.filter((p) => p.state === 'relay').length;
  return relayed === 0 ? '' : ` (${relayed} through the server)`;
}

/** " · Can't reach Ada and Bob" when some members of the room have no working connection. */
function unreachableText(participants: readonly Participant[]): string {
  const names = participants.filter((p) => p.state === 'unreachable').map((p) => p.name);
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return ` · Can't reach ${list}`;
}
