import { spawn } from 'node:child_process';

/**
 * Runs lanes of npm scripts side by side, the scripts of a lane one after another, and fails when any fails.
 * `npm test` runs the Node-only suites in one lane and the Chromium ones in another: on two cores that saves
 * the server tests' time without running two browser suites at once (which share the CPU their timing needs).
 * Each line is prefixed with its lane, so interleaved output still reads.
 *
 * Usage: tsx scripts/run-suites.ts "test:server test:widget" "test:browser test:e2e"
 */
const lanes = process.argv.slice(2).map((lane) => lane.split(/\s+/).filter(Boolean));
if (lanes.length === 0 || lanes.some((lane) => lane.length === 0)) {
  console.error('usage: run-suites "<script> <script>…" "<script>…" (one quoted list per lane)');
  process.exit(2);
}

const width = Math.max(...lanes.map((lane) => lane.join('+').length));

async function runLane(scripts: string[]): Promise<{ scripts: string[]; failed: string | null; seconds: number }> {
  const started = Date.now();
  const label = scripts.join('+').padEnd(width);
  for (const script of scripts) {
    const code = await runScript(script, label);
    if (code !== 0) return { scripts, failed: `${script} (exit ${code})`, seconds: (Date.now() - started) / 1000 };
  }
  return { scripts, failed: null, seconds: (Date.now() - started) / 1000 };
}

function runScript(script: string, label: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = (stream: NodeJS.WriteStream) => {
      let rest = '';
      return (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) stream.write(`[${label}] ${line}\n`);
      };
    };
    child.stdout.on('data', prefix(process.stdout));
    child.stderr.on('data', prefix(process.stderr));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const results = await Promise.all(lanes.map(runLane));
for (const { scripts, failed, seconds } of results) {
  console.log(`${failed ? 'FAILED' : 'passed'}: ${scripts.join(' then ')} in ${seconds.toFixed(0)} s${failed ? ` (${failed})` : ''}`);
}
process.exit(results.some((result) => result.failed) ? 1 : 0);
