import { DocumentSync } from '../components/sync/document-sync.js';
import { DrawingDocument } from '../components/drawing/document.js';
import { LiveItems } from '../components/drawing/live-items.js';
import { Presence } from '../components/drawing/presence.js';
import { quantizeCoordinate } from '../components/drawing/point-codec.js';

/**
 * Application bytes one peer sends another for a 200-point pen stroke, drawn the way the widget draws:
 * live messages once per animation frame while the pointer moves, then the finished stroke committed to
 * the document in one update. `pointsPerFrame` is the input rate over the frame rate (120 Hz input at
 * 60 fps is 2). SCTP/DTLS framing below the data channel is not counted.
 */
export function strokeWireBytes(pointsPerFrame: number, points = 200): { live: number; commit: number; perPoint: number } {
  const document = new DrawingDocument();
  const presence = new Presence(document.ydoc, () => {});
  const live = new LiveItems();
  const sync = new DocumentSync(document, presence.awareness, live, { report: (message) => { throw new Error(message); }, onLiveChange: () => {} });
  const sent = { live: 0, commit: 0 };
  let phase: 'live' | 'commit' = 'live';
  // Handshake first (sync step 1, presence), then count only what the stroke costs.
  let counting = false;
  sync.attach({ peerId: 'peer', send: (bytes) => { if (counting) sent[phase] += bytes.length; } });
  counting = true;

  const stroke: number[] = [];
  for (let i = 0; i < points; i++) {
    // A hand-drawn curve: ~4 px between samples, gently curving, mouse pressure.
    stroke.push(quantizeCoordinate(300 + i * 4), quantizeCoordinate(500 + Math.sin(i / 15) * 120), 0.5);
  }
  const meta = { id: 'x9Kq3mZt7VbN2wLp5RfH1c', author: '0f8fad5b-d9cb-469f-a165-70867728950e', kind: 'stroke' as const, color: '#cf1717', width: 4 };
  const { handle, message } = live.begin(meta, stroke.slice(0, 3), false);
  sync.sendLive(message);
  for (let i = 3; i < stroke.length; i += pointsPerFrame * 3) {
    sync.sendLive(live.addPoints(handle, stroke.slice(i, i + pointsPerFrame * 3))!);
  }
  const end = live.end(handle);
  if (end.item?.kind !== 'stroke') throw new Error(`live stroke ${handle} did not end as a stroke`);
  phase = 'commit';
  document.addItem(meta, end.item.points);
  phase = 'live';
  sync.sendLive(end.message);

  sync.destroy();
  presence.destroy();
  return { ...sent, perPoint: Math.round(((sent.live + sent.commit) / points) * 100) / 100 };
}
