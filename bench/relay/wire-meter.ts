import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { readServerHello, recordOverheadBytes, TlsRecordFollower } from './tls-records.js';

/** Bytes one page exchanged with the server while metering. */
export interface WireBytes {
  /** Both ways, on every connection: page to server, and server to page. */
  toServer: number;
  toPage: number;
  /** Plain HTTP/1.1 only: both ways on connections carrying requests (POST /frames and anything else), headers included. */
  requests: number;
  /** Plain HTTP/1.1 only: both ways on the page's event stream (GET /connect), headers and chunk framing included. */
  stream: number;
  /** Plain HTTP/1.1 only: the requests started while metering, as `METHOD /path` → how many. */
  requestLines: Record<string, number>;
  /**
   * TLS connections (HTTPS, HTTP/2), whose requests and stream cannot be told apart from outside: their records
   * while metering, and what the record layer adds to them (header, inner type, AEAD tag), in bytes.
   */
  tls: { version: string | null; cipherSuite: string | null; records: number; recordOverheadBytes: number | null } | null;
  /** Connections that carried bytes while metering. */
  connections: number;
}

const REQUEST_LINE = /^(GET|POST|OPTIONS|PUT|DELETE|HEAD) (\S+) HTTP\/1\.1\r\n/;
/** A TLS connection starts with a handshake record; an HTTP/1.1 one with a method. */
const TLS_HANDSHAKE_BYTE = 0x16;

function nothingCounted(): WireBytes {
  return { toServer: 0, toPage: 0, requests: 0, stream: 0, requestLines: {}, tls: null, connections: 0 };
}

/**
 * A TCP proxy in front of the server, for one page: everything the page sends its server goes through it, and
 * while `metering` the bytes are counted on the wire as they are, HTTP headers included. On plain HTTP/1.1, from
 * a GET /connect on, a connection is the page's event stream; before it, and on every other connection, bytes
 * are requests'. TLS passes through untouched: its bytes are counted by direction and its records by their
 * headers, since the requests inside (over HTTP/2, all of them and the stream on one connection) are encrypted.
 */
export class WireMeter {
  private counted = nothingCounted();
  private metering = false;
  private readonly sockets = new Set<Socket>();
  private tlsRecords = 0;
  private readonly active = new Set<Socket>();
  private tlsVersion: { version: string | null; cipherSuite: string | null } = { version: null, cipherSuite: null };

  private constructor(private readonly server: Server, private readonly scheme: string) {}

  static start(target: string): Promise<WireMeter> {
    const { hostname, port, protocol } = new URL(target);
    const server = createServer((page) => {
      const upstream = connect(Number(port), hostname);
      meter.sockets.add(page).add(upstream);
      let kind: 'requests' | 'stream' | undefined;
      let tls: { toServer: TlsRecordFollower; toPage: TlsRecordFollower } | undefined;
      const countRecord = () => {
        if (meter.metering) meter.tlsRecords++;
      };
      let first = true;
      const count = (bytes: number) => {
        meter.active.add(page);
        if (!tls) meter.counted[kind ?? 'requests'] += bytes;
      };
      page.on('data', (chunk: Buffer) => {
        if (first && chunk[0] === TLS_HANDSHAKE_BYTE) {
          tls = {
            toServer: new TlsRecordFollower(countRecord),
            toPage: new TlsRecordFollower(countRecord, (hello) => { meter.tlsVersion = readServerHello(hello); }),
          };
        }
        first = false;
        if (tls) {
          tls.toServer.push(chunk);
        } else {
          // A request line can be long: /connect carries the token in its query.
          const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, 8192));
          // Per request, not per connection: Chromium may open the stream on a kept-alive connection that
          // carried other requests before (nothing follows a stream on its connection).
          if (line) kind = line[1] === 'GET' && line[2]!.startsWith('/connect') ? 'stream' : 'requests';
          if (line && meter.metering) {
            const name = `${line[1]} ${line[2]!.split('?')[0]}`;
            meter.counted.requestLines[name] = (meter.counted.requestLines[name] ?? 0) + 1;
          }
        }
        if (meter.metering) {
          meter.counted.toServer += chunk.length;
          count(chunk.length);
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        tls?.toPage.push(chunk);
        if (meter.metering) {
          meter.counted.toPage += chunk.length;
          count(chunk.length);
        }
        page.write(chunk);
      });
      const close = () => {
        page.destroy();
        upstream.destroy();
      };
      for (const socket of [page, upstream]) socket.on('close', close).on('error', close);
    });
    const meter = new WireMeter(server, protocol);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(meter)));
  }

  /** The meter's address, with the server's scheme: the page speaks TLS to the server through it. */
  get url(): string {
    return `${this.scheme}//127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Counts from now on, from zero. */
  start(): void {
    this.counted = nothingCounted();
    this.active.clear();
    this.tlsRecords = 0;
    this.metering = true;
  }

  /** Stops counting and answers what was counted. */
  stop(): WireBytes {
    this.metering = false;
    const perRecord = recordOverheadBytes(this.tlsVersion.version);
    const records = this.tlsRecords;
    const tls = this.scheme === 'https:'
      ? { ...this.tlsVersion, records, recordOverheadBytes: perRecord === null ? null : records * perRecord }
      : null;
    return { ...this.counted, tls, connections: this.active.size };
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
