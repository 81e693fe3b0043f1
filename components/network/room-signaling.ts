import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import type { FramesBatch, FramesReceipt } from '../../protocol/relay-frames.js';
import { randomId } from '../../protocol/random-id.js';
import { memberIdOf, type Member, type RelayEvent } from '../../protocol/signaling.js';
import { systemClock, type Cancel, type Clock } from './clock.js';
import { messageOf, type SignalingStatus } from './reconnect-machine.js';
import { nextRetryDelay, requestedRetryDelay } from './reconnect-timing.js';
import { refusalOf, requestedWaitMs, type Refusal } from './server-refusal.js';
import type { SessionListener, SessionView, SharedSession } from './shared-session.js';
import { ServerAnswerError } from './signaling-http.js';
import { RoomHistoryHttp, type EntriesPage } from './room-history-http.js';
import type { SnapshotInfo } from '../../protocol/room-entries.js';
import type { MemberEvent } from './signaling-session.js';
import type { RoomCipher } from './room-cipher.js';
import { sealSignal } from './sealed-signals.js';
import { MemberInbox, type InboxHandlers } from './member-inbox.js';

export interface RoomSignalingHandlers extends InboxHandlers {
  /**
   * The room is joined as `member`; the server allows `meshPeers` direct connections per browser (MAX_MESH_PEERS),
   * and keeps boards when `storage`.
   */
  onJoined(member: Member, roomId: string, meshPeers: number, storage: boolean): void;
  /** The browser's user changed (the server no longer accepted its token): this widget is a new member. */
  onNewIdentity(): void;
  onStatus(status: SignalingStatus): void;
  /** The server refused this widget for a reason retrying cannot fix (room full, invalid room id or name): it stopped. */
  onRefused(refusal: Refusal): void;
  onError(message: string): void;
}

export interface RoomSignalingOptions {
  session: SharedSession;
  roomId: string;
  username: string;
  handlers: RoomSignalingHandlers;
  clock?: Clock;
  /** A draw in [0, 1) for the jitter of each wait. */
  random?: () => number;
  /**
   * Awaited before each join: the ICE server list is fetched then, so the connections to the peers the join
   * announces start with it. It must not reject.
   */
  beforeJoin?: () => Promise<void>;
  /** The room key's cipher: signaling payloads cross the server sealed. Absent: as plain JSON (no room key). */
  cipher?: RoomCipher | null;
}

/**
 * One widget's part in the browser's signaling session: it joins its room as a member of its own each time the
 * shared stream opens, takes the events addressed to it, and makes its requests (relays, frames, ICE servers)
 * with the shared token. Its status is the session's, but 'connected' only once its room is joined.
 */
export class RoomSignaling implements SessionListener {
  /** Kept for the widget's life: joins after a reconnect are the same member, so peers keep their connections. */
  readonly memberKey = randomId();
  private running = false;
  private refused = false;
  /** The stream opening this widget joined on; a new one needs a new join. */
  private joinedEpoch: string | null = null;
  private joining: string | null = null;
  private everJoined = false;
  private failures = 0;
  private userId: string | null = null;
  private reportedStatus: SignalingStatus | null = null;
  private username: string;
  private unsubscribe: Cancel = noop;
  private cancelRetry: Cancel = noop;
  // Relays are sent one after another so a peer never gets an ICE candidate before its offer.
  private relayQueue: Promise<void> = Promise.resolve();
  /** Seals what this widget relays and opens what peers relay (the room has a key); null: plain JSON. */
  private readonly cipher: RoomCipher | null;
  /** The events addressed to this member, handed on in order. */
  private readonly inbox: MemberInbox;
  private readonly session: SharedSession;
  private readonly roomId: string;
  private readonly handlers: RoomSignalingHandlers;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly beforeJoin: () => Promise<void>;

  constructor(options: RoomSignalingOptions) {
    this.session = options.session;
    this.roomId = options.roomId;
    this.username = options.username;
    this.handlers = options.handlers;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.beforeJoin = options.beforeJoin ?? (() => Promise.resolve());
    this.cipher = options.cipher ?? null;
    this.inbox = new MemberInbox(this.roomId, this.cipher, this.handlers, () => this.running);
  }

