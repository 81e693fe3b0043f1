import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EVENT_NAMES } from '../../components/elements/events.js';

/** The parts of custom-elements.json (schema 2.x) these tests read. */
interface Manifest {
  modules: Array<{ declarations?: Declaration[] }>;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  description?: string;
  dependencies?: string[];
  events?: Array<{ name: string; type?: { text: string }; description?: string }>;
  cssProperties?: Array<{ name: string; default?: string; description?: string }>;
  cssParts?: Array<{ name: string; description?: string }>;
  attributes?: Array<{ name: string; description?: string }>;
  members?: Array<{ kind: string; name: string; privacy?: string; static?: boolean; type?: { text: string }; description?: string }>;
}

const root = new URL('../../', import.meta.url);
const manifestFile = new URL('custom-elements.json', root);

function readManifest(): Declaration[] {
  assert.ok(existsSync(manifestFile), 'custom-elements.json is missing: `npm run build` (or `npm run manifest`) writes it');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  return manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName);
}

/** The source of every file under components/elements and components/controllers: styles and templates. */
function elementSources(): string {
  return ['components/elements/', 'components/controllers/']
    .flatMap((folder) => readdirSync(new URL(folder, root)).filter((file) => file.endsWith('.ts')).map((file) => new URL(folder + file, root)))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

const elements = readManifest();
const element = (tag: string): Declaration => {
  const found = elements.find((declaration) => declaration.tagName === tag);
  assert.ok(found, `custom-elements.json declares <${tag}>`);
  return found;
};

describe('custom-elements.json, as built from the elements\' JSDoc', () => {
  it('declares every event of the event map, each with its detail type and a description', () => {
    const documented = new Map(elements.flatMap((declaration) => declaration.events ?? []).map((event) => [event.name, event]));
    for (const name of EVENT_NAMES) {
      const event = documented.get(name);
      assert.ok(event, `${name} is documented with @fires`);
      assert.match(event.type?.text ?? '', /^CustomEvent<.+>$/, `${name} carries its detail type`);
      assert.ok(event.description, `${name} says when it fires`);
    }
    assert.deepEqual([...documented.keys()].filter((name) => !(EVENT_NAMES as string[]).includes(name)), [], 'no documented event outside the event map');
  });

  it('documents every --draw-room-… and --draw-toolbar-… custom property the styles use, with its default', () => {
    const documented = new Map(elements.flatMap((declaration) => declaration.cssProperties ?? []).map((property) => [property.name, property]));
    const used = [...elementSources().matchAll(/var\(\s*(--draw-(?:room|toolbar)-[\w-]+)\s*,\s*([^)]+?)\s*\)/g)];
    assert.ok(used.some(([, name]) => name === '--draw-room-height'), 'the styles were found and read');
    for (const [, name, fallback] of used) {
      const property = documented.get(name!);
      assert.ok(property, `${name} is documented with @cssprop`);
      assert.equal(property.default, fallback, `${name}'s documented default is the one the styles use`);
      assert.ok(property.description, `${name} says what it styles`);
    }
  });

  it('documents every part the templates expose', () => {
    const documented = new Set(elements.flatMap((declaration) => declaration.cssParts ?? []).map((part) => part.name));
    const used = new Set([...elementSources().matchAll(/\bpart="([\w\s-]+)"/g)].flatMap(([, names]) => names!.split(/\s+/)));
    assert.ok(used.has('board'), 'the templates were found and read');
    for (const part of used) assert.ok(documented.has(part), `part "${part}" is documented with @csspart`);
  });

  it('types every public property and describes every public method of <draw-room> and <draw-toolbar>', () => {
    for (const tag of ['draw-room', 'draw-toolbar']) {
      const publicMembers = (element(tag).members ?? []).filter((member) => !member.privacy || member.privacy === 'public');
      for (const member of publicMembers) {
        if (member.kind === 'field') assert.ok(member.type?.text, `<${tag}>.${member.name} has a type`);
        assert.ok(member.description, `<${tag}>.${member.name} is described`);
      }
    }
    const methods = (element('draw-room').members ?? []).filter((member) => member.kind === 'method' && !member.privacy).map((member) => member.name);
    assert.deepEqual(methods.sort(), ['clear', 'load', 'redo', 'restoreCleared', 'setBackground', 'snapshot', 'toPNG', 'toSVG', 'undo']);
  });

  it('says <draw-room> renders <draw-toolbar>, and reflects status to an attribute', () => {
    assert.deepEqual(element('draw-room').dependencies, ['draw-toolbar']);
    assert.ok(element('draw-room').attributes?.some((attribute) => attribute.name === 'status' && attribute.description));
  });
});
