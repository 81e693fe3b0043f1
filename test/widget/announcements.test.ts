import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import { AnnouncementLog } from '../../components/controllers/announcements.js';
import { ParticipantNews, newsInWords } from '../../components/controllers/announcement-words.js';
import type { Participant } from '../../components/controllers/participants.js';
import { BoardNewsWatcher, type BoardNews } from '../../components/drawing/board-news.js';
import { DrawingDocument } from '../../components/drawing/document.js';

const me: Participant = { clientId: 1, userId: 'm-me', name: 'Me', color: '#cf1717', local: true, state: 'self' };
const person = (clientId: number | null, userId: string, name: string): Participant =>
  ({ clientId, userId, name, color: '#0d0df2', local: false, state: 'direct' });

describe('who joined and who left, in words', () => {
  it('announces people who arrive after this user by name, and each one who leaves', () => {
    const news = new ParticipantNews(() => true);
    assert.deepEqual(news.update([me]), []);
    assert.deepEqual(news.update([me, person(null, 'm-ada', 'Guest 1234')]), [], 'signaling alone: no name or arrival yet');
    assert.deepEqual(news.update([me, person(7, 'm-ada', 'Ada')]), ['Ada joined']);
    assert.deepEqual(news.update([me, person(7, 'm-ada', 'Ada'), person(8, 'm-bob', 'Bob')]), ['Bob joined']);
    assert.deepEqual(news.update([me, person(7, 'm-ada', 'Ada Lovelace'), person(8, 'm-bob', 'Bob')]), [], 'a rename is no arrival');
    assert.deepEqual(news.update([me, person(null, 'm-ada', 'Ada Lovelace'), person(8, 'm-bob', 'Bob')]), [], 'presence lost, still a member');
    assert.deepEqual(news.update([me]), ['Ada Lovelace left', 'Bob left']);
  });

  it('does not announce people who were here before this user as joining, but does tell when they leave', () => {
    const news = new ParticipantNews((clientId) => clientId !== 7);
    assert.deepEqual(news.update([me, person(7, 'm-ada', 'Ada')]), []);
    assert.deepEqual(news.update([me]), ['Ada left']);
  });

  it('never speaks of this user', () => {
    const news = new ParticipantNews(() => true);
    assert.deepEqual(news.update([me]), []);
    assert.deepEqual(news.update([]), []);
  });
});

describe('the live region\'s log', () => {
  it('drops the same words said again within ten seconds, and keeps the last three lines', () => {
    let now = 0;
    const log = new AnnouncementLog(() => now);
    assert.equal(log.say('Ada joined'), true);
    now = 2_000;
    assert.equal(log.say('Ada joined'), false);
    assert.equal(log.say('Bob joined'), true);
    now = 12_000;
    assert.equal(log.say('Ada joined'), true);
    log.say('Ada left');
    assert.deepEqual(log.lines.map((line) => line.text), ['Bob joined', 'Ada joined', 'Ada left']);
  });
});

describe('clears and restores by others, as news', () => {
  /** Ada's board and mine, each change of one applied to the other as a peer's message would be. */
  function twoBoards(now = () => Date.now()): { ada: DrawingDocument; mine: DrawingDocument; heard: BoardNews[]; watcher: BoardNewsWatcher } {
    const ada = new DrawingDocument();
    const mine = new DrawingDocument();
    ada.ydoc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(mine.ydoc, update, 'peer'));
    mine.ydoc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(ada.ydoc, update, 'peer'));
    const heard: BoardNews[] = [];
    return { ada, mine, heard, watcher: new BoardNewsWatcher(mine, (news) => heard.push(news), now) };
  }
  const stroke = (id: string) => ({ id, author: 'ada', kind: 'stroke' as const, color: '#000000', width: 4 });

  it('tells of a clear, a restore of what it removed and a restored version, by name, each once', () => {
    const { ada, heard } = twoBoards();
    for (const id of ['a', 'b', 'c']) ada.addItem(stroke(id), [1, 1, 0.5, 9, 9, 0.5]);
    const saved = ada.snapshot();
    ada.clear('Ada');
    ada.restoreClear('Ada');
    ada.addItem(stroke('d'), [5, 5, 0.5]);
    ada.restoreVersion(saved, 'Ada');
    assert.deepEqual(heard.map(newsInWords), ['Ada cleared the board', 'Ada restored 3 items', 'Ada restored a saved version']);
  });

  it('says nothing of this user\'s own clears, restores and undos', () => {
    const { mine, heard } = twoBoards();
    mine.addItem(stroke('a'), [1, 1, 0.5]);
    mine.clear('Me');
    mine.restoreClear('Me');
    mine.undo();
    mine.undo();
    assert.deepEqual(heard, []);
  });

  it('says nothing of a clear made long before this page opened, which the first sync brings', () => {
    const ada = new DrawingDocument();
    ada.addItem(stroke('a'), [1, 1, 0.5]);
    ada.clear('Ada');
    const mine = new DrawingDocument();
    const heard: BoardNews[] = [];
    new BoardNewsWatcher(mine, (news) => heard.push(news), () => Date.now() + 60_000);
    Y.applyUpdate(mine.ydoc, ada.snapshot(), 'peer');
    assert.deepEqual(heard, []);
  });
});
