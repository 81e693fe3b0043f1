import assert from 'node:assert/strict';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { toBase64Url } from '../../components/network/base64.js';
import { RoomCipher, SEALED_OVERHEAD_BYTES, type SealContext } from '../../components/network/room-cipher.js';
import { canEncrypt, generateRoomKey, roomKeyBytes } from '../../components/network/room-key.js';

const ROOM = 'team-sketches-7f3a9c';
const KEY = generateRoomKey();
const cipher = await RoomCipher.create(KEY, ROOM);

/** Strings of any UTF-16 code units, lone surrogates included: the additional data must tell them all apart. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 40 });
const signalContext = fc.record({ purpose: fc.constant('signal' as const), roomId: anyText, from: anyText, to: anyText, event: anyText });
const frameContext = fc.record({ purpose: fc.constant('frame' as const), roomId: anyText, from: anyText });
const entryContext = fc.record({ purpose: fc.constant('entry' as const), roomId: anyText });
const anyContext: fc.Arbitrary<SealContext> = fc.oneof(signalContext, frameContext, entryContext);
const plaintext = fc.uint8Array({ maxLength: 4096 });

/** `context` with `field` changed to `value` (a different value: the caller sees to it). */
function withField(context: SealContext, field: string, value: string): SealContext {
  return { ...context, [field]: value } as SealContext;
}

