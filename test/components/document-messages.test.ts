/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { DrawingDocument } from '../../components/document.js';
import { MAX_MESSAGE_BYTES, decodeDocumentMessage } from '../../components/document-messages.js';

const stroke = { id: 's1', author: 'a1', color: '#e03131', width: 4, points: [10, 10, 0.5, 20, 20, 0.5] };

describe('document messages from peers', () => {
  it('accepts well-formed messages', () => {
    for (const message of [
      { type: 'strokes', strokes: [stroke] },
      { type: 'points', id: 's1', points: [30, 30, 0.5] },
      { type: 'clear' },
      { type: 'background', color: '#ffffff' },
    ]) {
      const decoded = decodeDocumentMessage(JSON.stringify(message));
      expect(decoded.ok, JSON.stringify(message)).to.equal(true);
    }
  });

  const refused: Array<[string, unknown, string]> = [
    ['binary data', new ArrayBuffer(8), 'not text'],
    ['a message over the size limit', 'x'.repeat(MAX_MESSAGE_BYTES + 1), 'over the'],
    ['invalid JSON', '{"type":', 'not valid JSON'],
    ['a JSON array', '[1,2]', 'not an object'],
    ['an unknown type', '{"type":"format-disk"}', 'unknown message type'],
    ['points that are not triples', JSON.stringify({ type: 'points', id: 's1', points: [1, 2] }), 'malformed points'],
    ['NaN-like coordinates', JSON.stringify({ type: 'points', id: 's1', points: ['1', 2, 0.5] }), 'malformed points'],
    ['a colour that is not #rrggbb', JSON.stringify({ type: 'background', color: 'url(javascript:x)' }), '#rrggbb'],
    ['a stroke with a huge width', JSON.stringify({ type: 'strokes', strokes: [{ ...stroke, width: 1e9 }] }), 'malformed stroke'],
    ['a stroke with pressure above 1', JSON.stringify({ type: 'strokes', strokes: [{ ...stroke, points: [1, 1, 5] }] }), 'malformed stroke'],
  ];
  for (const [what, raw, reason] of refused) {
    it(`refuses ${what} with a reason`, () => {
      const decoded = decodeDocumentMessage(raw);
      expect(decoded.ok).to.equal(false);
      if (!decoded.ok) expect(decoded.reason).to.contain(reason);
    });
  }

  it('merges a snapshot into what is known without duplicating strokes', () => {
    const document = new DrawingDocument();
    document.addStroke(stroke);
    document.apply({ type: 'strokes', strokes: [{ ...stroke, points: [...stroke.points, 30, 30, 0.5] }] });
    document.apply({ type: 'strokes', strokes: [stroke] });
    expect(document.strokes).to.have.length(1);
    expect(document.strokes[0]!.points).to.have.length(9);
  });

  it('splits a large snapshot into messages under the data-channel limit', () => {
    const document = new DrawingDocument();
    for (let i = 0; i < 50; i++) {
      document.addStroke({ ...stroke, id: `s${i}`, points: Array.from({ length: 3000 }, (_, k) => (k % 3 === 2 ? 0.5 : 800.125)) });
    }
    const messages = document.snapshot();
    for (const message of messages) expect(JSON.stringify(message).length).to.be.lessThan(MAX_MESSAGE_BYTES);
    const copy = new DrawingDocument();
    for (const message of messages) {
      const decoded = decodeDocumentMessage(JSON.stringify(message));
      expect(decoded.ok).to.equal(true);
      if (decoded.ok) copy.apply(decoded.message);
    }
    expect(copy.strokes).to.have.length(50);
  });
});
