import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BENCH_MEMBER_KEY, openClient, now, post, type Client } from '../signaling/client.js';
import { recordStrokeTicks, type StrokeTick } from './stroke-frames.js';
import { UploadSocket } from './upload-socket.js';
import { LatencyHistogram } from './latency-histogram.js';

// A load-generator process of `npm run bench:relay`: `users` simulated widgets drawing through the server relay,
// in rooms of `roomSize` held whole by this process (so a frame's sending and arrival are timed on one clock).
// Each holds an event stream, joins its room, and draws strokes back to back (one a second: `strokePoints`
// points at one per animation frame), uploading the frames its peers need as the widget's FrameRelay does: at
// most one POST /frames per animation frame, one in flight, everything queued since in it. Prints
// {"ready":true} once every user is in its room, starts at the epoch time given on stdin, and prints its figures.

interface Plan {
  url: string;
  users: number;
  roomSize: number;
  strokePoints: number;
  warmupSeconds: number;
  windowSeconds: number;
  drainSeconds: number;
  /** Tells this process's room ids apart from another generator's. */
  label: string;
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const FRAME_MS = 1000 / 60;

interface User {
  client: Client;
  upload: UploadSocket;
  /** The other members' member ids: every frame this user sends is for all of them. */
  others: string[];
  /** Base64 frames waiting for the next upload, oldest first, with their sequence numbers. */
  queue: Array<{ seq: number; data: string }>;
  uploading: boolean;
  nextTickAt: number;
  strokeTick: number;
  /** When each frame (by sequence number) was queued, and when the upload carrying it was written. */
  queuedAt: number[];
  postedAt: number[];
  /** Frames received from each sender so far: their sequence numbers arrive in order. */
  receivedFrom: Map<string, number>;
}

const ticks: StrokeTick[] = recordStrokeTicks(plan.strokePoints);
const users: User[] = [];
/** Users by the member id of their one widget, as `frames` events name the sender. */
const byMemberId = new Map<string, User>();
const window = { start: Infinity, end: Infinity };
const inWindow = (time: number) => time >= window.start && time < window.end;
const measured = {
  latencies: new LatencyHistogram(),
  sinceUpload: new LatencyHistogram(),
  framesQueued: 0,
  framesDelivered: 0,
  points: 0,
  uploads: 0,
  refused: {} as Record<string, number>,
};

function onFrames(recipient: User, data: string): void {
  const arrived = now();
  const event = JSON.parse(data) as { peer: { id: string }; frames: string[] };
  const sender = byMemberId.get(event.peer.id);
  if (!sender) return;
  let seq = recipient.receivedFrom.get(sender.client.id) ?? 0;
  for (let i = 0; i < event.frames.length; i++, seq++) {
    const queuedAt = sender.queuedAt[seq]!;
    if (!inWindow(queuedAt)) continue;
    measured.framesDelivered++;
    measured.latencies.add(arrived - queuedAt);
    measured.sinceUpload.add(arrived - sender.postedAt[seq]!);
  }
  recipient.receivedFrom.set(sender.client.id, seq);
}

async function openUsers(): Promise<void> {
  const rooms = Math.ceil(plan.users / plan.roomSize);
  for (let r = 0; r < rooms; r++) {
    const room = `bench-relay-${plan.label}-${r}-${Math.random().toString(36).slice(2, 8)}`;
    const members: User[] = [];
    for (let m = 0; m < plan.roomSize && users.length < plan.users; m++) {
      const user = {} as User;
      user.client = await openClient(plan.url, `drawer${users.length}`, (event, data) => event === 'frames' && onFrames(user, data));
      Object.assign(user, { queue: [], uploading: false, nextTickAt: 0, strokeTick: 0, queuedAt: [], postedAt: [], receivedFrom: new Map() });
      user.upload = new UploadSocket(new URL(plan.url), user.client.token);
      await user.client.connected;
      const joined = await post(`${plan.url}/${room}/join`, { member: BENCH_MEMBER_KEY }, user.client.token);
      if (joined.status !== 200) throw new Error(`join ${room} answered ${joined.status}: ${joined.text}`);
      members.push(user);
      users.push(user);
      byMemberId.set(user.client.memberId, user);
    }
    for (const user of members) user.others = members.filter((other) => other !== user).map((other) => other.client.memberId);
  }
}

/** One animation frame of one user: the upload of what earlier frames queued, then this frame's frames. */
function tick(user: User, time: number): void {
  if (!user.uploading && user.queue.length > 0) void flush(user);
  const { frames, points } = ticks[user.strokeTick]!;
  user.strokeTick = (user.strokeTick + 1) % ticks.length;
  // A member alone in its room (the last room of a process may be short) has no one to send to.
  if (user.others.length === 0) return;
  for (const data of frames) {
    const seq = user.queuedAt.length;
    user.queuedAt.push(time);
    user.queue.push({ seq, data });
    if (inWindow(time)) measured.framesQueued += user.others.length;
  }
  if (inWindow(time)) measured.points += points;
}

async function flush(user: User): Promise<void> {
  // The widget's uploads hold at most 256 frames; at one stroke a second a queue never gets near that.
  const batch = user.queue.splice(0, 256);
  const to = user.others;
  // Every frame of a drawer goes to the same peers: one group, as the widget's FrameRelay makes of them.
  const body = JSON.stringify({ from: user.client.memberId, groups: [{ to, frames: batch.map(({ data }) => data) }] });
  const postedAt = now();
  for (const { seq } of batch) user.postedAt[seq] = postedAt;
  user.uploading = true;
  const status = await user.upload.post(body);
  user.uploading = false;
  if (inWindow(postedAt)) {
    measured.uploads++;
    if (status !== 200) measured.refused[status] = (measured.refused[status] ?? 0) + 1;
  }
}

/** Runs every user's animation frames at 60 a second, each at its own phase, until drawing stops. */
function draw(startAt: number, stopAt: number): Promise<void> {
  for (const user of users) {
    user.nextTickAt = startAt + Math.random() * FRAME_MS;
    user.strokeTick = Math.floor(Math.random() * ticks.length);
  }
  return new Promise((resolve) => {
    const loop = () => {
      const time = now();
      if (time >= stopAt) return resolve();
      for (const user of users) {
        if (user.nextTickAt > time) continue;
        tick(user, time);
        // A page that falls behind skips frames rather than drawing them all at once.
        user.nextTickAt = Math.max(user.nextTickAt + FRAME_MS, time);
      }
      setTimeout(loop, 1);
    };
    loop();
  });
}

/** Drawing has stopped: what is still queued goes up, one upload at a time per user, as the widget's would. */
async function drain(until: number): Promise<void> {
  while (now() < until) {
    for (const user of users) if (!user.uploading && user.queue.length > 0) void flush(user);
    await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
  }
}

const bytesOnWire = () => users.reduce((sum, user) => sum + user.upload.bytes + user.client.socket.bytesRead + user.client.socket.bytesWritten, 0);

await openUsers();
console.log(JSON.stringify({ ready: true }));
const startAt = Number((await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()).value);
window.start = startAt + plan.warmupSeconds * 1000;
window.end = window.start + plan.windowSeconds * 1000;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let cpuAtStart = process.cpuUsage();
let bytesAtStart = 0;
setTimeout(() => {
  cpuAtStart = process.cpuUsage();
  bytesAtStart = bytesOnWire();
  loopDelay.enable();
}, Math.max(0, window.start - now()));
await draw(startAt, window.end);
const cpu = process.cpuUsage(cpuAtStart);
loopDelay.disable();
await drain(now() + plan.drainSeconds * 1000);
const bytes = bytesOnWire() - bytesAtStart;
console.log(JSON.stringify({
  users: users.length,
  framesQueued: measured.framesQueued,
  framesDelivered: measured.framesDelivered,
  points: measured.points,
  uploads: measured.uploads,
  refused: measured.refused,
  latencies: measured.latencies,
  sinceUpload: measured.sinceUpload,
  bytes,
  cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (plan.windowSeconds * 1000)) * 1000) / 10,
  loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
}));
for (const user of users) {
  user.upload.close();
  user.client.socket.destroy();
}
process.exit(0);
