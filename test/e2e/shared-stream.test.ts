import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { countPixels, drawLine, pickColor, pickWidth } from '../support/board.js';
import { newVisitorContext } from '../support/browser.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';
import { eventually } from '../support/eventually.js';
import type { Board } from '../support/host-page.js';

const TABS = 10;
/** Tabs (0-based) that show two widgets of the room: the first is among them, so the stream's first holder has two. */
const TWO_WIDGET_TABS = new Set([0, 3, 7]);
/** A smaller mesh than the default keeps 13 widgets' peer connections within two cores; the rest go by the relay. */
const MESH_PEERS = 4;
const RED = '#cf1717';
const BLUE = '#1760cf';
const GREEN = '#17cf60';
/** Wide enough for two boards pages' widgets side by side. */
const VIEWPORT = { viewport: { width: 1240, height: 760 } };
/** Board pixels: thick enough to paint solid pixels on boards a third of their size. */
const STROKE_WIDTH = 16;

/**
 * Counts the EventSources this page makes and those not closed yet, and records its widgets' errors. The
 * widget's shared session lives in one tab's page (a Web Locks leader), so the page is where its stream shows.
 */
const COUNT_EVENT_SOURCES = `
  const Native = window.EventSource;
  const made = [];
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      made.push(this);
    }
  };
  window.eventSourceCount = () => ({ made: made.length, open: made.filter((source) => source.readyState !== Native.CLOSED).length });
  // Every widget's draw-room-error, by widget id (they bubble out of shadow roots to the document).
  const errors = [];
  window.roomErrors = errors;
  document.addEventListener('draw-room-error', (event) => errors.push(event.target.id + ': ' + event.detail.message));
`;

/** One widget in a tab: how to find it on the page and the name it shows in the room. */
interface Widget {
  selector: string;
  name: string;
}

interface Tab {
  page: Page;
  /** 1-based, as messages name it. */
  number: number;
  widgets: Widget[];
}

const describeWidget = (tab: Tab, widget: Widget) => `tab ${tab.number}'s ${widget.name}`;

/** `eventually`, whose failure also says what `lastSeen` reports then: what the page showed instead. */
async function eventuallyShowing(what: string, check: () => Promise<boolean>, timeoutMs: number, lastSeen: () => Promise<string> | string): Promise<void> {
  try {
    await eventually(what, check, timeoutMs);
  } catch (error) {
    assert.fail(`${error instanceof Error ? error.message : String(error)} (${await lastSeen()})`);
  }
}

/** A browser profile whose tabs count their EventSources and say what went wrong in them. */
async function countingContext(stack: E2eStack): Promise<BrowserContext> {
  const context = await newVisitorContext(stack.browser, VIEWPORT);
  await context.addInitScript({ content: COUNT_EVENT_SOURCES });
  return context;
}

/** Opens a boards page of `boards` in a new tab of `context`; page.goto must succeed (the page loads). */
async function openTab(stack: E2eStack, context: BrowserContext, number: number, boards: readonly Board[]): Promise<Tab> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[tab ${number} page error] ${error.message}`));
  if (process.env.PAGE_CONSOLE) {
    page.on('console', (message) => console.error(`[tab ${number} console ${message.type()}] ${message.text()}`));
    // Which request failed says more than the console's "Failed to load resource" (the path only: queries carry tokens).
    page.on('response', (response) => {
      if (response.status() >= 400) console.error(`[tab ${number} answer] ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
  }
  await page.goto(stack.site.boardsPage(boards));
  return { page, number, widgets: boards.map(({ username }, i) => ({ selector: `#board-${i + 1}`, name: username })) };
}

/** The EventSources open in each tab, in tab order. */
const openStreamsOf = (tabs: readonly Tab[]) =>
  Promise.all(tabs.map(async ({ page }) => (await page.evaluate(() => window.eventSourceCount!())).open));
const sum = (counts: readonly number[]) => counts.reduce((total, count) => total + count, 0);

/** The draw-room-error messages the widgets of `tabs` reported (but those in `seen`), naming tab and widget. */
const roomErrorsOf = async (tabs: readonly Tab[], seen: readonly string[] = []) =>
  (await Promise.all(tabs.map(async (tab) => (await tab.page.evaluate(() => window.roomErrors!)).map((message) => `tab ${tab.number} ${message}`))))
    .flat().filter((message) => !seen.includes(message));

/** The widget's status line, as its user reads it. */
const statusLine = (tab: Tab, widget: Widget) =>
  tab.page.evaluate((selector) => document.querySelector(selector)!.shadowRoot!.querySelector('[part="status"]')?.textContent?.trim() ?? '', widget.selector);

const participantNames = (tab: Tab, widget: Widget) =>
  tab.page.evaluate((selector) => document.querySelector<DrawRoom>(selector)!.participants.map(({ name }) => name).sort(), widget.selector);

