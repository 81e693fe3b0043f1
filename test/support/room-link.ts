import { randomBytes } from 'node:crypto';

// The server's room page opens a room only with its key in the fragment (`/<roomId>#key=…`); without one it shows
// "This link has no key" and joins nothing. Tests open room pages through this link, as people do with a shared one.

const keysByRoom = new Map<string, string>();

/** The room key tests use for `roomId`: 32 random bytes as base64url, made once, the same for every page of it. */
export function roomKeyFor(roomId: string): string {
  let key = keysByRoom.get(roomId);
  if (key === undefined) {
    key = randomBytes(32).toString('base64url');
    keysByRoom.set(roomId, key);
  }
  return key;
}

/** The full link to `roomId` on the server at `serverUrl`, key included: every page opened with it joins one room. */
export function roomLink(serverUrl: string, roomId: string): string {
  return `${serverUrl}/${roomId}#key=${roomKeyFor(roomId)}`;
}
