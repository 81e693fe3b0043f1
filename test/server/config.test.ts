import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../server/config.js';

const SECRET = 's'.repeat(32);

describe('readConfig', () => {
  it('uses the documented defaults and makes up a secret outside production', () => {
    const config = readConfig({});
    assert.equal(config.port, 8787);
    assert.equal(config.tokenTtlSeconds, 3600);
    assert.equal(config.allowedOrigins, '*');
    assert.equal(config.tokenSecretGenerated, true);
    assert.ok(config.tokenSecret.length >= 32);
    assert.notEqual(readConfig({}).tokenSecret, config.tokenSecret, 'each run gets its own random secret');
  });

  it('refuses to start in production without TOKEN_SECRET, saying how to make one', () => {
    assert.throws(() => readConfig({ NODE_ENV: 'production' }), (error: Error) =>
      error instanceof ConfigError && /TOKEN_SECRET is required when NODE_ENV=production/.test(error.message));
    assert.equal(readConfig({ NODE_ENV: 'production', TOKEN_SECRET: SECRET }).tokenSecretGenerated, false);
  });

  it('reads PORT, TOKEN_TTL_SECONDS and ALLOWED_ORIGINS', () => {
    const config = readConfig({ PORT: '9000', TOKEN_TTL_SECONDS: '600', TOKEN_SECRET: SECRET, ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' });
    assert.equal(config.port, 9000);
    assert.equal(config.tokenTtlSeconds, 600);
    assert.deepEqual(config.allowedOrigins, ['https://a.example', 'http://b.example:8080']);
  });

  it('runs in memory unless REDIS_URL is set', () => {
    assert.equal(readConfig({}).redisUrl, undefined);
    assert.equal(readConfig({ REDIS_URL: ' redis://cache.internal:6380/2 ' }).redisUrl, 'redis://cache.internal:6380/2');
    assert.equal(readConfig({}).redisCommandTimeoutMs, 2000);
    assert.equal(readConfig({ REDIS_COMMAND_TIMEOUT_MS: '500' }).redisCommandTimeoutMs, 500);
  });

  it('reads the limits, 32 members a room, 8 direct peers and 64 widgets in rooms a browser by default', () => {
    const frameDefaults = { frameUploadsPerSecond: 60, frameBytesPerSecond: 1024 * 1024, frameBytesBurst: 8 * 1024 * 1024 };
    const boardDefaults = { boardWritesPerSecond: 10, boardBytesPerSecond: 1024 * 1024, boardBytesBurst: 16 * 1024 * 1024 };
    assert.deepEqual(readConfig({}).limits, {
      maxMembersPerRoom: 32, maxMeshPeers: 8, maxRoomsPerUser: 64, relayPerSecond: 50, relayBurst: 400, ...frameDefaults, ...boardDefaults,
    });
    const env = {
      MAX_MEMBERS_PER_ROOM: '4', MAX_MESH_PEERS: '3', MAX_ROOMS_PER_USER: '2', RELAY_PER_SECOND: '10', RELAY_BURST: '20',
      FRAME_UPLOADS_PER_SECOND: '30', FRAME_BYTES_PER_SECOND: '65536', FRAME_BYTES_BURST: '131072',
      BOARD_WRITES_PER_SECOND: '4', BOARD_BYTES_PER_SECOND: '2048', BOARD_BYTES_BURST: '262144',
    };
    assert.deepEqual(readConfig(env).limits, {
      maxMembersPerRoom: 4, maxMeshPeers: 3, maxRoomsPerUser: 2, relayPerSecond: 10, relayBurst: 20,
      frameUploadsPerSecond: 30, frameBytesPerSecond: 65536, frameBytesBurst: 131072,
      boardWritesPerSecond: 4, boardBytesPerSecond: 2048, boardBytesBurst: 262144,
    });
  });

  it('keeps boards in ./data, at most 16 MB a room, for 90 days after the last visit, unless DATA_DIR, MAX_ROOM_BYTES or ROOM_RETENTION_DAYS say otherwise', () => {
    assert.deepEqual(readConfig({}).storage, { dataDir: './data', maxRoomBytes: 16 * 1024 * 1024, retentionDays: 90 });
    assert.deepEqual(readConfig({ DATA_DIR: ' /var/lib/draw-room ', MAX_ROOM_BYTES: '1048576', ROOM_RETENTION_DAYS: '7' }).storage, {
      dataDir: '/var/lib/draw-room',
      maxRoomBytes: 1048576,
      retentionDays: 7,
    });
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ TOKEN_TTL_SECONDS: '-5' }, /TOKEN_TTL_SECONDS/],
    [{ TOKEN_TTL_SECONDS: '1.5' }, /TOKEN_TTL_SECONDS/],
    [{ TOKEN_SECRET: 'short' }, /TOKEN_SECRET is too short/],
    [{ ALLOWED_ORIGINS: 'not a url' }, /ALLOWED_ORIGINS has "not a url"/],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, /only scheme, host and port/],
    [{ MAX_MEMBERS_PER_ROOM: '1' }, /MAX_MEMBERS_PER_ROOM must be a whole number from 2/],
    [{ MAX_ROOMS_PER_USER: '0' }, /MAX_ROOMS_PER_USER/],
    [{ MAX_ROOMS_PER_USER: '1025' }, /MAX_ROOMS_PER_USER must be a whole number from 1 to 1024/],
    [{ MAX_MESH_PEERS: '0' }, /MAX_MESH_PEERS must be a whole number from 1/],
    [{ RELAY_PER_SECOND: 'fast' }, /RELAY_PER_SECOND/],
    [{ RELAY_BURST: '' + 10 ** 9 }, /RELAY_BURST/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must look like redis:\/\/host:6379/],
    [{ MAX_ROOM_BYTES: '16MB' }, /MAX_ROOM_BYTES must be a whole number/],
    [{ MAX_ROOM_BYTES: '1000' }, /MAX_ROOM_BYTES must be a whole number from 65536/],
    [{ ROOM_RETENTION_DAYS: '0' }, /ROOM_RETENTION_DAYS must be a whole number from 1/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with a message naming the variable`, () => {
      assert.throws(() => readConfig(env), (error: Error) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
