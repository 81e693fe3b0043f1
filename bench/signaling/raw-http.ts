import { connect, type Socket } from 'node:net';

// The relays of `npm run bench:signaling` go through this instead of node:http's client: a request written as
// one string on a kept-alive socket costs the load generator a fraction of http.request's work, so the
// latency measured is the server's rather than the client's (node:http alone put the floor near 4 ms p99).

interface Waiting {
  resolve: (status: number) => void;
  reject: (error: Error) => void;
}

/** One keep-alive connection with one request in flight at a time. */
class Connection {
  private buffer = '';
  private waiting: Waiting | undefined;
  readonly socket: Socket;

  constructor(
    host: string,
    port: number,
    private readonly onIdle: (connection: Connection) => void,
    onClosed: (connection: Connection) => void,
  ) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.read(chunk));
    this.socket.on('error', () => {});
    // Servers close kept-alive connections left idle (node's default is 5 s).
    this.socket.on('close', () => {
      this.waiting?.reject(new Error('connection closed before the response'));
      onClosed(this);
    });
  }

  send(request: string, waiting: Waiting): void {
    this.waiting = waiting;
    this.socket.write(request, 'latin1');
  }

  /** Takes one whole response (Content-Length or chunked) off the buffer, then hands the connection back. */
  private read(chunk: string): void {
    this.buffer += chunk;
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.slice(0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headEnd);
      end = last < 0 ? Infinity : last + 7;
    }
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.slice(end);
    const waiting = this.waiting!;
    this.waiting = undefined;
    this.onIdle(this);
    waiting.resolve(Number(head.slice(9, 12)));
  }
}

/** POSTs JSON over a few kept-alive connections, queueing when all are busy. */
export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly queue: Array<{ request: string; waiting: Waiting }> = [];
  private readonly all = new Set<Connection>();
  private closed = false;

  constructor(private readonly url: string, size: number) {
    for (let i = 0; i < size; i++) this.open();
  }

  /** The response's status code. */
  post(path: string, body: string, token: string): Promise<number> {
    const request = `POST ${path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      const waiting = { resolve, reject };
      const connection = this.idle.pop();
      if (connection) connection.send(request, waiting);
      else this.queue.push({ request, waiting });
    });
  }

  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.socket.destroy();
  }

  private open(): void {
    const { hostname, port } = new URL(this.url);
    const connection = new Connection(hostname, Number(port), (done) => this.release(done), (gone) => this.replace(gone));
    this.all.add(connection);
    this.release(connection);
  }

  private replace(gone: Connection): void {
    this.all.delete(gone);
    const at = this.idle.indexOf(gone);
    if (at >= 0) this.idle.splice(at, 1);
    if (!this.closed) this.open();
  }

  private release(connection: Connection): void {
    const next = this.queue.shift();
    if (next) connection.send(next.request, next.waiting);
    else this.idle.push(connection);
  }
}