async function waitConnected(tab: Tab): Promise<void> {
  for (const widget of tab.widgets) {
    let status = '';
    await eventuallyShowing(`${describeWidget(tab, widget)} is connected`, async () => (status = await statusOf(tab.page, widget.selector)) === 'connected', 30_000,
      async () => `status ${status}: "${await statusLine(tab, widget)}"`);
  }
}

/** Waits until exactly one EventSource is open across `tabs`. */
function waitOneStream(what: string, tabs: readonly Tab[]): Promise<void> {
  return eventuallyShowing(what, async () => sum(await openStreamsOf(tabs)) === 1, 30_000,
    async () => `open per tab: ${(await openStreamsOf(tabs)).join(', ')}`);
}

/** Waits until `widget` lists exactly `expected` as the room's participants, by name. */
function waitParticipants(what: string, tab: Tab, widget: Widget, expected: readonly string[]): Promise<void> {
  let names: string[] = [];
  return eventuallyShowing(what, async () => JSON.stringify(names = await participantNames(tab, widget)) === JSON.stringify(expected), 30_000,
    () => `lists ${names.join(', ')}`);
}

/** Draws a stroke in `color` with the mouse on `widget`, and answers how many pixels it painted there. */
async function drawStroke(tab: Tab, widget: Widget, color: string, from: [number, number], to: [number, number]): Promise<number> {
  await tab.page.bringToFront();
  await pickColor(tab.page, color, widget.selector);
  await pickWidth(tab.page, STROKE_WIDTH, widget.selector);
  await drawLine(tab.page, from, to, widget.selector);
  const drawn = await countPixels(tab.page, color, widget.selector);
  assert.ok(drawn > 100, `${describeWidget(tab, widget)} paints its own ${color} stroke (${drawn} px)`);
  return drawn;
}

/** Waits until every widget of every tab paints at least 90% of each stroke's pixels (all widgets have one size). */
async function waitPainted(tabs: readonly Tab[], strokes: ReadonlyArray<{ color: string; drawn: number }>): Promise<void> {
  for (const tab of tabs) {
    await tab.page.bringToFront();
    for (const widget of tab.widgets) {
      for (const { color, drawn } of strokes) {
        let seen = 0;
        await eventuallyShowing(`${describeWidget(tab, widget)} paints the ${color} stroke`, async () =>
          (seen = await countPixels(tab.page, color, widget.selector)) >= drawn * 0.9, 30_000,
        async () => `${seen} of ${drawn} px painted; status "${await statusLine(tab, widget)}"`);
      }
    }
  }
}

/**
 * One browser, many tabs and widgets, against a plain HTTP/1.1 server: the widgets of a browser share ONE event
 * stream (the widgets of a page in-page, the tabs through a Web Locks leader that holds the stream and forwards
 * its events over a BroadcastChannel). With a stream per widget, the browser's 6 connections per origin run out
 * and the 7th tab cannot even load (many-tabs.test.ts shows HTTP/2 working around it).
 */
