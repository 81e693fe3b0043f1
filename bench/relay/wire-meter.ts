import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Bytes one page exchanged with the server while metering, by kind of connection. */
export interface WireBytes {
  /** Both ways on connections carrying requests (POST /frames and anything else), headers included. */
  requests: number;
  /** Both ways on the page's event stream (GET /connect), headers and chunk framing included. */
  stream: number;
  /** The requests started while metering, as `METHOD /path` → how many. */
  requestLines: Record<string, number>;
}

const REQUEST_LINE = /^(GET|POST|OPTIONS|PUT|DELETE|HEAD) (\S+) HTTP\/1\.1\r\n/;

/**
 * A TCP proxy in front of the server, for one page: everything the page sends its server goes through it, and
 * while `metering` the bytes are counted on the wire as they are, HTTP headers included. From a GET /connect
 * on, a connection is the page's event stream; before it, and on every other connection, bytes are requests'.
 */
export class WireMeter {
  private counted: WireBytes = { requests: 0, stream: 0, requestLines: {} };
  private metering = false;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static start(target: string): Promise<WireMeter> {
    const { hostname, port } = new URL(target);
    const server = createServer((page) => {
      const upstream = connect(Number(port), hostname);
      meter.sockets.add(page).add(upstream);
      let kind: 'requests' | 'stream' | undefined;
      page.on('data', (chunk: Buffer) => {
        // A request line can be long: /connect carries the token in its query.
        const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, 8192));
        // Per request, not per connection: Chromium may open the stream on a kept-alive connection that
        // carried other requests before (nothing follows a stream on its connection).
        if (line) kind = line[1] === 'GET' && line[2]!.startsWith('/connect') ? 'stream' : 'requests';
        if (meter.metering) {
          if (line) {
            const name = `${line[1]} ${line[2]!.split('?')[0]}`;
            meter.counted.requestLines[name] = (meter.counted.requestLines[name] ?? 0) + 1;
          }
          meter.counted[kind ?? 'requests'] += chunk.length;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (meter.metering) meter.counted[kind ?? 'requests'] += chunk.length;
        page.write(chunk);
      });
      const close = () => {
        page.destroy();
        upstream.destroy();
      };
      for (const socket of [page, upstream]) socket.on('close', close).on('error', close);
    });
    const meter = new WireMeter(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(meter)));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Counts from now on, from zero. */
  start(): void {
    this.counted = { requests: 0, stream: 0, requestLines: {} };
    this.metering = true;
  }

  /** Stops counting and answers what was counted. */
  stop(): WireBytes {
    this.metering = false;
    return this.counted;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
