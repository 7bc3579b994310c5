/**
 * Bundles the browser side with esbuild: the simulator's runtime with miniprogram-simulate, j-component
 * and exparser. `path` becomes path-browserify; `process` stays undefined, so simulate runs in browser mode
 * and reads files from window.__FILE_MAP__.
 */

import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { SIMULATOR_ROOT } from './paths';

/** miniprogram-simulate requires `fs` for its Node mode only, never taken in the browser; nothing of ours needs it. */
const NODE_ONLY = /^fs$/;

const browserShims: esbuild.Plugin = {
  name: 'simulator-browser-shims',
  setup(build) {
    // simulate compiles WXSS with postcss in Node; here wcsc already did it at build time.
    build.onResolve({ filter: /^\.\/wxss$/ }, (args) =>
      args.importer.includes(`miniprogram-simulate${path.sep}src`)
        ? { path: path.join(SIMULATOR_ROOT, 'browser', 'wxssBridge.ts') }
        : undefined,
    );
    build.onResolve({ filter: NODE_ONLY }, (args) => ({ path: args.path, namespace: 'node-only' }));
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

export async function bundleRuntime(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(SIMULATOR_ROOT, 'browser', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    define: { global: 'window' },
    alias: { path: 'path-browserify' },
    plugins: [browserShims],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
