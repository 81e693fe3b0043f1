import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { SseStream, formatSseComment, formatSseEvent } from '../../server/signaling/sse.js';

describe('SSE framing and flow control', () => {
  it('frames events so a spec parser reads id, event and data back, even split mid-frame', () => {
    const data = { text: 'line one\nline two', emoji: '✏️' };
    const frames = formatSseEvent('ice-candidate', data, 7) + formatSseComment('heart\nbeat') + formatSseEvent('connected', {}, 8);
    const seen: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => seen.push(event) });
    for (let i = 0; i < frames.length; i += 5) parser.feed(frames.slice(i, i + 5));
    assert.deepEqual(seen.map((e) => [e.id, e.event, JSON.parse(e.data)]), [['7', 'ice-candidate', data], ['8', 'connected', {}]]);
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    // A connection whose client reads nothing: every byte written stays buffered.
    const sink = {
      writableLength: 0,
      writableCorked: 0,
      destroyed: false,
      write(chunk: string) { this.writableLength += chunk.length; },
      cork() { this.writableCorked++; },
      uncork() { this.writableCorked--; },
      end() {},
      destroy() { this.destroyed = true; },
    };
    const stream = new SseStream(sink, { maxBufferedBytes: 64 * 1024 });
    const reasons: string[] = [];
    stream.onClose((reason) => reasons.push(reason));
    for (let i = 0; i < 1000 && stream.isOpen; i++) {
      stream.send({ event: 'ice-candidate', data: { to: 'y.widget-1', peer: { id: 'x.widget-1', userId: 'x', username: 'x' }, data: { pad: 'x'.repeat(1024) } } });
    }
    assert.equal(stream.isOpen, false);
    assert.ok(sink.destroyed, 'the connection is cut');
    assert.ok(sink.writableLength < 70 * 1024, `buffered ${sink.writableLength} bytes`);
    assert.match(reasons[0] ?? '', /more than 65536 bytes unread/);
  });
});
