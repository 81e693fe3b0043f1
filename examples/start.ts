import { ConfigError, readConfig } from '../server/config.js';
import { startServer } from '../server/listen.js';
import { jsonLineLogger } from '../server/log.js';
import { startEmbedHost } from './embed-host.js';

// `npm start`: the draw-room server plus a second origin that embeds the widget like a third-party site.
try {
  const config = readConfig(process.env);
  const server = await startServer({ ...config, log: jsonLineLogger });
  const embedPort = Number(process.env.EMBED_PORT ?? (config.port === 0 ? 0 : config.port + 1));
  const embed = await startEmbedHost(embedPort, server.url);
  console.log(`\ndraw-room is running.
  Draw:            ${server.url}/   (open it in two windows, or share the room link)
  Embedded widget: ${embed.url}   (another origin, two rooms side by side)
${config.tokenSecretGenerated ? '  (TOKEN_SECRET not set: using a random secret for this run)\n' : ''}`);
  const stop = () => void Promise.all([server.close(), embed.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`draw-room cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
