import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { SERVER_DEFAULTS } from './defaults.js';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './signaling/client-limits.js';
import { DEFAULT_LIMITS, type Limits } from './signaling/limits.js';
import type { TlsCredentials } from './node-server.js';
import type { IceServerOptions } from './signaling/turn-credentials.js';

export interface ServerConfig {
  port: number;
  /** Interface to listen on; all interfaces unless HOST is set. */
  host: string | undefined;
  /** TLS_CERT and TLS_KEY, read: serve HTTPS and HTTP/2. Absent: plain HTTP/1.1. */
  tls: TlsCredentials | undefined;
  tokenSecret: string;
  /** True when no TOKEN_SECRET was given and one was made up for this run. */
  tokenSecretGenerated: boolean;
  tokenTtlSeconds: number;
  /** A session is refreshed for at most this long after its first token; then the client gets a new identity. */
  sessionMaxSeconds: number;
  /** Origins allowed to call the API from a browser; '*' allows every origin. */
  allowedOrigins: '*' | string[];
  /** How long a user whose stream ended stays in its rooms, for another tab's stream to take over (LEAVE_GRACE_MS). */
  leaveGraceMs: number;
  production: boolean;
  limits: Limits;
  /** Identities, joins and streams per client address, and per instance. */
  clientLimits: ClientLimits;
  /** The header a trusted proxy sets to the client's address; unset: the socket's address. */
  trustedProxyHeader: string | undefined;
  /** Several instances share rooms and events through this Redis; absent: one process, in memory. */
  redisUrl: string | undefined;
  /** A Redis command not answered in this long fails, and its request answers 503 with Retry-After. */
  redisCommandTimeoutMs: number;
  /** What GET /ice-servers hands out: STUN_URLS, TURN_URLS with credentials from TURN_SECRET for TURN_TTL_SECONDS. */
  iceServers: IceServerOptions;
  /** Where and how much of each room's board is kept (DATA_DIR, MAX_ROOM_BYTES, ROOM_RETENTION_DAYS). */
  storage: StorageConfig;
}

export interface StorageConfig {
  /** The SQLite store's directory, made when missing; unused when REDIS_URL is set (the rooms are kept in Redis). */
  dataDir: string;
  maxRoomBytes: number;
  retentionDays: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MIN_SECRET_LENGTH = 32;

/** Reads the environment into typed options; throws ConfigError naming the variable at fault. */
export function readConfig(env: Record<string, string | undefined>): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const port = readInteger(env, 'PORT', SERVER_DEFAULTS.port, 0, 65535);
  const tokenTtlSeconds = readInteger(env, 'TOKEN_TTL_SECONDS', SERVER_DEFAULTS.tokenTtlSeconds, 10, 30 * 24 * 3600);
  const sessionMaxSeconds = readInteger(env, 'SESSION_MAX_SECONDS', SERVER_DEFAULTS.sessionMaxSeconds, 60, 365 * 24 * 3600);
  const host = env.HOST?.trim() || undefined;

