/** Ends a hold on a lock. */
export type Release = () => void;

/** A channel to the same origin's other tabs: what one posts, the others get (never the poster itself). */
export interface TabChannel {
  post(message: unknown): void;
  close(): void;
}

/**
 * How the tabs of a browser talk and take turns: BroadcastChannel and Web Locks in a page; injected so a test
 * can put several "tabs" in one process.
 */
export interface TabNetwork {
  channel(name: string, onMessage: (message: unknown) => void): TabChannel;
  /**
   * Resolves once lock `name` is held (after whoever holds it lets go, or its tab dies), with the way to let
   * go; rejects if `signal` aborts first.
   */
  hold(name: string, signal: AbortSignal): Promise<Release>;
}

/**
 * The page's own, or null where it lacks BroadcastChannel or Web Locks (an old browser, or a page that is not a
 * secure context: locks need one). Each tab then has a session of its own, as widgets did before.
 */
export function browserTabNetwork(): TabNetwork | null {
  const locks = globalThis.navigator?.locks;
  if (typeof BroadcastChannel !== 'function' || !locks) return null;
  return {
    channel(name, onMessage) {
      const channel = new BroadcastChannel(name);
      channel.onmessage = (event: MessageEvent) => onMessage(event.data);
      return { post: (message) => channel.postMessage(message), close: () => channel.close() };
    },
    hold(name, signal) {
      return new Promise<Release>((granted, refused) => {
        // The lock is held as long as the promise the callback returns is pending: it settles on release.
        locks.request(name, { signal }, () => new Promise<void>((release) => granted(release))).catch(refused);
      });
    },
  };
}
