import { connect } from 'node:net';

export interface ResponseOnWire {
  status: number;
  /** Everything the server sent: status line, headers and body, as they crossed the socket. */
  bytes: number;
  headers: Map<string, string>;
}

/**
 * One GET over a raw kept-alive socket, as a browser sends it, counting the bytes of the answer exactly:
 * node:http's client would hide the header bytes and fetch() would decompress the body.
 */
export function getOnWire(host: string, port: number, path: string, headers: Record<string, string>): Promise<ResponseOnWire> {
  const request = [`GET ${path} HTTP/1.1`, `Host: ${host}:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write(request));
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`GET ${path}: the connection closed after ${received.length} bytes`)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const [statusLine = '', ...fields] = received.toString('latin1', 0, headEnd).split('\r\n');
      const parsed = new Map(fields.map((field) => [field.slice(0, field.indexOf(':')).toLowerCase(), field.slice(field.indexOf(':') + 1).trim()]));
      const status = Number(statusLine.split(' ')[1]);
      // Answers here always carry Content-Length (0 when absent: a 304 has no body).
      const total = headEnd + 4 + Number(parsed.get('content-length') ?? 0);
      if (received.length < total) return;
      socket.removeAllListeners('close');
      socket.destroy();
      resolve({ status, bytes: received.length, headers: parsed });
    });
  });
}