  let tokenSecret = env.TOKEN_SECRET ?? '';
  let tokenSecretGenerated = false;
  if (tokenSecret === '') {
    if (production) {
      throw new ConfigError(
        `TOKEN_SECRET is required when NODE_ENV=production: set it to at least ${MIN_SECRET_LENGTH} random characters ` +
          `(for example: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))").`,
      );
    }
    tokenSecret = randomBytes(32).toString('base64url');
    tokenSecretGenerated = true;
  } else if (tokenSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`TOKEN_SECRET is too short: it needs at least ${MIN_SECRET_LENGTH} characters.`);
  }

  return {
    port,
    host,
    tls: readTls(env),
    tokenSecret,
    tokenSecretGenerated,
    tokenTtlSeconds,
    sessionMaxSeconds,
    allowedOrigins: readOrigins(env.ALLOWED_ORIGINS),
    leaveGraceMs: readInteger(env, 'LEAVE_GRACE_MS', SERVER_DEFAULTS.leaveGraceMs, 0, 60_000),
    production,
    redisUrl: readRedisUrl(env.REDIS_URL),
    redisCommandTimeoutMs: readInteger(env, 'REDIS_COMMAND_TIMEOUT_MS', SERVER_DEFAULTS.redisCommandTimeoutMs, 50, 60_000),
    trustedProxyHeader: readHeaderName(env.TRUSTED_PROXY_HEADER),
    clientLimits: readClientLimits(env),
    iceServers: readIceServers(env),
    storage: {
      dataDir: env.DATA_DIR?.trim() || SERVER_DEFAULTS.dataDir,
      maxRoomBytes: readInteger(env, 'MAX_ROOM_BYTES', SERVER_DEFAULTS.maxRoomBytes, 64 * 1024, 1024 ** 3),
      retentionDays: readInteger(env, 'ROOM_RETENTION_DAYS', SERVER_DEFAULTS.roomRetentionDays, 1, 100 * 365),
    },
    limits: {
      maxMembersPerRoom: readInteger(env, 'MAX_MEMBERS_PER_ROOM', DEFAULT_LIMITS.maxMembersPerRoom, 2, 256),
      maxMeshPeers: readInteger(env, 'MAX_MESH_PEERS', DEFAULT_LIMITS.maxMeshPeers, 1, 256),
      maxRoomsPerUser: readInteger(env, 'MAX_ROOMS_PER_USER', DEFAULT_LIMITS.maxRoomsPerUser, 1, 1024),
      relayPerSecond: readInteger(env, 'RELAY_PER_SECOND', DEFAULT_LIMITS.relayPerSecond, 1, 100_000),
      relayBurst: readInteger(env, 'RELAY_BURST', DEFAULT_LIMITS.relayBurst, 1, 100_000),
      frameUploadsPerSecond: readInteger(env, 'FRAME_UPLOADS_PER_SECOND', DEFAULT_LIMITS.frameUploadsPerSecond, 1, 10_000),
      frameBytesPerSecond: readInteger(env, 'FRAME_BYTES_PER_SECOND', DEFAULT_LIMITS.frameBytesPerSecond, 1024, 1024 ** 3),
      frameBytesBurst: readInteger(env, 'FRAME_BYTES_BURST', DEFAULT_LIMITS.frameBytesBurst, 64 * 1024, 1024 ** 3),
      boardWritesPerSecond: readInteger(env, 'BOARD_WRITES_PER_SECOND', DEFAULT_LIMITS.boardWritesPerSecond, 1, 1_000_000),
      boardBytesPerSecond: readInteger(env, 'BOARD_BYTES_PER_SECOND', DEFAULT_LIMITS.boardBytesPerSecond, 1024, 1024 ** 3),
      boardBytesBurst: readInteger(env, 'BOARD_BYTES_BURST', DEFAULT_LIMITS.boardBytesBurst, 64 * 1024, 1024 ** 3),
    },
  };
}

function readInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function readOrigins(raw: string | undefined): '*' | string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (list.length === 0) return SERVER_DEFAULTS.allowedOrigins;
  if (list.includes('*')) return '*';
  for (const origin of list) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS has "${origin}", which is not an origin like https://example.com.`);
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`ALLOWED_ORIGINS has "${origin}": give only scheme, host and port, like ${parsed.origin}.`);
    }
  }
  return list.map((origin) => origin.replace(/\/$/, ''));
}

function readRedisUrl(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) throw new ConfigError(`REDIS_URL must look like redis://host:6379, got "${url}".`);
  return url;
}

function readClientLimits(env: Record<string, string | undefined>): ClientLimits {
  const d = DEFAULT_CLIENT_LIMITS;
  const accessPerMinute = readInteger(env, 'ACCESS_PER_MINUTE_PER_CLIENT', d.accessPerMinute, 1, 1_000_000);
  const joinsPerMinute = readInteger(env, 'JOINS_PER_MINUTE_PER_CLIENT', d.joinsPerMinute, 1, 1_000_000);
  return {
    // A minute's allowance may be used at once: a page of several widgets, or an office arriving together.
    accessPerMinute,
    accessBurst: accessPerMinute,
    joinsPerMinute,
    joinsBurst: joinsPerMinute,
    streamsPerClient: readInteger(env, 'STREAMS_PER_CLIENT', d.streamsPerClient, 1, 1_000_000),
    instanceAccessPerSecond: readInteger(env, 'ACCESS_PER_SECOND', d.instanceAccessPerSecond, 1, 1_000_000),
    instanceJoinsPerSecond: readInteger(env, 'JOINS_PER_SECOND', d.instanceJoinsPerSecond, 1, 1_000_000),
    maxStreams: readInteger(env, 'MAX_STREAMS', d.maxStreams, 1, 1_000_000),
  };
}

