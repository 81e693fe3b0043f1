import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { contrastRatio } from '../../components/drawing/color-contrast.js';
import { PRESENCE_COLORS, preferredColorIndex } from '../../components/drawing/presence-colors.js';
import { Presence } from '../../components/drawing/presence.js';

/** Client ids that all prefer the same colour: the worst case for a room. */
function collidingClientIds(count: number): number[] {
  const ids: number[] = [];
  for (let id = 1; ids.length < count; id++) if (preferredColorIndex(id) === preferredColorIndex(1)) ids.push(id);
  return ids;
}

/** People in one room whose presences reach one another through a queue of awareness updates, as over the mesh. */
class Room {
  readonly people: Presence[] = [];
  private readonly inFlight: Array<{ from: Presence; update: Uint8Array }> = [];

  /** Someone opens the board at `since` (their clock) with this client id, and announces themselves. */
  arrive(clientId: number, since: number, name = `P${this.people.length + 1}`): Presence {
    const ydoc = new Y.Doc();
    ydoc.clientID = clientId;
    const person = new Presence(ydoc, () => {}, () => since);
    person.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin !== 'local') return;
      this.inFlight.push({ from: person, update: encodeAwarenessUpdate(person.awareness, [...added!, ...updated!, ...removed!]) });
    });
    // A newcomer hears everyone's state once its channels open; the others hear its own.
    for (const other of this.people) this.inFlight.push({ from: other, update: encodeAwarenessUpdate(other.awareness, [other.awareness.clientID]) });
    this.people.push(person);
    person.setUser(name);
    return person;
  }

  deliverAll(): void {
    for (let delivered = 0; this.inFlight.length > 0; delivered++) {
      assert.ok(delivered < 100_000, 'presence settles');
      const { from, update } = this.inFlight.shift()!;
      for (const person of this.people) if (person !== from) applyAwarenessUpdate(person.awareness, update, 'remote');
    }
  }

  /** The colour each person shows on every screen; fails when two screens disagree. */
  colors(): string[] {
    return this.people.map((person) => {
      const seen = new Set(this.people.map((viewer) => viewer.participants.find((p) => p.clientId === person.awareness.clientID)?.color));
      assert.equal(seen.size, 1, `everyone sees ${person.awareness.clientID} in one colour (${[...seen].join(', ')})`);
      return [...seen][0]!;
    });
  }

  leave(): void {
    for (const person of this.people) person.destroy();
  }
}

describe('distinct presence colours', () => {
  it('are sixteen colours far apart, each at least 3:1 against the white board', () => {
    assert.equal(new Set(PRESENCE_COLORS).size, 16);
    for (const color of PRESENCE_COLORS) assert.ok(contrastRatio(color, '#ffffff') >= 3, `${color} on white: ${contrastRatio(color, '#ffffff').toFixed(2)}:1`);
  });

  it('gives sixteen people arriving one by one, all preferring the same colour, sixteen different colours', () => {
    const room = new Room();
    const ids = collidingClientIds(16);
    const firstColor: string[] = [];
    ids.forEach((id, i) => {
      room.arrive(id, 1_000 + i);
      room.deliverAll();
      firstColor.push(room.colors()[0]!);
    });
    const colors = room.colors();
    assert.equal(new Set(colors).size, 16, colors.join(' '));
    assert.ok(colors.every((color) => PRESENCE_COLORS.includes(color)));
    assert.equal(colors[0], PRESENCE_COLORS[preferredColorIndex(ids[0]!)], 'the first keeps the colour their id picks');
    assert.equal(new Set(firstColor).size, 1, 'no one who was there changes colour when someone joins');
    room.leave();
  });

  it('settles on sixteen different colours when everyone arrives at once, whatever order updates come in', () => {
    const room = new Room();
    // Same arrival time for all: the client id breaks the tie, and every peer breaks it the same way.
    for (const id of collidingClientIds(16).reverse()) room.arrive(id, 5_000);
    room.deliverAll();
    const colors = room.colors();
    assert.equal(new Set(colors).size, 16, colors.join(' '));
    room.leave();
  });

  it('keeps a colour when the person who had it first leaves, so no one changes colour under the others', () => {
    const room = new Room();
    const [first, second] = collidingClientIds(2) as [number, number];
    const ada = room.arrive(first, 1);
    const bob = room.arrive(second, 2);
    room.deliverAll();
    const bobColor = room.colors()[1]!;
    assert.notEqual(bobColor, room.colors()[0]);
    ada.awareness.setLocalState(null);
    room.deliverAll();
    assert.equal(bob.participants.find((p) => p.local)?.color, bobColor);
    room.leave();
  });
});
