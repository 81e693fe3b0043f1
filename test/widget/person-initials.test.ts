import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialsOf } from '../../components/controllers/person-initials.js';

describe('the initials an avatar shows', () => {
  it('takes the first letter of a one-word name, in upper case', () => {
    assert.equal(initialsOf('alice'), 'A');
  });

  it('takes the first letters of the first and last words of a longer name', () => {
    assert.equal(initialsOf('Ada Lovelace'), 'AL');
    assert.equal(initialsOf('ada  augusta   king lovelace'), 'AL');
    assert.equal(initialsOf('Guest 3f9a'), 'G3');
  });

  it('keeps a letter with its accents and an emoji whole', () => {
    assert.equal(initialsOf('e\u0301lodie'), 'E\u0301');
    assert.equal(initialsOf('🦊 fox'), '🦊F');
    assert.equal(initialsOf('👩🏽‍💻 dev'), '👩🏽‍💻D');
  });

  it('upper-cases letters of any script and shows "?" for a name with nothing to show', () => {
    assert.equal(initialsOf('ørjan ålund'), 'ØÅ');
    assert.equal(initialsOf('  '), '?');
  });
});
