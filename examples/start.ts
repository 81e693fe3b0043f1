import { jsonLineLogger } from '../server/log/log.js';
import { runServerProcess } from '../server/process.js';
import { startConfiguredServer } from '../server/start-configured.js';
import { startEmbedHost } from './embed-host.js';

// `npm start`: the draw-room server plus a second origin that embeds the widget like a third-party site.
await runServerProcess(async (config) => {
  const server = await startConfiguredServer(config, jsonLineLogger);
  const embedPort = Number(process.env.EMBED_PORT ?? (config.port === 0 ? 0 : config.port + 1));
  const embed = await startEmbedHost(embedPort, server.url);
  console.log(`\ndraw-room is running.
  Draw:            ${server.url}/   (then open the room's invite link, with its #key=, in a second window)
  Embedded widget: ${embed.url}   (another origin, two rooms side by side)\n`);
  return { close: async () => void (await Promise.all([server.close(), embed.close()])) };
});
