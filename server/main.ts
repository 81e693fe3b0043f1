import { ConfigError, readConfig } from './config.js';
import { startServer } from './listen.js';
import { jsonLineLogger } from './log.js';

try {
  const config = readConfig(process.env);
  if (config.tokenSecretGenerated) {
    console.warn('TOKEN_SECRET is not set: using a random secret for this run; tokens will not survive a restart.');
  }
  const server = await startServer({ ...config, log: jsonLineLogger });
  console.log(`draw-room server listening: open ${server.url}/ to start a room`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`draw-room cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
