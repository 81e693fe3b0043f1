import { memberIdOf, type AccessGrant } from '../../protocol/signaling.js';
import { randomId } from '../../protocol/random-id.js';
import { systemClock, type Cancel, type Clock, type Connectivity } from './clock.js';
import { messageOf } from './reconnect-machine.js';
import type { MemberPlace, SessionListener, SessionView, SharedSession } from './shared-session.js';
import { ServerAnswerError, SignalingHttp, type Fetch } from './signaling-http.js';
import { SignalingSession, absoluteServerUrl, type MemberEvent } from './signaling-session.js';
import type { EventSourceFactory } from './signaling-stream.js';
import { tabMessageOf, type TabMessage } from './tab-messages.js';
import { browserTabNetwork, type Release, type TabChannel, type TabNetwork } from './tab-network.js';

/** How long a tab waits for the leader to renew a token that was refused, before it gives up on the request. */
const RENEWAL_WAIT_MS = 5000;

const NOT_STARTED: SessionView = { status: null, access: null, epoch: null, refusal: null };

export interface BrowserSessionOptions {
  serverUrl: string;
  /** BroadcastChannel and Web Locks; null: this page's widgets share a session of their own. */
  tabs: TabNetwork | null;
  /** What the browser gives, unless a test stands in for the server, the network or time. */
  fetch?: Fetch;
  EventSource?: EventSourceFactory;
  clock?: Clock;
  connectivity?: Connectivity;
  random?: () => number;
}

/**
 * One signaling session for every widget of a browser that talks to one server: one token, one user, one event
 * stream, so tabs and widgets have no limit of 6 connections an origin. The widgets of a page share this object;
 * the tabs of the browser share the session through `tabs`: the tab holding the leader lock runs it and posts
 * its state and events to the others, which make their own requests with the token it hands out. When that tab
 * closes, the next in the lock's queue takes over with the same token (the same user), and makes the closed
 * tab's members leave their rooms.
 */
export class BrowserSession implements SharedSession {
  readonly http: SignalingHttp;
  view: SessionView = NOT_STARTED;
  private readonly listeners = new Map<SessionListener, MemberPlace | null>();
  private username = '';
  /** This tab's id among the tabs, new each time it begins to share. */
  private tab = '';
  /** Set while this tab runs the session. */
  private leading: SignalingSession | null = null;
  private epochs = 0;
  private channel: TabChannel | null = null;
  /** Ends this tab's turn: its place in the leader queue, its locks and its watches of other tabs. */
  private ending: AbortController | null = null;
  private readonly releases: Release[] = [];
  /** Every other tab's members, as they last said: the leader makes them leave once their tab is gone. */
  private readonly membersOfTabs = new Map<string, MemberPlace[]>();
  private readonly watchedTabs = new Set<string>();
  /** Closed tabs' members to take out of their rooms once this tab's stream is open. */
  private readonly leavesWaiting: MemberPlace[] = [];
  /** Tabs whose lock this tab got: gone for good, so what they said before going is news no more. */
  private readonly goneTabs = new Set<string>();
  private readonly serverUrl: string;
  private readonly clock: Clock;

  constructor(private readonly options: BrowserSessionOptions) {
    this.serverUrl = absoluteServerUrl(options.serverUrl);
    this.http = new SignalingHttp(this.serverUrl, options.fetch ?? ((url, init) => fetch(url, init)));
    this.clock = options.clock ?? systemClock;
  }

  subscribe(listener: SessionListener): Cancel {
    if (this.listeners.has(listener)) return () => this.unsubscribe(listener);
    this.listeners.set(listener, null);
    if (this.listeners.size === 1) this.begin();
    else listener.onChange(this.view);
    return () => this.unsubscribe(listener);
  }

  setPlace(listener: SessionListener, place: MemberPlace | null): void {
    if (!this.listeners.has(listener)) return;
    this.listeners.set(listener, place);
    this.sayMembers();
  }

  setUsername(username: string): void {
    this.username = username;
    this.leading?.setUsername(username);
  }

