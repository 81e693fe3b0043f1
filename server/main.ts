import { startServer } from './listen.js';
import { jsonLineLogger } from './log.js';
import { runServerProcess } from './process.js';

await runServerProcess(async (config) => {
  const server = await startServer({ ...config, log: jsonLineLogger });
  console.log(`draw-room server listening: open ${server.url}/ to start a room`);
  return server;
});
