import type { Browser } from 'playwright-core';
import { newVisitorPage } from '../../test/support/browser.js';
import { eventually } from '../../test/support/eventually.js';
import type { HostSite } from '../../test/support/host-page.js';
import { roomKeyFor } from '../../test/support/room-link.js';
import { recordColdOpen, type ColdOpenMarks } from './cold-open-marks.js';

// One cold open of a stored room (bench:storage): a fresh browser profile (no device copy, nothing cached) on the
// host page of the room, with its key, timed from navigation start to the board painted with every item, and split
// where the page can be watched from outside the widget (cold-open-marks.ts).

/** ms, each from the page's navigation start or the length of one step. */
export interface ColdOpen {
  /** Navigation start → the last paint slice: the canvas holds all the board (bench:document's "painted"). */
  paintedMs: number;
  /** Navigation start → a task after the next frame: that frame shows it. */
  framedMs: number;
  /**
   * GET /:roomId/entries starting → the last paint slice: server read, decode, open, apply and paint, the phases
   * issue 15's goal names (≤ 500 ms); what comes before it is the page starting and joining, as any visit does.
   */
  readToPaintedMs: number;
  /** Navigation start → the room joined (script, key derivation, token, event stream, join). */
  joinedMs: number;
  /**
   * Navigation start → draw-room.js loaded, → POST /access asked (the widget started: element, key, device copy)
   * and answered, → POST /:roomId/join answered (Resource Timing; each CORS preflight is inside its request's time).
   */
  scriptLoadedMs: number;
  accessAskedMs: number;
  accessAnsweredMs: number;
  joinAnsweredMs: number;
  /** The join → GET /:roomId/entries starting. */
  joinedToReadMs: number;
  /** GET /:roomId/entries, fetch start → response end (Resource Timing; its CORS preflight included). */
  serverReadMs: number;
  /** Response end → the first entry opening: JSON parse and base64 decode of the page. */
  decodeMs: number;
  /** Every entry opened under the room key (RoomCipher, purpose 'entry'), one after another. */
  openMs: number;
  /** Between the opens and before the apply: each entry checked as a Yjs update, ServerCopy's state vector kept. */
  checkMs: number;
  /** Y.applyUpdate of every entry in one transaction, until Yjs calls the observers. */
  applyMs: number;
  /** The document's observers and update listeners (admission, change events, the first paint slice, the device copy). */
  observersMs: number;
  /** The apply's end → the last paint slice. */
  paintMs: number;
  /** Time inside paint slices, the one run by the observers included. */
  sliceWorkMs: number;
  entriesOpened: number;
  reads: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Opens `roomId` on `site` in a new profile of `browser`, once it shows `items` items; its figures. */
export async function coldOpen(browser: Browser, site: HostSite, roomId: string, items: number): Promise<ColdOpen> {
  const page = await newVisitorPage(browser);
  try {
    await page.addInitScript(recordColdOpen);
    await page.goto(site.roomPage(roomId, 'cold-visitor', { roomKey: roomKeyFor(roomId) }));
    await eventually(`room ${roomId} is painted from the server's entries`, () =>
      page.evaluate((count) => {
        const marks = (window as unknown as { coldOpen: ColdOpenMarks }).coldOpen;
        const room = document.querySelector('draw-room') as unknown as { drawing: { items: unknown[] } };
        return marks.framedAt !== undefined && room.drawing.items.length === count;
      }, items), 60_000);
    const [marks, loads] = await page.evaluate(() => [
      (window as unknown as { coldOpen: ColdOpenMarks }).coldOpen,
      performance.getEntriesByType('resource').map((entry) => {
        const timing = entry as PerformanceResourceTiming;
        return { path: new URL(timing.name).pathname, startTime: timing.startTime, responseEnd: timing.responseEnd };
      }),
    ] as const);
    const reads = loads.filter((load) => load.path.endsWith('/entries'));
    const endOf = (path: RegExp) => round1(loads.find((load) => path.test(load.path))?.responseEnd ?? NaN);
    const startOf = (path: RegExp) => round1(loads.find((load) => path.test(load.path))?.startTime ?? NaN);
    const read = reads[0];
    const required = { connectedAt: marks.connectedAt, firstOpenAt: marks.firstOpenAt, lastOpenEndAt: marks.lastOpenEndAt, applyAt: marks.applyAt, observersAt: marks.observersAt, appliedAt: marks.appliedAt, paintedAt: marks.paintedAt, framedAt: marks.framedAt, read };
    const missing = Object.entries(required).filter(([, value]) => value === undefined).map(([name]) => name);
    if (missing.length > 0 || !read) throw new Error(`the cold open of ${roomId} left marks unset: ${missing.join(', ')}`);
    const at = required as { [K in keyof typeof required]: NonNullable<(typeof required)[K]> };
    return {
      paintedMs: round1(at.paintedAt),
      framedMs: round1(at.framedAt),
      readToPaintedMs: round1(at.paintedAt - read.startTime),
      joinedMs: round1(at.connectedAt),
      scriptLoadedMs: endOf(/\/draw-room\.js$/),
      accessAskedMs: startOf(/^\/access$/),
      accessAnsweredMs: endOf(/^\/access$/),
      joinAnsweredMs: endOf(/\/join$/),
      joinedToReadMs: round1(read.startTime - at.connectedAt),
      serverReadMs: round1(read.responseEnd - read.startTime),
      decodeMs: round1(at.firstOpenAt - read.responseEnd),
      openMs: round1(marks.openMs),
      checkMs: round1(at.applyAt - at.firstOpenAt - marks.openMs),
      applyMs: round1(at.observersAt - at.applyAt),
      observersMs: round1(at.appliedAt - at.observersAt),
      paintMs: round1(at.paintedAt - at.appliedAt),
      sliceWorkMs: round1(marks.sliceMs),
      entriesOpened: marks.opens,
      reads: reads.length,
    };
  } finally {
    await page.context().close();
  }
}