  async renewAfterRefusal(token: string): Promise<AccessGrant | null> {
    if (this.leading) return this.leading.renewAfterRefusal(token);
    const current = this.view.access;
    if (current && current.token !== token) return current;
    if (!this.channel) return null;
    this.post({ kind: 'renew', token });
    return new Promise((resolve) => {
      const done = (access: AccessGrant | null) => {
        cancelWait();
        stopListening();
        resolve(access);
      };
      const cancelWait = this.clock.schedule(() => done(null), RENEWAL_WAIT_MS);
      const stopListening = this.subscribe({
        onChange: (view) => {
          if (view.access && view.access.token !== token) done(view.access);
        },
        onEvent: () => {},
        onError: () => {},
        onMembersGone: () => {},
      });
    });
  }

  private unsubscribe(listener: SessionListener): void {
    if (!this.listeners.delete(listener)) return;
    if (this.listeners.size === 0) this.end();
    else this.sayMembers();
  }

  /** The first widget subscribed: take a place among the tabs (or lead at once, alone). */
  private begin(): void {
    this.tab = randomId();
    const tabs = this.options.tabs;
    if (!tabs) return this.lead();
    const ending = new AbortController();
    this.ending = ending;
    const name = `draw-room:${this.serverUrl}`;
    this.channel = tabs.channel(name, (message) => this.receive(message));
    // This tab's lock is held as long as it shares the session: the leader learns of its end by getting it.
    // A lock granted just as this turn ended (the abort comes too late once it is granted) is let go at once:
    // leading then would run a session no widget uses and keep every other tab from leading.
    void tabs.hold(tabLockName(name, this.tab), ending.signal).then(
      (release) => {
        if (this.ending !== ending) return release();
        this.releases.push(release);
        this.post({ kind: 'hello', tab: this.tab });
        this.sayMembers();
        void tabs.hold(`${name} leader`, ending.signal).then(
          (releaseLead) => {
            if (this.ending !== ending) return releaseLead();
            this.releases.push(releaseLead);
            this.lead();
          },
          ignoreAbort,
        );
      },
      ignoreAbort,
    );
  }

  /** The last widget unsubscribed: stop the session if this tab ran it, and let the next tab lead. */
  private end(): void {
    this.leading?.stop();
    this.leading = null;
    this.ending?.abort();
    this.ending = null;
    for (const release of this.releases.splice(0)) release();
    this.channel?.close();
    this.channel = null;
    this.membersOfTabs.clear();
    this.watchedTabs.clear();
    this.leavesWaiting.length = 0;
    this.goneTabs.clear();
    this.view = NOT_STARTED;
  }

  /** This tab runs the session now: with the token the last leader handed out, so the user stays the same. */
  private lead(): void {
    const session = new SignalingSession({
      serverUrl: this.serverUrl,
      username: this.username,
      access: this.view.access,
      fetch: this.options.fetch,
      EventSource: this.options.EventSource,
      clock: this.options.clock,
      connectivity: this.options.connectivity,
      random: this.options.random,
      handlers: {
        onStatus: (status) => this.publish({ ...this.view, status, refusal: null, epoch: status === 'connected' ? this.view.epoch : null }),
        onConnected: () => {
          this.publish({ ...this.view, status: 'connected', epoch: `${this.tab}:${++this.epochs}` });
          for (const place of this.leavesWaiting.splice(0)) void this.leaveFor(place);
        },
        onAccess: (access) => this.publish({ ...this.view, access }),
        // Members see the new user in the access that follows, and join again under it.
        onNewIdentity: () => {},
        onEvent: (event) => {
          this.deliver(event);
          this.post({ kind: 'event', event });
        },
        onRefused: (refusal) => this.publish({ ...this.view, status: 'refused', refusal, epoch: null }),
        onError: (message) => {
          this.report(message);
          this.post({ kind: 'error', message });
        },
      },
    });
    this.leading = session;
    if (this.channel) {
      this.post({ kind: 'roll-call' });
      for (const tab of this.membersOfTabs.keys()) this.watch(tab);
    }
    session.start();
  }

