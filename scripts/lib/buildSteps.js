// @ts-check
/** The offline build, step by step: type check, npm pack, WeChat's own compile, size budget. */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const MINIPROGRAM_ROOT = path.join(ROOT, 'miniprogram');
const KB = 1024;
const MB = 1024 * KB;

/** WeChat's hard limit for one package, and the warning line its audits use. */
const WECHAT_PACKAGE_LIMIT = 2 * MB;
const WECHAT_PACKAGE_WARNING = 1.5 * MB;
/** Our own budget for the main package: far inside WeChat's limit, so agents' phones start fast. */
const MAIN_PACKAGE_BUDGET = 600 * KB;

class BuildError extends Error {}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes >= MB) return `${(bytes / MB).toFixed(2)} MB`;
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** @param {string} label */
function step(label) {
  process.stdout.write(`\n▶ ${label}\n`);
}

function typecheck() {
  step('type check (tsc --noEmit)');
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path.join(ROOT, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new BuildError('type check failed (see the errors above)');
}

/** @param {string} dir @returns {string[]} */
function listWxml(dir) {
  /** @type {string[]} */
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listWxml(full));
    else if (entry.name.endsWith('.wxml')) found.push(full);
  }
  return found;
}

/** The path of WeChat's official WXML compiler (wcc), shipped in miniprogram-compiler. */
function wccPath() {
  const binary = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux', 'wcc');
  // npm may unpack it without the executable bit.
  fs.chmodSync(binary, 0o755);
  return binary;
}

/**
 * Compiles every WXML file of ours with wcc, which is stricter than the packer's compile
 * (it also refuses an element left open at the end of a file).
 */
function checkWxml() {
  step("check WXML with WeChat's wcc");
  const wcc = wccPath();
  const files = listWxml(MINIPROGRAM_ROOT);
  /** @type {string[]} */
  const failures = [];
  for (const file of files) {
    const relative = path.relative(MINIPROGRAM_ROOT, file);
    const result = spawnSync(wcc, ['-d', relative], { cwd: MINIPROGRAM_ROOT, encoding: 'utf8' });
    if (result.status !== 0) failures.push((result.stderr || result.stdout || `wcc exited ${result.status}`).trim());
  }
  if (failures.length > 0) throw new BuildError(`WXML does not compile:\n  ${failures.join('\n  ')}`);
  process.stdout.write(`  ${files.length} WXML files compile\n`);
}

/** Loads miniprogram-ci lazily: it is slow to require, and only the build needs it. */
function loadCi() {
  return require('miniprogram-ci');
}

/**
 * miniprogram-ci's compiler makes a working folder named md5(`<project path>|summer`) in the current directory and
 * leaves it behind, empty. Removes it when it is empty; one that holds something is left alone.
 */
function removeCompilerWorkDir() {
  const name = crypto.createHash('md5').update(`${ROOT}|summer`).digest('hex');
  try {
    fs.rmdirSync(path.join(process.cwd(), name));
  } catch {
    // Absent, or not empty.
  }
}

function readPackageVersion() {
  return String(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
}

function readProjectConfig() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
}

const PACK_STAMP = path.join(ROOT, 'node_modules', '.cache', 'tccc-dialer', 'pack-stamp.json');

/** What the packed folder is made from: the runtime dependencies and their installed versions. */
function packInputs() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  /** @type {Record<string, string>} */
  const installed = {};
  for (const name of Object.keys(pkg.dependencies || {})) {
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    installed[name] = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).version : 'missing';
  }
  return JSON.stringify(installed);
}

/**
 * Packs the runtime dependencies into miniprogram/miniprogram_npm. Skipped when the folder was packed from the
 * same installed versions: the result would be identical, and rewriting it in place could trip a test reading it.
 */
async function packNpm() {
  step('pack npm into miniprogram/miniprogram_npm (packNpmManually)');
  const packed = path.join(MINIPROGRAM_ROOT, 'miniprogram_npm', '@vant', 'weapp');
  const inputs = packInputs();
  if (fs.existsSync(packed) && fs.existsSync(PACK_STAMP) && fs.readFileSync(PACK_STAMP, 'utf8') === inputs) {
    process.stdout.write(`  up to date (${inputs})\n`);
    return;
  }
  const ci = loadCi();
  const started = Date.now();
  const result = await ci.packNpmManually({
    packageJsonPath: path.join(ROOT, 'package.json'),
    miniprogramNpmDistDir: MINIPROGRAM_ROOT,
  });
  if (!fs.existsSync(packed)) throw new BuildError('npm pack produced no miniprogram_npm/@vant/weapp');
  fs.mkdirSync(path.dirname(PACK_STAMP), { recursive: true });
  fs.writeFileSync(PACK_STAMP, inputs);
  process.stdout.write(
    `  packed ${result && result.miniProgramPackNum !== undefined ? result.miniProgramPackNum : '?'} package(s) in ${Date.now() - started} ms\n`,
  );
}

/**
 * @param {{ appid?: string, privateKeyPath?: string }} [options]
 */