  /** This widget's member id while the session has a user: what peers address it by. */
  get memberId(): string | null {
    const userId = this.session.view.access?.user.id;
    return userId ? memberIdOf(userId, this.memberKey) : null;
  }

  /** The name shown in the room from the next join on; the others see a new name through presence at once. */
  setUsername(username: string): void {
    this.username = username;
    this.session.setUsername(username);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.session.setUsername(this.username);
    this.unsubscribe = this.session.subscribe(this);
    this.onChange(this.session.view);
  }

  /** Leaves the room and the session for good, leaving nothing scheduled. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelRetry();
    const access = this.session.view.access;
    if (this.joinedEpoch !== null && access) {
      // Another tab may keep the stream (and so this membership) alive: say it is over.
      this.session.http.leave(this.roomId, access.token, { member: this.memberKey }, true).catch(noop);
    }
    this.joinedEpoch = null;
    this.session.setPlace(this, null);
    this.unsubscribe();
    this.unsubscribe = noop;
  }

  onChange(view: SessionView): void {
    if (!this.running) return;
    if (view.status === 'refused' && view.refusal) return this.refuse(view.refusal);
    const userId = view.access?.user.id ?? null;
    if (this.userId !== null && userId !== null && userId !== this.userId) {
      this.joinedEpoch = null;
      this.inbox.forgetPeers();
      this.handlers.onNewIdentity();
    }
    if (userId !== null) this.userId = userId;
    if (view.epoch === null) {
      this.joinedEpoch = null;
      this.cancelRetry();
    } else if (view.epoch !== this.joinedEpoch && view.epoch !== this.joining) {
      void this.join(view.epoch);
    }
    this.reportStatus();
  }

  onEvent(event: MemberEvent): void {
    if (this.running && event.data.to === this.memberId) this.inbox.take(event);
  }

  onError(message: string): void {
    if (this.running) this.handlers.onError(message);
  }

  /** Members of a tab of this browser that closed: the tab that took the stream over says so. */
  onMembersGone(memberIds: readonly string[]): void {
    const to = this.memberId;
    if (this.running && to) this.inbox.membersGone(memberIds, to);
  }

