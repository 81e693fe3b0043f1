import type { MemberPlace, SessionView } from './shared-session.js';
import type { MemberEvent } from './signaling-session.js';

/**
 * What the tabs sharing a session tell one another over their BroadcastChannel. The tab that holds the leader
 * lock runs the session (token and stream) and posts `state`, `event` and `error`; every tab says which members
 * its widgets are (`members`), so whichever tab leads can make them leave once that tab is gone.
 */
export type TabMessage =
  /** A tab began to share the session: the leader answers with its state. */
  | { kind: 'hello'; tab: string }
  /** The session's state, from the leader. */
  | { kind: 'state'; tab: string; view: SessionView }
  /** An event of the stream, from the leader: each tab's widgets take those addressed to them. */
  | { kind: 'event'; event: MemberEvent }
  | { kind: 'error'; message: string }
  /** The members a tab's widgets are now. */
  | { kind: 'members'; tab: string; members: MemberPlace[] }
  /** From the leader: these members' tab is gone. */
  | { kind: 'gone'; members: string[] }
  /** From a new leader: every tab says its members again. */
  | { kind: 'roll-call' }
  /** A tab's request was refused with `token`: the leader renews it unless it has already. */
  | { kind: 'renew'; token: string };

const KINDS = new Set<TabMessage['kind']>(['hello', 'state', 'event', 'error', 'members', 'gone', 'roll-call', 'renew']);

/** A message from another tab of this origin, or null for anything else posted on the channel. */
export function tabMessageOf(value: unknown): TabMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = (value as { kind?: unknown }).kind;
  // Same origin, same bundle: the shape is ours; only the kind is checked, against other code's messages.
  return typeof kind === 'string' && KINDS.has(kind as TabMessage['kind']) ? (value as TabMessage) : null;
}
