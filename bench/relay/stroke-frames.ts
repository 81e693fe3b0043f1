import { DocumentSync } from '../../components/sync/document-sync.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import { LiveItems } from '../../components/drawing/live-items.js';
import { Presence } from '../../components/drawing/presence.js';
import { quantizeCoordinate } from '../../components/drawing/point-codec.js';
import { FrameKind } from '../../components/network/channel-frames.js';

/** The frames one animation frame of drawing hands the relay, each as the base64 a POST /frames carries. */
export interface StrokeTick {
  frames: string[];
  /** Drawn points this animation frame added (the begin frame carries the first one). */
  points: number;
}

/** How often the widget sends its cursor while the pointer moves (components/drawing/presence.ts): every 3rd frame at 60 fps. */
const CURSOR_EVERY_TICKS = 3;

/**
 * The channel frames a widget sends for one pen stroke of `points` mouse points drawn at one point per animation
 * frame, tick by tick, made by the widget's own code (the same DocumentSync, live items and presence the
 * element runs): the live begin frame, one live-points frame per tick, a cursor update every 3rd tick (20 a
 * second), then the live end and the finished stroke's document update. These are the bytes the server relay
 * carries for a relayed peer; a load generator replays them.
 */
export function recordStrokeTicks(points: number): StrokeTick[] {
  const document = new DrawingDocument();
  const presence = new Presence(document.ydoc, () => {});
  presence.setUser('Guest 7f3a', '0f8fad5b-d9cb-469f-a165-70867728950e');
  const live = new LiveItems();
  const sync = new DocumentSync(document, presence.awareness, live, { report: (message) => { throw new Error(message); }, onLiveChange: () => {} });
  let tick: string[] | null = null;
  // The handshake of attach (sync step 1, presence) is a link's, not the stroke's: not recorded.
  sync.attach({ peerId: 'peer', send: (bytes) => tick?.push(Buffer.from(bytes).toString('base64')) });

  const stroke: number[] = [];
  for (let i = 0; i < points; i++) {
    // A hand-drawn curve as bench:document draws it: ~4 px between samples, gently curving, mouse pressure.
    stroke.push(quantizeCoordinate(300 + i * 4), quantizeCoordinate(500 + Math.sin(i / 15) * 120), 0.5);
  }
  const ticks: StrokeTick[] = [];
  const record = (drawn: number, draw: () => void) => {
    tick = [];
    draw();
    if (ticks.length % CURSOR_EVERY_TICKS === 0 && drawn > 0) {
      const at = (drawn - 1) * 3;
      presence.awareness.setLocalStateField('cursor', { x: stroke[at]!, y: stroke[at + 1]! });
    }
    ticks.push({ frames: tick, points: drawn });
    tick = null;
  };
  const meta = { id: 'x9Kq3mZt7VbN2wLp5RfH1c', author: '0f8fad5b-d9cb-469f-a165-70867728950e', kind: 'stroke' as const, color: '#cf1717', width: 4 };
  const begun = live.begin(meta, stroke.slice(0, 3), false);
  record(1, () => sync.sendLive(begun.message));
  for (let i = 3; i < stroke.length; i += 3) record(1, () => sync.sendLive(live.addPoints(begun.handle, stroke.slice(i, i + 3))!));
  record(0, () => {
    const end = live.end(begun.handle);
    if (end.item?.kind !== 'stroke') throw new Error(`live stroke ${begun.handle} did not end as a stroke`);
    document.addItem(meta, end.item.points);
    sync.sendLive(end.message);
  });
  sync.destroy();
  presence.destroy();
  return ticks;
}

/**
 * Decoded bytes of a stroke's frames (what a data channel would carry, before any framing below it), with or
 * without the cursor updates (presence) that go with it.
 */
export function applicationBytes(ticks: StrokeTick[], { presence }: { presence: boolean }): number {
  let total = 0;
  for (const tick of ticks) {
    for (const frame of tick.frames) {
      const bytes = Buffer.from(frame, 'base64');
      if (presence || bytes[0] !== FrameKind.Awareness) total += bytes.length;
    }
  }
  return total;
}
