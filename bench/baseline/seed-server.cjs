// The seed's signaling design, rebuilt for comparison in `npm run bench:signaling`: Express, SSE written by
// hand to each response, users and rooms in memory, JWT access tokens. Written from the seed's documented
// API (../shared/DESIGN.md), with only what it needs to run fixed: frames end with a blank line, and the
// variables its join and disconnect used are defined. None of our limits or validation are added.
// Its dependencies are the seed's versions (package.json beside it; `npm run bench:signaling` installs them into
// node_modules here, which `require` finds before the repo's own): jsonwebtoken 9 would make every request
// several times slower than the seed ever was.
const express = require('express');
const jwt = require('jsonwebtoken');
const { v4: uuid } = require('uuid');

const secret = process.env.TOKEN_SECRET;
const app = express();
app.use(express.json());

const clients = new Map(); // user id → { user, res }
const rooms = new Map(); // room id → Set of user ids
const roomsOf = new Map(); // user id → Set of room ids

function send(userId, event, data) {
  const client = clients.get(userId);
  if (!client) return;
  client.res.write(`id: ${uuid()}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function auth(req, res, next) {
  const token = req.headers.authorization ? req.headers.authorization.split(' ')[1] : req.query.token;
  if (typeof token !== 'string') return res.sendStatus(401);
  jwt.verify(token, secret, (error, user) => {
    if (error) return res.sendStatus(403);
    req.user = user;
    next();
  });
}

app.post('/access', (req, res) => {
  if (!req.body.username) return res.sendStatus(403);
  const user = { id: uuid(), username: req.body.username };
  res.json({ token: jwt.sign(user, secret, { expiresIn: '3600s' }) });
});

app.get('/connect', auth, (req, res) => {
  if (req.headers.accept !== 'text/event-stream') return res.sendStatus(404);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.flushHeaders();
  const user = { id: req.user.id, username: req.user.username };
  clients.set(user.id, { user, res });
  send(user.id, 'connected', { user });
  const ping = setInterval(() => send(user.id, 'ping', {}), 10000);
  req.on('close', () => {
    clearInterval(ping);
    clients.delete(user.id);
    for (const roomId of roomsOf.get(user.id) || []) {
      const members = rooms.get(roomId);
      members.delete(user.id);
      for (const peerId of members) send(peerId, 'remove-peer', { peer: user, roomId });
    }
    roomsOf.delete(user.id);
  });
});

app.post('/:roomId/join', auth, (req, res) => {
  const { roomId } = req.params;
  const user = { id: req.user.id, username: req.user.username };
  if (!rooms.has(roomId)) rooms.set(roomId, new Set());
  if (!roomsOf.has(user.id)) roomsOf.set(user.id, new Set());
  roomsOf.get(user.id).add(roomId);
  for (const peerId of rooms.get(roomId)) {
    send(peerId, 'add-peer', { peer: user, roomId, offer: false });
    send(user.id, 'add-peer', { peer: clients.get(peerId).user, roomId, offer: true });
  }
  rooms.get(roomId).add(user.id);
  res.sendStatus(200);
});

app.post('/relay/:peerId/:event', auth, (req, res) => {
  send(req.params.peerId, req.params.event, { peer: { id: req.user.id, username: req.user.username }, data: req.body });
  res.sendStatus(200);
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