  private receive(value: unknown): void {
    const message = tabMessageOf(value);
    if (!message || !this.channel) return;
    switch (message.kind) {
      case 'hello':
        // Every tab says its members to the newcomer, which may lead one day and must then make them leave.
        this.sayMembers();
        if (!this.leading) return;
        this.post({ kind: 'state', tab: this.tab, view: this.view });
        this.watch(message.tab);
        return;
      case 'state':
        if (!this.leading) this.update(message.view);
        return;
      case 'event':
        if (!this.leading) this.deliver(message.event);
        return;
      case 'error':
        if (!this.leading) this.report(message.message);
        return;
      case 'gone':
        if (!this.leading) this.goneHere(message.members);
        return;
      case 'members':
        // A lock is granted sooner than a channel's messages arrive: a closed tab's last words may come after.
        if (this.goneTabs.has(message.tab)) return;
        this.membersOfTabs.set(message.tab, message.members);
        if (this.leading) this.watch(message.tab);
        return;
      case 'roll-call':
        this.sayMembers();
        return;
      case 'renew':
        void this.leading?.renewAfterRefusal(message.token);
        return;
    }
  }

  /** Waits for `tab`'s lock: granted when that tab is gone, and then its members leave their rooms. */
  private watch(tab: string): void {
    const tabs = this.options.tabs;
    if (!tabs || !this.ending || tab === this.tab || this.watchedTabs.has(tab)) return;
    this.watchedTabs.add(tab);
    const name = tabLockName(`draw-room:${this.serverUrl}`, tab);
    void tabs.hold(name, this.ending.signal).then((release) => {
      release();
      this.watchedTabs.delete(tab);
      this.goneTabs.add(tab);
      const places = this.membersOfTabs.get(tab) ?? [];
      this.membersOfTabs.delete(tab);
      const userId = this.view.access?.user.id;
      if (!this.leading || !userId || places.length === 0) return;
      const gone = places.map((place) => memberIdOf(userId, place.memberKey));
      this.goneHere(gone);
      this.post({ kind: 'gone', members: gone });
      // A new leader's stream is not open yet: the leaves wait for it, and the token its first refresh brings.
      if (this.view.epoch === null) this.leavesWaiting.push(...places);
      else for (const place of places) void this.leaveFor(place);
    }, ignoreAbort);
  }

  /** Makes a gone tab's member leave its room; the others in the room hear remove-peer. */
  private async leaveFor({ roomId, memberKey }: MemberPlace): Promise<void> {
    const access = this.view.access;
    if (!access) return;
    const leave = (token: string) => this.http.leave(roomId, token, { member: memberKey });
    try {
      await leave(access.token).catch(async (error: unknown) => {
        // A new leader's first request renews the token the closed tab left, which the server then refuses.
        if (!(error instanceof ServerAnswerError && error.status === 401)) throw error;
        const renewed = await this.renewAfterRefusal(access.token);
        if (!renewed) throw error;
        await leave(renewed.token);
      });
    } catch (error) {
      // The stream's end makes every member leave anyway; this only spares the others a wait.
      this.report(`could not take a closed tab's board out of room ${roomId}: ${messageOf(error)}`);
    }
  }

  private publish(view: SessionView): void {
    this.update(view);
    this.post({ kind: 'state', tab: this.tab, view });
  }

  private update(view: SessionView): void {
    this.view = view;
    for (const listener of [...this.listeners.keys()]) listener.onChange(view);
  }

  private deliver(event: MemberEvent): void {
    for (const listener of [...this.listeners.keys()]) listener.onEvent(event);
  }

  private goneHere(memberIds: string[]): void {
    for (const listener of [...this.listeners.keys()]) listener.onMembersGone(memberIds);
  }

  private report(message: string): void {
    for (const listener of [...this.listeners.keys()]) listener.onError(message);
  }

  private sayMembers(): void {
    const members = [...this.listeners.values()].filter((place): place is MemberPlace => place !== null);
    this.post({ kind: 'members', tab: this.tab, members });
  }

  private post(message: TabMessage): void {
    this.channel?.post(message);
  }
}

const tabLockName = (channelName: string, tab: string) => `${channelName} tab ${tab}`;

/** A lock request cancelled because this tab stopped sharing: nothing to do. */
function ignoreAbort(): void {}

/** The page's sessions, one per server: the widgets of a page share them, and through them the tabs. */
const pageSessions = new Map<string, BrowserSession>();

/** The session every widget of this browser that talks to `serverUrl` shares. */
export function browserSessionFor(serverUrl: string): BrowserSession {
  const url = absoluteServerUrl(serverUrl);
  let session = pageSessions.get(url);
  if (!session) pageSessions.set(url, (session = new BrowserSession({ serverUrl: url, tabs: browserTabNetwork() })));
  return session;
}
