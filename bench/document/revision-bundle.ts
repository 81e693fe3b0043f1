import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The widget as it was at a git revision, bundled into one ES module (esbuild, minified) in a temporary folder,
 * for a baseline measured in the same run as today's bundle. Made once per revision; the packages are today's
 * node_modules (the baseline differs in the widget's own code only).
 */
export async function revisionBundle(revision: string): Promise<string> {
  const root = process.cwd();
  const folder = join(tmpdir(), `draw-room-bench-${revision}`);
  const bundle = join(folder, 'draw-room.js');
  if (existsSync(bundle)) return bundle;
  mkdirSync(folder, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', revision, 'components', 'protocol', 'tsconfig.json'], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', folder], { input: archive });
  await build({
    entryPoints: [join(folder, 'components/index.ts')],
    absWorkingDir: folder,
    nodePaths: [join(root, 'node_modules')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    outfile: bundle,
    logLevel: 'warning',
  });
  return bundle;
}
