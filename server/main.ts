import { jsonLineLogger } from './log/log.js';
import { runServerProcess } from './process.js';
import { startConfiguredServer } from './start-configured.js';

await runServerProcess(async (config) => {
  const server = await startConfiguredServer(config, jsonLineLogger);
  console.log(`draw-room server listening: open ${server.url}/ to start a room`);
  return server;
});
