import type { Member, RelayEvent, ServerEvents } from '../../protocol/signaling.js';
import type { RoomCipher } from './room-cipher.js';
import { openSignal, plainSignal, signalRefusalText, type OpenedSignal } from './sealed-signals.js';
import type { MemberEvent } from './signaling-session.js';

/** Where a member's events go once taken in: what RoomSignaling's owner (the room session) is told. */
export interface InboxHandlers {
  onAddPeer(event: ServerEvents['add-peer']): void;
  onRemovePeer(event: ServerEvents['remove-peer']): void;
  onSessionDescription(event: ServerEvents['session-description']): void;
  onIceCandidate(event: ServerEvents['ice-candidate']): void;
  /** Drawing frames a peer sent through the server relay (POST /frames). */
  onFrames?(event: ServerEvents['frames']): void;
  /** A peer's signaling did not open under the room key (or came unsealed): `why`, in words. */
  onUnreadable?(peer: Member, why: string): void;
}

/**
 * The events addressed to one member, handed on in the order they came: session descriptions and ICE candidates
 * opened under the room key first (or refused), and the peers the server announced kept, so a remove-peer for one
 * already gone is not passed on twice.
 */
export class MemberInbox {
  /** The peers the server announced and has not said are gone. */
  private readonly knownPeers = new Map<string, Member>();
  // What peers relayed is opened one after another: a candidate must never overtake its offer.
  private incoming: Promise<void> = Promise.resolve();

  constructor(
    private readonly roomId: string,
    private readonly cipher: RoomCipher | null,
    private readonly handlers: InboxHandlers,
    /** False once the widget stopped: nothing more is handed on. */
    private readonly isOpen: () => boolean,
  ) {}

  take(event: MemberEvent): void {
    // With a room key, signaling takes a moment to open: every event then waits its turn, so none overtakes another
    // (a remove-peer its peer's last offer, a candidate its offer). Without one, each is handled as it comes.
    if (this.cipher) this.incoming = this.incoming.then(() => this.dispatch(event));
    else void this.dispatch(event);
  }

  /**
   * Members of a tab of this browser that closed (`to` is this member): their remove-peer may have gone to the
   * stream that closed with it, so the tab that took the stream over says so.
   */
  membersGone(memberIds: readonly string[], to: string): void {
    for (const id of memberIds) {
      const peer = this.knownPeers.get(id);
      if (!peer) continue;
      this.knownPeers.delete(id);
      this.handlers.onRemovePeer({ to, peer, roomId: this.roomId });
    }
  }

  /** The member has a new id (a new user): the peers announced to the old one are no longer ours to remove. */
  forgetPeers(): void {
    this.knownPeers.clear();
  }

  /** Hands `event` on; a promise only while a signal is being opened under the room key. */
  private dispatch(event: MemberEvent): Promise<void> | undefined {
    if (!this.isOpen()) return undefined;
    switch (event.event) {
      case 'add-peer': {
        const added = event.data as ServerEvents['add-peer'];
        this.knownPeers.set(added.peer.id, added.peer);
        this.handlers.onAddPeer(added);
        return undefined;
      }
      case 'remove-peer': {
        const removed = event.data as ServerEvents['remove-peer'];
        // Already gone by a closed tab's word (membersGone), or never announced here: nothing to remove.
        if (this.knownPeers.delete(removed.peer.id)) this.handlers.onRemovePeer(removed);
        return undefined;
      }
      case 'session-description':
        return this.receiveSignal('session-description', event.data as ServerEvents['session-description'], (opened) => this.handlers.onSessionDescription(opened));
      case 'ice-candidate':
        return this.receiveSignal('ice-candidate', event.data as ServerEvents['ice-candidate'], (opened) => this.handlers.onIceCandidate(opened));
      case 'frames':
        this.handlers.onFrames?.(event.data as ServerEvents['frames']);
        return undefined;
    }
  }

  /**
   * A peer's session description or ICE candidate, handed on once opened under the room key (at once without one).
   * One that does not open is dropped and said: its DTLS fingerprint is then not one our peer sealed, and no
   * connection is made on it.
   */
  private receiveSignal<Signal extends ServerEvents['session-description'] | ServerEvents['ice-candidate']>(
    name: RelayEvent,
    signal: Signal,
    handOn: (opened: Signal) => void,
  ): Promise<void> | undefined {
    const settle = (opened: OpenedSignal) => {
      if (!this.isOpen()) return;
      if ('refused' in opened) this.handlers.onUnreadable?.(signal.peer, signalRefusalText(opened.refused));
      else handOn({ ...signal, data: opened.data });
    };
    if (!this.cipher) {
      settle(plainSignal(signal.data));
      return undefined;
    }
    return openSignal(this.cipher, { roomId: this.roomId, from: signal.peer.id, to: signal.to, event: name }, signal.data).then(settle);
  }
}
