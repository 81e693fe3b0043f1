import { connect, type Socket } from 'node:net';

/**
 * One simulated widget's way up: a kept-alive connection carrying its POST /frames one at a time, as the
 * widget's FrameRelay keeps one upload in flight. Requests are written as one string on a raw socket (as
 * bench/signaling/raw-http.ts does, for the same reason: node:http's client would cost the load generator
 * more than the server's work it measures). The socket counts the bytes both ways, headers included.
 */
export class UploadSocket {
  private socket: Socket;
  private buffer = '';
  private waiting: ((status: number) => void) | null = null;
  private pending: string | null = null;
  /** Bytes of connections closed since (a server may close an idle kept-alive one). */
  private closedBytes = 0;

  constructor(private readonly url: URL, private readonly token: string) {
    this.socket = this.open();
  }

  /** Bytes written and read on this user's upload connections so far. */
  get bytes(): number {
    return this.closedBytes + this.socket.bytesWritten + this.socket.bytesRead;
  }

  /** POSTs `body` to /frames; resolves with the answer's status once it is read whole. */
  post(body: string): Promise<number> {
    if (this.waiting) throw new Error('one upload at a time');
    const request = `POST /frames HTTP/1.1\r\nHost: ${this.url.host}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${this.token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.pending = request;
      this.socket.write(request, 'latin1');
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private open(): Socket {
    const socket = connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('error', () => {});
    // A kept-alive connection the server closed, perhaps just as a request went out: open another and send
    // what was not answered again.
    socket.on('close', () => {
      this.closedBytes += socket.bytesWritten + socket.bytesRead;
      this.buffer = '';
      this.socket = this.open();
      if (this.pending) this.socket.write(this.pending, 'latin1');
    });
    return socket;
  }

  /** Takes one whole answer (Content-Length or chunked) off the buffer. */
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
    const resolve = this.waiting;
    this.waiting = null;
    this.pending = null;
    resolve?.(Number(head.slice(9, 12)));
  }
}
