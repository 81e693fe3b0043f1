// The least a server relay for drawing frames can do, for `npm run bench:relay`: node:http, no token check, no
// rooms, no limits. POST /frames hands each recipient its frames in one `frames` event, as ours does; the load
// generator's figures against it are what this machine and the measurement allow in the same run.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const streams = new Map();
let eventId = 1;

/** The user a floor token names (it is the payload of `floor.<payload>.floor`, unsigned). */
const userOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

createServer((request, response) => {
  if (request.method === 'GET' && request.url.startsWith('/connect')) {
    const user = userOf(new URL(request.url, 'http://floor').searchParams.get('token'));
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write(`id: 0\nevent: connected\ndata: {}\n\n`);
    streams.set(user.id, response);
    response.on('close', () => streams.delete(user.id));
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
    if (request.url === '/frames') {
      // {from, groups: [{to, frames}]}, addressed to members "<userId>.<key>": each goes to its user's stream.
      const { from, groups } = JSON.parse(body);
      const byPeer = new Map();
      for (const { to, frames } of groups) {
        for (const id of to) byPeer.set(id, [...(byPeer.get(id) ?? []), ...frames]);
      }
      for (const [id, frames] of byPeer) {
        streams.get(id.split('.')[0])?.write(`id: ${eventId++}\nevent: frames\ndata: ${JSON.stringify({ to: id, peer: { id: from }, frames })}\n\n`);
      }
      return response.end('{"unreachable":[]}');
    }
    // Joins and anything else: nothing to keep.
    response.end('{}');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