describe('RoomCipher', () => {
  it('opens what it sealed, for any bytes up to 4 KB and any context, 29 bytes longer', async () => {
    await fc.assert(fc.asyncProperty(plaintext, anyContext, async (bytes, context) => {
      const sealed = await cipher.seal(bytes, context);
      assert.equal(sealed.length, bytes.length + SEALED_OVERHEAD_BYTES);
      assert.deepEqual(await cipher.open(sealed, context), bytes);
    }), { numRuns: 200 });
  });

  it('seals the same plaintext differently each time (a fresh IV per message)', async () => {
    const context: SealContext = { purpose: 'frame', roomId: ROOM, from: 'member-a' };
    const bytes = new TextEncoder().encode('the same live point');
    const [first, second] = [await cipher.seal(bytes, context), await cipher.seal(bytes, context)];
    assert.notDeepEqual(first.subarray(1, 13), second.subarray(1, 13));
    assert.notDeepEqual(first, second);
  });

  it('refuses sealed bytes with any one bit flipped', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), anyContext, fc.nat(), async (bytes, context, bit) => {
      const sealed = await cipher.seal(bytes, context);
      const at = bit % (sealed.length * 8);
      sealed[at >> 3]! ^= 1 << (at & 7);
      assert.equal(await cipher.open(sealed, context), null);
    }), { numRuns: 300 });
  });

  it('refuses sealed bytes cut short anywhere, or with bytes added', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), anyContext, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 20 }), async (bytes, context, cut, extra) => {
      const sealed = await cipher.seal(bytes, context);
      assert.equal(await cipher.open(sealed.subarray(0, cut % sealed.length), context), null);
      assert.equal(await cipher.open(Uint8Array.from([...sealed, ...extra]), context), null);
    }), { numRuns: 200 });
  });

  it("refuses a message whose header (version and IV) is another message's", async () => {
    const context: SealContext = { purpose: 'signal', roomId: ROOM, from: 'member-a', to: 'member-b', event: 'ice-candidate' };
    const first = await cipher.seal(new TextEncoder().encode('{"candidate":"a"}'), context);
    const second = await cipher.seal(new TextEncoder().encode('{"candidate":"b"}'), context);
    first.set(second.subarray(0, 13));
    assert.equal(await cipher.open(first, context), null);
    const otherVersion = await cipher.seal(new Uint8Array(8), context);
    otherVersion[0] = 2;
    assert.equal(await cipher.open(otherVersion, context), null);
  });

  it('refuses a message opened for another purpose, room, sender, recipient or event', async () => {
    const field = fc.constantFrom('roomId', 'from', 'to', 'event');
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), signalContext, field, anyText, async (bytes, context, name, value) => {
      fc.pre(context[name] !== value);
      const sealed = await cipher.seal(bytes, context);
      assert.equal(await cipher.open(sealed, withField(context, name, value)), null, `${name} changed`);
      // The same room and sender, read as a frame: a signaling message is not a frame.
      assert.equal(await cipher.open(sealed, { purpose: 'frame', roomId: context.roomId, from: context.from }), null, 'purpose changed');
    }), { numRuns: 200 });
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), frameContext, fc.constantFrom('roomId', 'from'), anyText, async (bytes, context, name, value) => {
      fc.pre(context[name] !== value);
      const sealed = await cipher.seal(bytes, context);
      assert.equal(await cipher.open(sealed, withField(context, name, value)), null, `${name} changed`);
    }), { numRuns: 100 });
  });

  it('opens a stored entry for any member of its room, and nowhere else', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), entryContext, anyText, async (bytes, context, otherRoom) => {
      fc.pre(context.roomId !== otherRoom);
      const sealed = await cipher.seal(bytes, context);
      assert.deepEqual(await cipher.open(sealed, { purpose: 'entry', roomId: context.roomId }), bytes);
      assert.equal(await cipher.open(sealed, { purpose: 'entry', roomId: otherRoom }), null, 'room changed');
      // The same room's relayed frame (from an empty sender) is not an entry, nor the other way round.
      assert.equal(await cipher.open(sealed, { purpose: 'frame', roomId: context.roomId, from: '' }), null, 'read as a frame');
      const frame = await cipher.seal(bytes, { purpose: 'frame', roomId: context.roomId, from: '' });
      assert.equal(await cipher.open(frame, context), null, 'a frame read as an entry');
    }), { numRuns: 100 });
  });

  it('tells apart contexts whose fields would run together in a naive encoding', async () => {
    const signal = (from: string, to: string): SealContext => ({ purpose: 'signal', roomId: ROOM, from, to, event: 'ice-candidate' });
    const lookalikes: Array<[SealContext, SealContext]> = [
      [signal('ab', 'c'), signal('a', 'bc')],
      [signal('a","b', 'c'), signal('a', 'b","c')],
      [signal('a\\', 'b'), signal('a', '\\b')],
      // Lone surrogates: UTF-8 encoding alone turns both into U+FFFD.
      [signal('\ud800', 'b'), signal('\udc00', 'b')],
    ];
    for (const [sealedFor, openedFor] of lookalikes) {
      const sealed = await cipher.seal(new Uint8Array(4), sealedFor);
      assert.equal(await cipher.open(sealed, openedFor), null, `${JSON.stringify(sealedFor)} opened as ${JSON.stringify(openedFor)}`);
    }
  });

  it('refuses a message sealed under another room key, or for another room under the same key', async () => {
    const otherKey = await RoomCipher.create(generateRoomKey(), ROOM);
    const otherRoom = await RoomCipher.create(KEY, 'team-sketches-7f3a9d');
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), anyContext, async (bytes, context) => {
      const sealed = await cipher.seal(bytes, context);
      assert.equal(await otherKey.open(sealed, context), null);
      assert.equal(await otherRoom.open(sealed, context), null);
      assert.equal(await cipher.open(await otherKey.seal(bytes, context), context), null);
    }), { numRuns: 100 });
  });

  it('answers null, never an exception, to any bytes at all', async () => {
    // Half of them look like a sealed message (version 1, long enough), so decryption itself is reached.
    const lookingSealed = fc.uint8Array({ minLength: SEALED_OVERHEAD_BYTES - 1, maxLength: 200 }).map((bytes) => Uint8Array.from([1, ...bytes]));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), lookingSealed), anyContext, async (bytes, context) => {
      assert.equal(await cipher.open(bytes, context), null);
    }), { numRuns: 300 });
  });

  it('keeps its key inside WebCrypto: it cannot be exported, and only encrypts and decrypts', async () => {
    const key = cipher.keyForTests;
    assert.equal(key.extractable, false);
    assert.deepEqual([...key.usages].sort(), ['decrypt', 'encrypt']);
    assert.deepEqual(key.algorithm, { name: 'AES-GCM', length: 256 });
    await assert.rejects(crypto.subtle.exportKey('raw', key));
    await assert.rejects(crypto.subtle.exportKey('jwk', key));
  });

  it('opens what another AES-GCM implementation seals under the documented derivation and layout', async () => {
    // HKDF-SHA-256 (salt "draw-room/v1 room <room id>", info "draw-room/v1 seal") and AES-256-GCM with the
    // context's JSON as additional data, by node:crypto: a peer written from the description interoperates.
    const key = hkdfSync('sha256', roomKeyBytes(KEY), `draw-room/v1 room ${ROOM}`, 'draw-room/v1 seal', 32);
    const iv = randomBytes(12);
    const gcm = createCipheriv('aes-256-gcm', Buffer.from(key), iv);
    gcm.setAAD(Buffer.from(JSON.stringify([1, 'signal', ROOM, 'member-a', 'member-b', 'session-description'])));
    const body = Buffer.concat([gcm.update('{"type":"offer","sdp":"v=0"}'), gcm.final(), gcm.getAuthTag()]);
    const sealed = Uint8Array.from([1, ...iv, ...body]);
    const context: SealContext = { purpose: 'signal', roomId: ROOM, from: 'member-a', to: 'member-b', event: 'session-description' };
    const opened = await cipher.open(sealed, context);
    assert.equal(opened && new TextDecoder().decode(opened), '{"type":"offer","sdp":"v=0"}');
  });
});

