const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 30_000;
// About an hour of tries: a store away for longer has surely restarted, and instances start over then anyway.
const MOST_ATTEMPTS = 130;

/**
 * `task`'s result once it succeeds, trying again with backoff (0.5 s doubling to 30 s) while it fails; undefined
 * after giving up. For work that must happen eventually, like leaving rooms, while Redis is away.
 */
export async function untilDone<T>(task: () => Promise<T>, onFailure: (error: unknown, attempt: number) => void): Promise<T | undefined> {
  for (let attempt = 1; attempt <= MOST_ATTEMPTS; attempt++) {
    try {
      return await task();
    } catch (error) {
      onFailure(error, attempt);
      const waitMs = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    }
  }
  return undefined;
}
