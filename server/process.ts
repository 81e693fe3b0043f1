import { ConfigError, readConfig, type ServerConfig } from './config.js';

/**
 * Runs a server process: reads the environment, starts what `start` builds, and closes it on SIGINT/SIGTERM.
 * A bad configuration ends the process with one clear line instead of a stack trace.
 */
export async function runServerProcess(start: (config: ServerConfig) => Promise<{ close(): Promise<void> }>): Promise<void> {
  let config: ServerConfig;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`draw-room cannot start: ${error.message}`);
    process.exit(1);
  }
  if (config.tokenSecretGenerated) {
    console.warn('TOKEN_SECRET is not set: using a random secret for this run; tokens will not survive a restart.');
  }
  const running = await start(config);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
