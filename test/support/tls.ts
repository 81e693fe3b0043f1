import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate for localhost and 127.0.0.1, its PEM files in a temporary directory. */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

/** From PATH, as .ci/run installs it; OPENSSL names another. */
const OPENSSL = process.env.OPENSSL ?? 'openssl';

/**
 * Made by openssl (a P-256 key, valid for a day), as an operator would make one: the server reads the files
 * through TLS_CERT and TLS_KEY, and clients trust `cert` as their only CA.
 */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'draw-room-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    await promisify(execFile)(OPENSSL, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${OPENSSL} could not make a test certificate (is openssl installed?): ${String(error)}`);
  }
  return {
    certFile,
    keyFile,
    cert: await readFile(certFile),
    key: await readFile(keyFile),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
