/**
 * Polls `check` until it returns true; fails naming `what` after `timeoutMs`. It imports nothing, so tests in
 * Node and in the browser (web-test-runner) wait the same way.
 */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
