import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

// A Yjs update cut into updates no larger than a limit: the server keeps entries of at most MAX_ENTRY_BYTES, while
// one change can be far larger (load() of a big board, or a device's copy brought up at a join, is one update, and
// Yjs merges a board drawn by one person into a single struct of every item). Cutting the update itself, between
// any two clocks, keeps each part an ordinary entry: any reader merges the parts back, in any order, and a batch
// cut this way can go up part by part with progress kept between failures. (A compaction snapshot may be larger,
// up to MAX_ROOM_BYTES, but it needs every entry read and readable, and it rewrites the whole room each time.)

type Struct = Y.Item | Y.GC | Y.Skip;

/** A run of one client's structs in a part: what the part writes for that client, from `structs[0]`'s clock. */
interface ClientRun {
  client: number;
  structs: Struct[];
}

/** Bytes a part spends beyond its structs: the count of clients and an empty delete set. */
const PART_BYTES = 6;
/** Bytes a client's run spends beyond its structs: the count of structs, the client id and the first clock. */
const RUN_BYTES = 15;

/**
 * `update` (Yjs V1) as updates of at most `maxBytes` each, which together hold exactly what it holds: its structs
 * cut between clocks where they must be, and its delete set (deletes move no clock) added to the last part, or
 * apart when that would not fit. A part over `maxBytes` remains only where one clock alone is larger (an item
 * with no length to cut, such as a single huge value): the caller cannot send it as an entry.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.length <= maxBytes) return [update];
  const { structs } = Y.decodeUpdate(update);
  const parts: Uint8Array[] = [];
  let runs: ClientRun[] = [];
  let size = PART_BYTES;
  const closePart = () => {
    if (runs.some((run) => run.structs.some(isReal))) parts.push(encodeRuns(runs));
    runs = [];
    size = PART_BYTES;
  };
  const add = (struct: Struct, bytes: number) => {
    const last = runs.at(-1);
    if (last?.client === struct.id.client) {
      last.structs.push(struct);
      size += bytes;
    } else {
      runs.push({ client: struct.id.client, structs: [struct] });
      size += bytes + RUN_BYTES;
    }
  };
  for (const struct of structs) {
    // A gap's placeholder (Skip) keeps the clocks of a run in step; a part never starts with one.
    if (struct instanceof Y.Skip) {
      if (runs.at(-1)?.client === struct.id.client) add(struct, encodedLength(struct));
      continue;
    }
    let from = 0;
    while (from < struct.length) {
      const continuing = runs.at(-1)?.client === struct.id.client;
      const to = furthestFit(struct, from, maxBytes - size - (continuing ? 0 : RUN_BYTES));
      if (to > from) {
        const slice = sliceOf(struct, from, to);
        add(slice, encodedLength(slice));
        from = to;
      } else if (runs.length > 0) {
        closePart();
      } else {
        // One clock larger than a part: it goes alone, for the caller to refuse.
        add(sliceOf(struct, from, from + 1), 0);
        closePart();
        from++;
      }
    }
  }
  closePart();
  return withDeletes(parts, deletesOf(update, structs), maxBytes);
}

const isReal = (struct: Struct) => !(struct instanceof Y.Skip);

function withoutTrailingSkips(structs: Struct[]): Struct[] {
  let end = structs.length;
  while (end > 0 && !isReal(structs[end - 1]!)) end--;
  return structs.slice(0, end);
}

/**
 * The largest `to` (at most the struct's end) whose slice from `from` encodes in `room` bytes; `from` if none.
 * It guesses from the struct's average bytes per clock, then gallops and halves: a huge struct is encoded a few
 * times in parts near `room`, not once per clock.
 */
function furthestFit(struct: Struct, from: number, room: number): number {
  if (room <= 0) return from;
  const fits = (to: number) => encodedLength(sliceOf(struct, from, to)) <= room;
  const end = struct.length;
  const bytesPerClock = Math.max(1, encodedLength(struct) / end);
  let good = from;
  let bad = end + 1;
  let probe = Math.min(end, from + Math.max(1, Math.floor(room / bytesPerClock)));
  while (bad - good > 1) {
    if (fits(probe)) {
      good = probe;
      if (good === end) break;
      probe = Math.min(end, good + Math.max(1, good - from));
      if (probe >= bad) probe = Math.floor((good + bad) / 2);
    } else {
      bad = probe;
      probe = Math.floor((good + bad) / 2);
    }
  }
  return good;
}

/**
 * The clocks [from, to) of `struct` as a struct of their own, as Yjs splits an item: a right part's origin is the
 * clock before it, and every part keeps the original right origin. The decoded struct itself is left as it is.
 */
function sliceOf(struct: Struct, from: number, to: number): Struct {
  if (from === 0 && to === struct.length) return struct;
  const id = Y.createID(struct.id.client, struct.id.clock + from);
  if (struct instanceof Y.GC) return new Y.GC(id, to - from);
  if (struct instanceof Y.Skip) return new Y.Skip(id, to - from);
  const content = struct.content.copy();
  if (to < struct.length) content.splice(to);
  const kept = from > 0 ? content.splice(from) : content;
  const origin = from > 0 ? Y.createID(struct.id.client, struct.id.clock + from - 1) : struct.origin;
  return new Y.Item(id, null, origin, null, struct.rightOrigin, struct.parent, struct.parentSub, kept);
}

function encodedLength(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoder.toUint8Array().length;
}

/** One V1 update of `runs` (Skips at a run's end dropped), with an empty delete set. */
function encodeRuns(runs: ClientRun[]): Uint8Array {
  const written = runs
    .map(({ client, structs }) => ({ client, structs: withoutTrailingSkips(structs) }))
    .filter((run) => run.structs.length > 0);
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, written.length);
  for (const { client, structs } of written) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** `update`'s delete set alone, as an update with no structs; null when it deletes nothing. */
function deletesOf(update: Uint8Array, structs: Struct[]): Uint8Array | null {
  const { ds } = Y.decodeUpdate(update);
  if (ds.clients.size === 0) return null;
  const everything = new Map<number, number>();
  for (const { id, length } of structs) everything.set(id.client, Math.max(everything.get(id.client) ?? 0, id.clock + length));
  return Y.diffUpdate(update, Y.encodeStateVector(everything));
}

/** The delete set joins the last part when both fit in one, else it goes as a part of its own. */
function withDeletes(parts: Uint8Array[], deletes: Uint8Array | null, maxBytes: number): Uint8Array[] {
  if (!deletes) return parts;
  const last = parts.at(-1);
  if (last && last.length + deletes.length <= maxBytes) return [...parts.slice(0, -1), Y.mergeUpdates([last, deletes])];
  return [...parts, deletes];
}
