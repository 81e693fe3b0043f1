import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { connectRedis, type RedisServices } from '../../server/redis/connection.js';
import { boardDigest, countPixels, drawLine, peerNames, pickColor } from '../support/board.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { startHostSite, type HostSite } from '../support/host-page.js';
import { RedisServer } from '../support/redis-server.js';

const RED = '#cf1717';
const GREEN = '#17cf60';

describe('two server instances sharing a real Redis', () => {
  let redis: RedisServer;
  const instances: Array<{ server: RunningServer; services: RedisServices; site: HostSite }> = [];
  let browser: Browser;
  before(async () => {
    redis = await RedisServer.start();
    for (let i = 0; i < 2; i++) {
      const services = connectRedis(redis.url, silentLogger);
      await services.ready;
      const server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'e2e-cluster-secret-of-at-least-32-characters', log: silentLogger, bus: services.bus, rooms: services.rooms });
      instances.push({ server, services, site: await startHostSite(server.url) });
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const { server, services, site } of instances) {
      await site.close();
      await server.close(500);
      await services.close();
    }
    await redis?.stop();
  });

  async function visit(instance: number, room: string, username: string): Promise<Page> {
    const page = await newVisitorPage(browser);
    await page.goto(instances[instance]!.site.roomPage(room, username));
    await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  it('lets a user on each instance meet, connect peer to peer and draw together', async () => {
    const alice = await visit(0, 'cluster-room-one', 'alice');
    const bob = await visit(1, 'cluster-room-one', 'bob');
    await eventually('alice and bob see each other across instances', async () =>
      (await peerNames(alice)).join() === 'bob' && (await peerNames(bob)).join() === 'alice', 30_000);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.3], [0.9, 0.3]);
    await pickColor(bob, GREEN);
    await drawLine(bob, [0.1, 0.7], [0.9, 0.7]);
    await eventually('both boards are pixel-identical', async () => (await boardDigest(alice)) === (await boardDigest(bob)));
    assert.ok((await countPixels(bob, RED)) > 100 && (await countPixels(alice, GREEN)) > 100);

    await bob.context().close();
    await eventually('alice hears that bob left', async () => (await peerNames(alice)).length === 0, 15_000);
    await alice.context().close();
  });
});
