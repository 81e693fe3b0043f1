/** What a hidden page waits at most for its next frame: browsers pause animation frames in background tabs. */
const HIDDEN_PAGE_WAIT_MS = 100;

/**
 * Runs `callback` once, before the next paint, or after a short wait when no paint comes (a background tab
 * still sends what its peers need: presence, the sync of a late joiner).
 */
export function nextFrame(callback: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    callback();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_PAGE_WAIT_MS);
}
