import type { Participant } from '../controllers/participants.js';
import type { RoomStatus } from '../controllers/room-session.js';
import { listInWords } from '../controllers/version-words.js';

/**
 * What the status line says: where signaling is, how many peers the drawing reaches, who it cannot, how many
 * changes made here no peer holds yet, and whether the server stopped saving the board as too large.
 */
export function statusText(
  status: RoomStatus,
  reason: string,
  peers: number,
  participants: readonly Participant[],
  unreadable: readonly string[] = [],
  unsynced = 0,
  tooLargeToSave = false,
): string {
  return connectionText(status, reason, peers, participants, unreadable) + unsyncedText(unsynced) + (tooLargeToSave ? TOO_LARGE_TEXT : '');
}

/** Once the server refused the board as past its MAX_ROOM_BYTES: what is drawn from then on stays on this device. */
const TOO_LARGE_TEXT = ' · This board is too large to save on the server';

function connectionText(status: RoomStatus, reason: string, peers: number, participants: readonly Participant[], unreadable: readonly string[]): string {
  const count = `${peers} ${peers === 1 ? 'peer' : 'peers'}`;
  switch (status) {
    case 'local':
      return 'Local board (no server-url)';
    case 'refused':
      return `${reason} · drawing stays on this page`;
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return `Connected · ${count}${indirectText(participants)}${unreachableText(participants)}${unreadableText(unreadable)}`;
    case 'reconnecting':
      return peers > 0 ? `Reconnecting… · still drawing with ${count}` : 'Reconnecting… · your drawing is kept';
    case 'offline':
      return 'Offline · your drawing is kept and shared when you are back';
  }
}

/**
 * " (1 through TURN, 2 through the server)" when some peers are not reached directly: a TURN server or the server
 * relay carries the drawing to them. Peers reached directly are the rest of the count.
 */
function indirectText(participants: readonly Participant[]): string {
  const count = (state: Participant['state']) => participants.filter((p) => p.state === state).length;
  const ways = [
    [count('turn'), 'through TURN'],
    [count('relay'), 'through the server'],
  ] as const;
  const said = ways.filter(([peers]) => peers > 0).map(([peers, way]) => `${peers} ${way}`);
  return said.length === 0 ? '' : ` (${said.join(', ')})`;
}

/** " · Can't reach Ada and Bob" when some members of the room have no working connection. */
function unreachableText(participants: readonly Participant[]): string {
  const names = participants.filter((p) => p.state === 'unreachable').map((p) => p.name);
  return names.length === 0 ? '' : ` · Can't reach ${listInWords(names)}`;
}

/** " · Can't open messages from Eve (different room key?)" when some peers' messages do not open under the room key. */
function unreadableText(names: readonly string[]): string {
  return names.length === 0 ? '' : ` · Can't open messages from ${listInWords(names)} (different room key?)`;
}

/** " · 3 changes not shared yet" while some changes made here have reached no peer. */
function unsyncedText(count: number): string {
  if (count === 0) return '';
  return ` · ${count} ${count === 1 ? 'change' : 'changes'} not shared yet`;
}