  relay(peerId: string, event: RelayEvent, data: object): Promise<void> {
    const send = async () => {
      const from = this.memberId;
      if (!this.running || !from) return;
      const payload = this.cipher ? await sealSignal(this.cipher, { roomId: this.roomId, from, to: peerId, event }, data) : data;
      await this.withToken((token) => this.session.http.relay(token, peerId, event, { from, data: payload }));
    };
    this.relayQueue = this.relayQueue.then(send).catch((error: unknown) => {
      const detail = error instanceof ServerAnswerError ? error.detail : messageOf(error);
      this.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${detail}`);
    });
    return this.relayQueue;
  }

  /** POST /frames as this member. */
  async sendFrames(upload: FramesBatch): Promise<FramesReceipt> {
    const from = this.memberId;
    // Not waiting for this widget's own join answer: a peer announced by add-peer is in the room already (the
    // server announces during the join), and while the stream is being reopened the membership lasts (the leave
    // grace), so the frames can go.
    if (!this.running || !from) throw new Error('not connected to the server');
    return this.withToken((token) => this.session.http.frames(token, { ...upload, from }));
  }

  /** The room's stored board, as this member (it must have joined): GET /:roomId/entries after `after`, one page. */
  readEntries(after: number): Promise<EntriesPage> {
    return this.withToken((token) => this.history.read(this.roomId, token, this.memberKey, after));
  }

  /** POST /:roomId/entries as this member: answers the entry's seq; `keepalive` for a flush as the page goes. */
  appendEntry(data: Uint8Array, keepalive = false): Promise<number> {
    return this.withToken((token) => this.history.append(this.roomId, token, this.memberKey, data, keepalive));
  }

  /** POST /:roomId/compact as this member. */
  compactEntries(upto: number, data: Uint8Array): Promise<void> {
    return this.withToken((token) => this.history.compact(this.roomId, token, this.memberKey, upto, data));
  }

  /** GET /:roomId/snapshots as this member: the kept snapshots, newest first. */
  listSnapshots(): Promise<SnapshotInfo[]> {
    return this.withToken((token) => this.history.snapshots(this.roomId, token, this.memberKey));
  }

  /** GET /:roomId/snapshots/:seq as this member: its bytes as stored. */
  readSnapshot(seq: number): Promise<SnapshotInfo & { data: Uint8Array }> {
    return this.withToken((token) => this.history.snapshot(this.roomId, token, this.memberKey, seq));
  }

  private get history(): RoomHistoryHttp {
    return new RoomHistoryHttp(this.session.http);
  }

  /** GET /ice-servers: the STUN and TURN servers, with TURN credentials for this browser's user. */
  async iceServers(): Promise<IceServersAnswer> {
    try {
      return await this.withToken((token) => this.session.http.iceServers(token));
    } catch (error) {
      const detail = error instanceof ServerAnswerError ? error.detail : messageOf(error);
      throw new Error(`GET /ice-servers from ${this.session.http.baseUrl} failed: ${detail}`, { cause: error });
    }
  }

  /** Runs `request` with the shared token; once more with a renewed one when it was answered 401. */
  private async withToken<T>(request: (token: string) => Promise<T>): Promise<T> {
    const access = this.session.view.access;
    if (!access) throw new Error('not connected to the server yet');
    try {
      return await request(access.token);
    } catch (error) {
      if (!(error instanceof ServerAnswerError && error.status === 401)) throw error;
      const renewed = await this.session.renewAfterRefusal(access.token);
      if (!renewed) throw error;
      return request(renewed.token);
    }
  }

  /** Joins on stream opening `epoch`; a failure that retrying can fix is tried again after the backoff. */
  private async join(epoch: string): Promise<void> {
    this.cancelRetry();
    this.joining = epoch;
    await this.beforeJoin().catch((error: unknown) => this.handlers.onError(messageOf(error)));
    const current = () => this.running && this.session.view.epoch === epoch;
    if (!current()) return this.joinSettled(epoch);
    let answer: { member: Member; meshPeers: number; storage: boolean };
    try {
      answer = await this.withToken((token) => this.session.http.join(this.roomId, token, { member: this.memberKey, username: this.username }));
    } catch (error) {
      this.joinSettled(epoch);
      if (current()) this.joinFailed(epoch, error);
      return;
    }
    this.joinSettled(epoch);
    if (!current()) return;
    this.joinedEpoch = epoch;
    this.everJoined = true;
    this.failures = 0;
    this.session.setPlace(this, { roomId: this.roomId, memberKey: this.memberKey });
    this.reportStatus();
    this.handlers.onJoined(answer.member, this.roomId, answer.meshPeers, answer.storage);
  }

  private joinSettled(epoch: string): void {
    if (this.joining === epoch) this.joining = null;
  }

  private joinFailed(epoch: string, error: unknown): void {
    const refusal = refusalOf(error);
    if (refusal) {
      this.handlers.onError(`${refusal.reason} (${messageOf(error)})`);
      return this.refuse(refusal);
    }
    this.handlers.onError(`cannot join room ${this.roomId}: ${messageOf(error)}`);
    const requested = requestedWaitMs(error);
    const delay = requested === null ? nextRetryDelay(this.failures, this.random()) : requestedRetryDelay(requested, this.random());
    this.failures++;
    this.cancelRetry = this.clock.schedule(() => {
      this.cancelRetry = noop;
      if (this.running && this.session.view.epoch === epoch && this.joinedEpoch !== epoch) void this.join(epoch);
    }, delay);
  }

  private refuse(refusal: Refusal): void {
    if (this.refused) return;
    this.refused = true;
    this.stop();
    this.handlers.onRefused(refusal);
  }

  /** The session's status, but 'connected' only once this widget's room is joined. */
  private reportStatus(): void {
    const { status, epoch } = this.session.view;
    let mine: SignalingStatus | null;
    if (status === 'connected') mine = epoch !== null && this.joinedEpoch === epoch ? 'connected' : this.everJoined ? 'reconnecting' : 'connecting';
    else if (status === null || status === 'connecting') mine = this.everJoined ? 'reconnecting' : 'connecting';
    else if (status === 'refused') mine = null;
    else mine = status;
    if (mine === null || mine === this.reportedStatus) return;
    this.reportedStatus = mine;
    this.handlers.onStatus(mine);
  }
}

const noop = () => {};
