import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { usernameProblem } from '../../protocol/signaling.js';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

// Characters that let one name pass for another or reorder the text around it where names are shown.
const spoofing: Array<[string, string]> = [
  ['a C1 control (U+0085, next line)', 'ad\u0085min'],
  ['a C1 control (U+009B, control sequence introducer)', 'ad\u009b31mmin'],
  ['a line separator (U+2028)', 'ad\u2028min'],
  ['a paragraph separator (U+2029)', 'ad\u2029min'],
  ['a right-to-left override (U+202E)', 'bob\u202Egnp.exe'],
  ['a left-to-right isolate (U+2066)', 'bob\u2066x'],
  ['a right-to-left mark (U+200F)', 'bob\u200F'],
  ['a zero-width space (U+200B)', 'ad\u200Bmin'],
  ['a zero-width joiner between letters (U+200D)', 'ad\u200Dmin'],
  ['a zero-width no-break space inside (U+FEFF)', 'ad\uFEFFmin'],
  ['a soft hyphen (U+00AD)', 'ad\u00ADmin'],
  ['a Unicode tag character (U+E0041)', 'admin\u{E0041}'],
  ['a lone surrogate', 'ad\uD800min'],
  ['a C0 control (ESC)', 'bob\u001b[31m'],
];

describe('usernames', () => {
  let server: SignalingServer;
  before(async () => (server = await SignalingServer.start()));
  after(() => server.close());

  for (const [what, username] of spoofing) {
    it(`refuses a name with ${what}, at POST /access and in the widget's own check`, async () => {
      assert.match(usernameProblem(username) ?? '', /control characters, invisible format characters or line separators \(it has U\+[0-9A-F]{4,5}\)/);
      const response = await server.post('/access', { username });
      assert.equal(response.status, 400);
      assert.match(await errorOf(response), /control characters, invisible format characters or line separators \(it has U\+[0-9A-F]{4,5}\)/);
    });
  }

  it('issues the name in NFC: "e" and a combining acute come back as "é"', async () => {
    const { user } = await server.access('Ren\u0065\u0301e  ');
    assert.equal(user.username, 'Ren\u00e9e');
  });

  it('counts the length of the NFC name: 32 decomposed "é"s are 32 characters, not 64', async () => {
    assert.equal(usernameProblem('e\u0301'.repeat(32)), null);
    const { user } = await server.access('e\u0301'.repeat(32));
    assert.equal(user.username, '\u00e9'.repeat(32));
  });

  it('accepts names in any script, emoji, and emoji joined by a zero-width joiner', async () => {
    for (const username of ['Zoë', 'Ада', 'نور', '李小龍', 'Ada 🎨', '👩\u200D💻 dev', '🏳️\u200D🌈']) {
      assert.equal(usernameProblem(username), null, username);
      const { user } = await server.access(username);
      assert.equal(user.username, username);
    }
  });
});
