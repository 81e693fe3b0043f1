import type { Member } from '../../protocol/signaling.js';

// The events a room registry announces, defined once: the in-memory registry sends them as they are, and the
// Redis scripts build their JSON from these same builders (scripts.ts, luaJson), with Lua values in the slots.
// Generic in the peer only so that a script can put a slot where the member record goes.

/**
 * For member `to`: `peer` joined `roomId`; `offer` tells the receiver whether it makes the WebRTC offer (the
 * joiner does).
 */
export const addPeer = <Peer = Member>(to: string, peer: Peer, roomId: string, offer: boolean) => ({
  event: 'add-peer' as const,
  data: { to, peer, roomId, offer },
});

/** For member `to`: `peer` left `roomId`. Every member who remains hears it. */
export const removePeer = <Peer = Member>(to: string, peer: Peer, roomId: string) => ({
  event: 'remove-peer' as const,
  data: { to, peer, roomId },
});
