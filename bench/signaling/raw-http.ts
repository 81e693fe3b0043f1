import { connect, type Socket } from 'node:net';

// The relays of `npm run bench:signaling` go through this instead of node:http's client: a request written as
// one string on a kept-alive socket costs the load generator a fraction of http.request's work, so the
// latency measured is the server's rather than the client's (measured: see bench/README.md#load-generator).

interface Waiting {
  resolve: (status: number) => void;
  reject: (error: Error) => void;
}

interface Pending {
  request: string;
  waiting: Waiting;
  /** Sent again once already, after its connection closed unanswered. */
  retried?: boolean;
}

/** One keep-alive connection with one request in flight at a time. */
class Connection {
  private buffer = '';
  private pending: Pending | undefined;
  readonly socket: Socket;

  constructor(
    host: string,
    port: number,
    private readonly onIdle: (connection: Connection) => void,
    onClosed: (connection: Connection, unanswered: Pending | undefined) => void,
  ) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.read(chunk));
    this.socket.on('error', () => {});
    // Servers close kept-alive connections left idle (node's default is 5 s), sometimes just as a request is
    // written to one: the pool sends what was not answered again.
    this.socket.on('close', () => onClosed(this, this.pending));
  }

  send(pending: Pending): void {
    this.pending = pending;
    this.socket.write(pending.request, 'latin1');
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
    const { waiting } = this.pending!;
    this.pending = undefined;
    this.onIdle(this);
    waiting.resolve(Number(head.slice(9, 12)));
  }
}

/** POSTs JSON over a few kept-alive connections, queueing when all are busy. */
export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly queue: Pending[] = [];
  private readonly all = new Set<Connection>();
  private closed = false;

  constructor(private readonly url: string, size: number) {
    for (let i = 0; i < size; i++) this.open();
  }

  /** The response's status code. */
  post(path: string, body: string, token: string): Promise<number> {
    const request = `POST ${path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => this.dispatch({ request, waiting: { resolve, reject } }));
  }

  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.socket.destroy();
  }

  private open(): void {
    const { hostname, port } = new URL(this.url);
    const connection = new Connection(hostname, Number(port), (done) => this.release(done), (gone, unanswered) => this.replace(gone, unanswered));
    this.all.add(connection);
    this.release(connection);
  }

  private dispatch(pending: Pending): void {
    const connection = this.idle.pop();
    if (connection) connection.send(pending);
    else this.queue.push(pending);
  }

  private replace(gone: Connection, unanswered: Pending | undefined): void {
    this.all.delete(gone);
    const at = this.idle.indexOf(gone);
    if (at >= 0) this.idle.splice(at, 1);
    if (!this.closed) this.open();
    if (!unanswered) return;
    if (this.closed || unanswered.retried) unanswered.waiting.reject(new Error('connection closed before the response'));
    else this.dispatch({ ...unanswered, retried: true });
  }

  private release(connection: Connection): void {
    const next = this.queue.shift();
    if (next) connection.send(next);
    else this.idle.push(connection);
  }
}
