import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Participant } from '../../components/controllers/participants.js';
import { statusText } from '../../components/elements/status-text.js';

function participant(name: string, state: Participant['state']): Participant {
  return { clientId: null, userId: name.toLowerCase(), name, color: '#868e96', local: state === 'self', state };
}

describe('statusText: how the drawing reaches the room, in one line', () => {
  it('counts every peer the drawing reaches and says nothing more when all are direct', () => {
    const room = [participant('Me', 'self'), participant('Ada', 'direct'), participant('Bea', 'direct')];
    assert.equal(statusText('connected', '', 2, room), 'Connected · 2 peers');
  });

  it('says how many go through TURN and how many through the server', () => {
    const room = [participant('Me', 'self'), participant('Ada', 'direct'), participant('Bea', 'turn'), participant('Cy', 'relay')];
    assert.equal(statusText('connected', '', 3, room), 'Connected · 3 peers (1 through TURN, 1 through the server)');
    assert.equal(statusText('connected', '', 1, [participant('Me', 'self'), participant('Bea', 'turn')]), 'Connected · 1 peer (1 through TURN)');
  });

  it('names the members it cannot reach, after the ways it reaches the others', () => {
    const room = [participant('Me', 'self'), participant('Ada', 'relay'), participant('Bea', 'unreachable'), participant('Cy', 'connecting')];
    assert.equal(statusText('connected', '', 1, room), "Connected · 1 peer (1 through the server) · Can't reach Bea");
  });

  it('adds how many changes made here no peer holds yet, whatever the connection, and nothing when none', () => {
    const room = [participant('Me', 'self')];
    assert.equal(statusText('connected', '', 0, room, [], 5), 'Connected · 0 peers · 5 changes not shared yet');
    assert.equal(statusText('offline', '', 0, room, [], 1), 'Offline · your drawing is kept and shared when you are back · 1 change not shared yet');
    assert.equal(statusText('connected', '', 0, room, [], 0), 'Connected · 0 peers');
  });

  it('says when the server stopped saving the board as too large, after what is not shared yet', () => {
    const room = [participant('Me', 'self')];
    assert.equal(statusText('connected', '', 0, room, [], 2, true), 'Connected · 0 peers · 2 changes not shared yet · This board is too large to save on the server');
    assert.equal(statusText('connected', '', 1, room, [], 0, false), 'Connected · 1 peer');
  });
});
