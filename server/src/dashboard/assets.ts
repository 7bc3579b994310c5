/** The dashboard's own files: the browser script (TypeScript, compiled once at start) and the stylesheet. */

import fs from 'node:fs';
import path from 'node:path';

/** server/web from src/dashboard, dist/web beside the Docker image's bundle, or server/web beside a bundle built in the repository. */
function webDir(): string {
  const candidates = [
    path.join(__dirname, '..', '..', 'web'),
    path.join(__dirname, 'web'),
    path.join(__dirname, '..', 'web'),
    // Bundled by the bench into .tmp/bench: the repository's server/web.
    path.join(__dirname, '..', '..', 'server', 'web'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'dashboard.css')));
  if (found === undefined) throw new Error(`dashboard files not found in ${candidates.join(' or ')}`);
  return found;
}

export function stylesheet(): string {
  return fs.readFileSync(path.join(webDir(), 'dashboard.css'), 'utf8');
}

/** The built script when the image ships one, else server/web/dashboard.ts compiled by esbuild (a dev dependency). */
export async function clientScript(): Promise<string> {
  const dir = webDir();
  const built = path.join(dir, 'dashboard.js');
  if (fs.existsSync(built)) return fs.readFileSync(built, 'utf8');
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'dashboard.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    minify: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
