// What the signaling session and a widget's room signaling told their owners, recorded for tests to compare.
import type { AccessGrant, Member, ServerEvents, User } from '../../protocol/signaling.js';
import type { MemberEvent, SessionHandlers, SignalingStatus } from '../../components/network/signaling-session.js';
import type { RoomSignalingHandlers } from '../../components/network/room-signaling.js';
import type { Refusal } from '../../components/network/server-refusal.js';

/** Everything the session told its owner, in order. */
export class RecordedSessionHandlers implements SessionHandlers {
  readonly statuses: SignalingStatus[] = [];
  readonly errors: string[] = [];
  readonly refusals: Refusal[] = [];
  readonly connections: User[] = [];
  readonly newIdentities: User[] = [];
  readonly accesses: AccessGrant[] = [];
  readonly events: MemberEvent[] = [];

  onConnected(user: User): void {
    this.connections.push(user);
  }
  onNewIdentity(user: User): void {
    this.newIdentities.push(user);
  }
  onAccess(access: AccessGrant): void {
    this.accesses.push(access);
  }
  onEvent(event: MemberEvent): void {
    this.events.push(event);
  }
  onStatus(status: SignalingStatus): void {
    this.statuses.push(status);
  }
  onRefused(refusal: Refusal): void {
    this.refusals.push(refusal);
  }
  onError(message: string): void {
    this.errors.push(message);
  }
}

/** Everything a widget's room signaling told it, in order. */
export class RecordedRoomHandlers implements RoomSignalingHandlers {
  readonly statuses: SignalingStatus[] = [];
  readonly errors: string[] = [];
  readonly refusals: Refusal[] = [];
  readonly joins: Array<{ member: Member; roomId: string; meshPeers: number }> = [];
  newIdentities = 0;
  readonly addedPeers: Array<ServerEvents['add-peer']> = [];
  readonly removedPeers: Array<ServerEvents['remove-peer']> = [];
  readonly descriptions: Array<ServerEvents['session-description']> = [];
  readonly candidates: Array<ServerEvents['ice-candidate']> = [];
  readonly frames: Array<ServerEvents['frames']> = [];

  onJoined(member: Member, roomId: string, meshPeers: number): void {
    this.joins.push({ member, roomId, meshPeers });
  }
  onNewIdentity(): void {
    this.newIdentities++;
  }
  onAddPeer(event: ServerEvents['add-peer']): void {
    this.addedPeers.push(event);
  }
  onRemovePeer(event: ServerEvents['remove-peer']): void {
    this.removedPeers.push(event);
  }
  onSessionDescription(event: ServerEvents['session-description']): void {
    this.descriptions.push(event);
  }
  onIceCandidate(event: ServerEvents['ice-candidate']): void {
    this.candidates.push(event);
  }
  onFrames(event: ServerEvents['frames']): void {
    this.frames.push(event);
  }
  onStatus(status: SignalingStatus): void {
    this.statuses.push(status);
  }
  onRefused(refusal: Refusal): void {
    this.refusals.push(refusal);
  }
  onError(message: string): void {
    this.errors.push(message);
  }

  /** Every event this widget was handed, of any kind. */
  get events(): number {
    return this.addedPeers.length + this.removedPeers.length + this.descriptions.length + this.candidates.length + this.frames.length;
  }
}