describe('room keys', () => {
  it('are made as 32 random bytes in 43 base64url characters, and read back', () => {
    const keys = new Set(Array.from({ length: 20 }, generateRoomKey));
    assert.equal(keys.size, 20);
    for (const key of keys) {
      assert.match(key, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(roomKeyBytes(key).length, 32);
    }
  });

  it('read any 16 to 64 bytes written as base64url', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), (bytes) => {
      assert.deepEqual(roomKeyBytes(toBase64Url(bytes)), bytes);
    }));
  });

  it('refuse fewer than 16 bytes or more than 64, saying how many', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 15 }), fc.uint8Array({ minLength: 65, maxLength: 200 })), (bytes) => {
      assert.throws(() => roomKeyBytes(toBase64Url(bytes)), new RegExp(`^Error: Invalid room key: ${bytes.length} bytes, it (needs at least 16|may have at most 64)`));
    }));
  });

  it('refuse text that is not base64url without padding, naming the character and not the key', () => {
    const key = toBase64Url(new Uint8Array(18).fill(0xfb)); // 24 characters, '-' and '_' among them
    const refusals: Array<[string, RegExp]> = [
      ['', /^Invalid room key: it is empty$/],
      [`${key.slice(0, 5)}+${key.slice(6)}`, /^Invalid room key: not base64url: "\+" at position 5/],
      [`${key.slice(0, 5)}/${key.slice(6)}`, /^Invalid room key: not base64url: "\/" at position 5/],
      [`${toBase64Url(new Uint8Array(16))}==`, /^Invalid room key: not base64url: "=" at position 22/],
      [`${key} `, /^Invalid room key: not base64url: " " at position 24/],
      [`é${key}`, /^Invalid room key: not base64url: "é" at position 0/],
      [`${key}A`, /^Invalid room key: not base64url: 25 characters cannot be whole bytes$/],
      // 16 bytes take 22 characters, the last carrying 4 unused bits: set, the text is another spelling of the key.
      [`${toBase64Url(new Uint8Array(16)).slice(0, 21)}B`, /^Invalid room key: not base64url: its last character carries bits beyond the last byte$/],
    ];
    for (const [text, message] of refusals) {
      assert.throws(() => roomKeyBytes(text), (error: Error) => {
        assert.match(error.message, message, JSON.stringify(text));
        if (text.length > 8) assert.ok(!error.message.includes(text.slice(0, 8)), `the message repeats the key: ${error.message}`);
        return true;
      });
    }
  });

  it('can be used only where WebCrypto is (a secure context)', (t) => {
    assert.equal(canEncrypt(), true);
    // A page served over plain HTTP from another host has `crypto` without `subtle`: shadow Node's with nothing.
    Object.defineProperty(crypto, 'subtle', { value: undefined, configurable: true });
    t.after(() => delete (crypto as { subtle?: SubtleCrypto }).subtle);
    assert.equal(canEncrypt(), false);
  });
});
