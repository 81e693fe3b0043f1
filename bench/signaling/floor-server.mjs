// The least a relay server can do, for `npm run bench:signaling`: node:http, no checks, no framework. The load
// generator's figures against it are the floor that this machine and the measurement itself set; what ours
// costs above it is ours.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const streams = new Map();
let eventId = 1;

createServer((request, response) => {
  if (request.method === 'GET' && request.url.startsWith('/connect')) {
    const token = new URL(request.url, 'http://floor').searchParams.get('token');
    const { id } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write(`id: 0\nevent: connected\ndata: {}\n\n`);
    streams.set(id, response);
    response.on('close', () => streams.delete(id));
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    if (request.url === '/access') {
      const payload = Buffer.from(JSON.stringify({ id: randomUUID() })).toString('base64url');
      return response.end(JSON.stringify({ token: `floor.${payload}.floor` }));
    }
    // Addressed to a member "<userId>.<key>", whose user's stream takes it; the body is {from, data}.
    const relay = /^\/relay\/([^/.]+)\.[^/]+\/([^/]+)$/.exec(request.url);
    const stream = relay && streams.get(relay[1]);
    if (stream) stream.write(`id: ${eventId++}\nevent: ${relay[2]}\ndata: ${JSON.stringify({ peer: {}, data: JSON.parse(body).data })}\n\n`);
    response.end('{}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