describe('one event stream for every tab and widget of a browser, over HTTP/1.1', () => {
  let stack: E2eStack;
  let context: BrowserContext;
  const room = randomId();
  const tabs: Tab[] = [];
  const strokes: Array<{ color: string; drawn: number }> = [];
  before(async () => {
    stack = await startE2eStack({ server: { limits: { maxMeshPeers: MESH_PEERS } } });
    context = await countingContext(stack);
  });
  after(() => stack?.close());

  it(`loads ${TABS} tabs of one room (some with two widgets), connects every widget over one stream, and paints strokes from two tabs everywhere`, async () => {
    const mostOpenWhileLoading: number[] = [];
    for (let i = 0; i < TABS; i++) {
      const number = i + 1;
      const boards = TWO_WIDGET_TABS.has(i)
        ? [{ room, username: `Tab ${number}a` }, { room, username: `Tab ${number}b` }]
        : [{ room, username: `Tab ${number}` }];
      try {
        tabs.push(await openTab(stack, context, number, boards));
      } catch (error) {
        const open = await openStreamsOf(tabs);
        throw new Error(`tab ${number} of ${TABS} did not load (EventSources open in tabs 1-${number - 1}: ${open.join(', ')}): ${String(error)}`);
      }
      mostOpenWhileLoading.push(sum(await openStreamsOf(tabs)));
    }
    for (const tab of tabs) await waitConnected(tab);
    assert.ok(Math.max(...mostOpenWhileLoading) <= 1, `at most one EventSource open across the tabs after each load (${mostOpenWhileLoading.join(', ')})`);
    await waitOneStream(`exactly one EventSource is open across the ${TABS} tabs`, tabs);

    const everyName = tabs.flatMap((tab) => tab.widgets.map((widget) => widget.name)).sort();
    for (const tab of tabs) {
      for (const widget of tab.widgets) {
        await waitParticipants(`${describeWidget(tab, widget)} lists all ${everyName.length} widgets as participants`, tab, widget, everyName);
      }
    }

    // Two tabs draw, one of them on the second widget of a two-widget tab.
    const single = tabs[1]!;
    const double = tabs[3]!;
    strokes.push({ color: RED, drawn: await drawStroke(single, single.widgets[0]!, RED, [0.15, 0.3], [0.85, 0.3]) });
    strokes.push({ color: BLUE, drawn: await drawStroke(double, double.widgets[1]!, BLUE, [0.15, 0.5], [0.85, 0.5]) });
    await waitPainted(tabs, strokes);
    assert.deepEqual(await roomErrorsOf(tabs), [], 'no widget reports an error');
  });

  it('hands the stream to another tab when the tab holding it closes, losing nothing, and drops its widgets from the room', async () => {
    assert.equal(tabs.length, TABS, 'the first test opened every tab');
    assert.equal(strokes.length, 2, 'the first test drew its two strokes');
    const open = await openStreamsOf(tabs);
    const holder = tabs[open.findIndex((count) => count > 0)];
    assert.ok(holder !== undefined && sum(open) === 1, `one tab holds the only open EventSource (open per tab: ${open.join(', ')})`);
    const errorsBefore = await roomErrorsOf(tabs);
    await holder.page.close();
    const remaining = tabs.filter((tab) => tab !== holder);

    // Drawn at once, while another tab takes the stream over.
    const drawer = remaining.find((tab) => tab.widgets.length === 1)!;
    strokes.push({ color: GREEN, drawn: await drawStroke(drawer, drawer.widgets[0]!, GREEN, [0.15, 0.7], [0.85, 0.7]) });
    await waitPainted(remaining, strokes);

    await waitOneStream('exactly one EventSource is open again, in another tab', remaining);

    const remainingNames = remaining.flatMap((tab) => tab.widgets.map((widget) => widget.name)).sort();
    for (const tab of remaining) {
      for (const widget of tab.widgets) {
        await waitParticipants(`${describeWidget(tab, widget)} lists exactly the ${remainingNames.length} remaining widgets, not tab ${holder.number}'s`, tab, widget, remainingNames);
        assert.equal(await statusOf(tab.page, widget.selector), 'connected', `${describeWidget(tab, widget)} is connected after the hand-over`);
      }
    }
    // A tab closing is ordinary: the widgets that stay must not report failures through the hand-over.
    assert.deepEqual(await roomErrorsOf(remaining, errorsBefore), [], 'no remaining widget reports an error through the hand-over');
  });

  it('keeps the rooms of two widgets on one page apart, with another tab in one of them', async () => {
    const separateContext = await countingContext(stack);
    const [roomA, roomB] = [randomId(), randomId()];
    const both = await openTab(stack, separateContext, 1, [{ room: roomA, username: 'Both A' }, { room: roomB, username: 'Both B' }]);
    const onlyA = await openTab(stack, separateContext, 2, [{ room: roomA, username: 'Only A' }]);
    for (const tab of [both, onlyA]) await waitConnected(tab);
    await waitOneStream('exactly one EventSource is open across the two tabs', [both, onlyA]);
    const [widgetA, widgetB] = both.widgets as [Widget, Widget];
    await waitParticipants('room A\'s widget on the two-room page lists room A\'s members only', both, widgetA, ['Both A', 'Only A']);
    await waitParticipants('room B\'s widget lists itself only', both, widgetB, ['Both B']);
    await waitParticipants('the other tab lists room A\'s members only', onlyA, onlyA.widgets[0]!, ['Both A', 'Only A']);

    const red = await drawStroke(both, widgetA, RED, [0.15, 0.3], [0.85, 0.3]);
    await drawStroke(both, widgetB, BLUE, [0.15, 0.5], [0.85, 0.5]);
    const green = await drawStroke(onlyA, onlyA.widgets[0]!, GREEN, [0.15, 0.7], [0.85, 0.7]);

    await waitPainted([{ ...both, widgets: [widgetA] }, onlyA], [{ color: RED, drawn: red }, { color: GREEN, drawn: green }]);
    await both.page.bringToFront();
    assert.equal(await countPixels(both.page, BLUE, widgetA.selector), 0, 'room A\'s widget on the two-room page paints nothing of room B');
    assert.equal(await countPixels(both.page, RED, widgetB.selector), 0, 'room B\'s widget paints nothing of the same page\'s room A');
    assert.equal(await countPixels(both.page, GREEN, widgetB.selector), 0, 'room B\'s widget paints nothing of the other tab\'s room A');
    await onlyA.page.bringToFront();
    assert.equal(await countPixels(onlyA.page, BLUE, onlyA.widgets[0]!.selector), 0, 'the other tab in room A paints nothing of room B');
    assert.deepEqual(await roomErrorsOf([both, onlyA]), [], 'no widget reports an error');
    await separateContext.close();
  });
});
