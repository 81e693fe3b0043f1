// The TLS record layer of bytes a proxy passes through untouched: how many records went by, and which TLS
// version and cipher suite the server's hello chose. The bytes inside stay encrypted; this only reads the 5-byte
// record headers (RFC 8446 §5.1) and the ServerHello, which is sent in the clear.

const HEADER_BYTES = 5;
const HANDSHAKE = 22;
const SERVER_HELLO = 2;
const SUPPORTED_VERSIONS = 0x002b;
const TLS_1_3 = 0x0304;

/**
 * What each record costs beyond its content, by version: TLS 1.3 adds its header, the inner content type and a
 * 16-byte AEAD tag (AES-GCM and ChaCha20-Poly1305, all Chromium and node offer); TLS 1.2 with AES-GCM its
 * header, an 8-byte explicit nonce and the tag.
 */
export function recordOverheadBytes(version: string | null): number | null {
  if (version === 'TLSv1.3') return HEADER_BYTES + 1 + 16;
  if (version === 'TLSv1.2') return HEADER_BYTES + 8 + 16;
  return null;
}

/** Follows one direction of a TLS connection, chunk by chunk, keeping the record framing across chunks. */
export class TlsRecordFollower {
  private header = Buffer.alloc(0);
  private bodyLeft = 0;
  /** The first handshake record's body, while it is still arriving (it holds the hello). */
  private hello: Buffer[] | null = [];
  private helloLeft = 0;

  /**
   * `onRecord` hears each record's header as it arrives; `onHello` the first handshake record's body (the
   * ServerHello, on the server's direction).
   */
  constructor(private readonly onRecord: () => void, private readonly onHello?: (body: Buffer) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        this.keepHello(chunk.subarray(at, at + take));
        this.bodyLeft -= take;
        at += take;
        continue;
      }
      const take = Math.min(HEADER_BYTES - this.header.length, chunk.length - at);
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.header.length < HEADER_BYTES) continue;
      const type = this.header[0]!;
      this.bodyLeft = this.header.readUInt16BE(3);
      this.header = Buffer.alloc(0);
      this.onRecord();
      if (this.hello && this.hello.length === 0 && type === HANDSHAKE) this.helloLeft = this.bodyLeft;
    }
  }

  private keepHello(bytes: Buffer): void {
    if (!this.hello || this.helloLeft === 0) return;
    this.hello.push(bytes);
    this.helloLeft -= bytes.length;
    if (this.helloLeft > 0) return;
    this.onHello?.(Buffer.concat(this.hello));
    this.hello = null;
  }
}

/** The version and cipher suite a ServerHello chose, or nulls when `body` is not one. */
export function readServerHello(body: Buffer): { version: string | null; cipherSuite: string | null } {
  const unknown = { version: null, cipherSuite: null };
  try {
    if (body[0] !== SERVER_HELLO) return unknown;
    // type (1), length (3), legacy_version (2), random (32), session id (1 + its length)
    let at = 4;
    const legacyVersion = body.readUInt16BE(at);
    at += 2 + 32;
    at += 1 + body[at]!;
    const cipherSuite = `0x${body.readUInt16BE(at).toString(16).padStart(4, '0')}`;
    at += 2 + 1;
    let version = legacyVersion;
    const extensionsEnd = at + 2 + body.readUInt16BE(at);
    at += 2;
    while (at + 4 <= extensionsEnd) {
      const type = body.readUInt16BE(at);
      const length = body.readUInt16BE(at + 2);
      if (type === SUPPORTED_VERSIONS) version = body.readUInt16BE(at + 4);
      at += 4 + length;
    }
    return { version: version === TLS_1_3 ? 'TLSv1.3' : version === 0x0303 ? 'TLSv1.2' : `0x${version.toString(16)}`, cipherSuite };
  } catch {
    return unknown;
  }
}