const MIN_TURN_SECRET_LENGTH = 16;

function readIceServers(env: Record<string, string | undefined>): IceServerOptions {
  const stunUrls = readUrlList(env, 'STUN_URLS', /^stun:/, 'stun:stun.example.com:3478');
  const turnUrls = readUrlList(env, 'TURN_URLS', /^turns?:/, 'turn:turn.example.com:3478 or turns:turn.example.com:5349');
  const turnSecret = env.TURN_SECRET?.trim() || undefined;
  if (turnUrls.length > 0 && !turnSecret) {
    throw new ConfigError('TURN_URLS is set but TURN_SECRET is not: set TURN_SECRET to the static-auth-secret of your TURN server (coturn use-auth-secret).');
  }
  if (turnSecret && turnUrls.length === 0) {
    throw new ConfigError('TURN_SECRET is set but TURN_URLS is not: list your TURN server URLs, like turn:turn.example.com:3478.');
  }
  // Never quote the secret itself in a message: it goes to the process's output.
  if (turnSecret && turnSecret.length < MIN_TURN_SECRET_LENGTH) {
    throw new ConfigError(`TURN_SECRET is too short: it needs at least ${MIN_TURN_SECRET_LENGTH} characters.`);
  }
  const turnTtlSeconds = readInteger(env, 'TURN_TTL_SECONDS', SERVER_DEFAULTS.turnTtlSeconds, 2, 7 * 24 * 3600);
  return { stunUrls, turnUrls, turnSecret, turnTtlSeconds };
}

/** A comma-separated list of ICE server URLs, each with the scheme `scheme` requires. */
function readUrlList(env: Record<string, string | undefined>, name: string, scheme: RegExp, example: string): string[] {
  const urls = (env[name] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  for (const url of urls) {
    if (!scheme.test(url) || /\s/.test(url)) throw new ConfigError(`${name} has "${url.slice(0, 100)}", which is not a URL like ${example}.`);
  }
  return urls;
}

function readHeaderName(raw: string | undefined): string | undefined {
  const name = raw?.trim();
  if (!name) return undefined;
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw new ConfigError(`TRUSTED_PROXY_HEADER must be a header name like X-Forwarded-For, got "${name}".`);
  return name;
}

/** TLS_CERT and TLS_KEY: both or neither, each a readable PEM file, the key the certificate's. */
function readTls(env: Record<string, string | undefined>): TlsCredentials | undefined {
  const certFile = env.TLS_CERT?.trim() || undefined;
  const keyFile = env.TLS_KEY?.trim() || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    const [given, missing] = certFile ? ['TLS_CERT', 'TLS_KEY'] : ['TLS_KEY', 'TLS_CERT'];
    throw new ConfigError(`${given} is set but ${missing} is not: give both PEM files (the certificate and its private key) to serve HTTPS and HTTP/2, or neither.`);
  }
  const tls = { cert: readPemFile('TLS_CERT', certFile), key: readPemFile('TLS_KEY', keyFile) };
  try {
    // What the server would do with them at its start, now, so a bad pair is one line naming both files.
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(`TLS_CERT (${certFile}) and TLS_KEY (${keyFile}) cannot serve HTTPS together: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return tls;
}

function readPemFile(name: string, file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ConfigError(`${name} names ${file}, which cannot be read (${reason}).`);
  }
  if (!pem.includes('-----BEGIN ')) throw new ConfigError(`${name} names ${file}, which is not a PEM file (no "-----BEGIN" line).`);
  return pem;
}
