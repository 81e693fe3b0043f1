import type { Page } from 'playwright-core';

// What the page's own code hands the network and gets from it, below which everything is protocol: the bodies
// of its POST /frames and of their answers, and the data of each event its event stream delivers. Set against
// the bytes on the wire, it splits them into payload and what HTTP (and TLS) add.

/** Payload bytes a page sent and received since the counters were last read. */
export interface PagePayload {
  uploads: number;
  uploadBodyBytes: number;
  answerBodyBytes: number;
  events: number;
  eventDataBytes: number;
}

/** An init script: wraps fetch and EventSource to count payload bytes into `window.benchPayload`. */
export const COUNT_PAYLOAD = `
  (() => {
    const payload = { uploads: 0, uploadBodyBytes: 0, answerBodyBytes: 0, events: 0, eventDataBytes: 0 };
    window.benchPayload = payload;
    const bytes = (text) => new TextEncoder().encode(text).length;
    const nativeFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await nativeFetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (new URL(url, location.href).pathname === '/frames' && typeof init?.body === 'string') {
        // Counted together, once the answer is in: counters read meanwhile see none of this upload.
        const answer = (await response.clone().arrayBuffer()).byteLength;
        payload.uploads++;
        payload.uploadBodyBytes += bytes(init.body);
        payload.answerBodyBytes += answer;
      }
      return response;
    };
    // Each event once, however many listeners hear it.
    const seen = new WeakSet();
    const NativeEventSource = window.EventSource;
    window.EventSource = class extends NativeEventSource {
      addEventListener(type, listener, options) {
        super.addEventListener(type, (event) => {
          if (!seen.has(event) && typeof event.data === 'string') {
            seen.add(event);
            payload.events++;
            payload.eventDataBytes += bytes(event.data);
          }
          return typeof listener === 'function' ? listener.call(this, event) : listener.handleEvent(event);
        }, options);
      }
    };
  })();
`;

/** The page's payload counters now, set back to zero. */
export function takePayload(page: Page): Promise<PagePayload> {
  return page.evaluate(() => {
    const payload = (window as unknown as { benchPayload: PagePayload }).benchPayload;
    const taken = { ...payload };
    for (const key of Object.keys(payload) as Array<keyof PagePayload>) payload[key] = 0;
    return taken;
  });
}
