import type { AccessGrant } from '../../protocol/signaling.js';
import type { Cancel } from './clock.js';
import type { SignalingStatus } from './reconnect-machine.js';
import type { Refusal } from './server-refusal.js';
import type { MemberEvent } from './signaling-session.js';
import type { SignalingHttp } from './signaling-http.js';

/** Where the browser's session stands, as every widget of every tab sees it. */
export interface SessionView {
  /** null until the session said anything (a tab waiting to hear from the one that leads). */
  status: SignalingStatus | 'refused' | null;
  /** The token every widget's requests use: one user for the whole browser. */
  access: AccessGrant | null;
  /** Changes each time the event stream (re)opens, and is null while it is not open: members join on each. */
  epoch: string | null;
  /** Set with status 'refused'. */
  refusal: Refusal | null;
}

export interface SessionListener {
  onChange(view: SessionView): void;
  /** An event for one of the user's members: each widget takes those addressed `to` it. */
  onEvent(event: MemberEvent): void;
  onError(message: string): void;
  /** Members of a tab of this browser that closed (they may have left while no stream could hear it). */
  onMembersGone(memberIds: readonly string[]): void;
}

/** Where a widget is a member: what a tab that takes over needs to make it leave once its own tab is gone. */
export interface MemberPlace {
  roomId: string;
  memberKey: string;
}

/**
 * The browser's one signaling session, as a widget uses it: the shared token and stream, the server's API to
 * make its own requests with, and word of changes. Subscribing starts it; the last unsubscribe ends it.
 */
export interface SharedSession {
  readonly http: SignalingHttp;
  readonly view: SessionView;
  subscribe(listener: SessionListener): Cancel;
  /** The widget is a member at `place` (or no longer, with null): kept so it leaves even if its tab dies. */
  setPlace(listener: SessionListener, place: MemberPlace | null): void;
  /**
   * A request made with `token` was answered 401: resolves with the token to try once more with (renewed, or
   * renewed meanwhile by another tab), or null when there is none.
   */
  renewAfterRefusal(token: string): Promise<AccessGrant | null>;
  /** The name later tokens are asked for under. */
  setUsername(username: string): void;
}