function createProject(options = {}) {
  const ci = loadCi();
  const config = readProjectConfig();
  /** @type {import('miniprogram-ci/dist/@types/ci/project').ICreateProjectOptions & { attr?: () => Promise<unknown> }} */
  const projectOptions = {
    appid: options.appid || config.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    ignores: ['node_modules/**/*', 'test/**/*', 'tools/**/*', 'scripts/**/*', 'docs/**/*', 'dist/**/*'],
  };
  if (options.privateKeyPath) projectOptions.privateKeyPath = options.privateKeyPath;
  else {
    // Local project attributes: the compile never asks WeChat's servers for them, so the key is
    // never read; the constructor only insists that one is given.
    projectOptions.attr = async () => ci.DefaultProjectAttr;
    projectOptions.privateKey = 'offline-build-uses-no-key';
  }
  return new ci.Project(projectOptions);
}

/** Compile settings shared by build, preview and upload: what ships is what we measured. */
function compileSetting() {
  const config = readProjectConfig();
  return {
    ...config.setting,
    es6: true,
    es7: true,
    minify: true,
    minifyJS: true,
    minifyWXML: true,
    minifyWXSS: true,
    codeProtect: false,
    autoPrefixWXSS: true,
    useCompilerPlugins: config.setting.useCompilerPlugins,
  };
}

/** @param {unknown} error */
function describeCompileError(error) {
  if (error && typeof error === 'object') {
    const e = /** @type {{ message?: string, path?: string, code?: number }} */ (error);
    return [e.path ? `${e.path}: ` : '', e.message || String(error)].join('');
  }
  return String(error);
}

async function compileOffline() {
  step('compile with miniprogram-ci (getCompiledResult, minifyWXML, local project attributes)');
  const ci = loadCi();
  const project = createProject();
  const started = Date.now();
  /** @type {Record<string, string | Buffer>} */
  let files;
  try {
    files = await ci.getCompiledResult({
      project,
      version: readPackageVersion(),
      setting: compileSetting(),
      onProgressUpdate: () => {},
    });
  } catch (error) {
    throw new BuildError(`WeChat compile failed: ${describeCompileError(error)}`);
  } finally {
    removeCompilerWorkDir();
  }
  process.stdout.write(`  compiled ${Object.keys(files).length} files in ${Date.now() - started} ms\n`);
  return files;
}

/**
 * Splits compiled files into packages by app.json's subpackage roots.
 * @param {Record<string, string | Buffer>} files
 */
function measurePackages(files) {
  const appJson = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));
  /** @type {string[]} */
  const roots = (appJson.subpackages || appJson.subPackages || []).map((/** @type {{root: string}} */ s) =>
    s.root.replace(/^\/?/, '').replace(/\/?$/, '/'),
  );
  /** @type {Map<string, {bytes: number, files: number}>} */
  const packages = new Map([['__APP__', { bytes: 0, files: 0 }]]);
  let vantBytes = 0;
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    const relative = name.replace(/^\/?/, '');
    const root = roots.find((r) => relative.startsWith(r)) || '__APP__';
    const entry = packages.get(root) || { bytes: 0, files: 0 };
    entry.bytes += bytes;
    entry.files += 1;
    packages.set(root, entry);
    if (relative.includes('miniprogram_npm/@vant/weapp/')) vantBytes += bytes;
  }
  return { packages, vantBytes };
}

/** @param {Record<string, string | Buffer>} files */
function reportSizes(files) {
  step('package sizes');
  const { packages, vantBytes } = measurePackages(files);
  let total = 0;
  for (const [root, entry] of packages) {
    total += entry.bytes;
    const name = root === '__APP__' ? 'main package' : `subpackage ${root}`;
    process.stdout.write(
      `  ${name.padEnd(28)} ${formatBytes(entry.bytes).padStart(10)}  (${entry.files} files; WeChat limit ${formatBytes(WECHAT_PACKAGE_LIMIT)})\n`,
    );
  }
  const main = /** @type {{bytes: number}} */ (packages.get('__APP__'));
  process.stdout.write(`  ${'of which vant'.padEnd(28)} ${formatBytes(vantBytes).padStart(10)}\n`);
  process.stdout.write(`  ${'all packages'.padEnd(28)} ${formatBytes(total).padStart(10)}  (WeChat limit 30.00 MB)\n`);
  const percent = ((main.bytes / MAIN_PACKAGE_BUDGET) * 100).toFixed(0);
  process.stdout.write(
    `  main package budget          ${formatBytes(MAIN_PACKAGE_BUDGET).padStart(10)}  used ${percent}% ` +
      `(WeChat warns at ${formatBytes(WECHAT_PACKAGE_WARNING)}, refuses at ${formatBytes(WECHAT_PACKAGE_LIMIT)})\n`,
  );
  if (main.bytes > MAIN_PACKAGE_BUDGET) {
    throw new BuildError(
      `main package is ${formatBytes(main.bytes)}, over its budget of ${formatBytes(MAIN_PACKAGE_BUDGET)}`,
    );
  }
  return { mainBytes: main.bytes, totalBytes: total, vantBytes };
}

/** Runs every step in order; resolves with the measured sizes. */
async function runBuild() {
  typecheck();
  checkWxml();
  await packNpm();
  const files = await compileOffline();
  return reportSizes(files);
}

module.exports = {
  ROOT,
  MINIPROGRAM_ROOT,
  MAIN_PACKAGE_BUDGET,
  WECHAT_PACKAGE_LIMIT,
  WECHAT_PACKAGE_WARNING,
  BuildError,
  formatBytes,
  typecheck,
  checkWxml,
  packNpm,
  compileOffline,
  compileSetting,
  createProject,
  measurePackages,
  reportSizes,
  runBuild,
  loadCi,
  removeCompilerWorkDir,
  readPackageVersion,
  readProjectConfig,
};
