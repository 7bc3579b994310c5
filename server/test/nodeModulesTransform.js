// @ts-check
/**
 * Jest transform for two server dependencies that jest's sandbox on Node 20 cannot load as they are:
 * - PGlite's CommonJS build calls `import("node:…")`, which needs --experimental-vm-modules inside jest; those calls
 *   become `require` of the same built-in modules (the code path is otherwise unchanged);
 * - `cookie` 2 (used by Fastify's inject) is ESM only; esbuild turns it into CommonJS.
 */

const crypto = require('node:crypto');
const esbuild = require('esbuild');

module.exports = {
  /** @param {string} source @param {string} filename */
  process(source, filename) {
    if (filename.includes('/@electric-sql/pglite/')) {
      // The emscripten code declares its own `var require`, so the module's require is kept under another name.
      const code = source.replace(/\bimport\(("[a-z:/]+")\)/g, 'Promise.resolve().then(() => __moduleRequire($1))');
      return { code: `const __moduleRequire = require;${code}` };
    }
    return { code: esbuild.transformSync(source, { format: 'cjs', loader: 'js', target: 'node20' }).code };
  },
  /** @param {string} source @param {string} filename */
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update('node-modules-transform-1').update(filename).update(source).digest('hex');
  },
};
