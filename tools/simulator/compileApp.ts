/** Compiles the mini program for the browser: TypeScript with esbuild, WXML with wcc, WXSS with wcsc. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { AppJson, CompiledApp } from './contract';
import { compileTemplates } from './compileWxml';
import { compileStyles } from './compileWxss';
import { MINIPROGRAM_ROOT } from './paths';
import { resolveTheme, THEME_MODES, ThemeJson } from './theme';

interface ComponentJson {
  usingComponents?: Record<string, string>;
  [key: string]: unknown;
}

function readJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, relative), 'utf8')) as T;
}

function exists(relative: string): boolean {
  return fs.existsSync(path.join(MINIPROGRAM_ROOT, relative));
}

/**
 * Resolves a usingComponents target as WeChat does: absolute from the root, relative to the component,
 * or else an npm package path inside miniprogram_npm.
 */
export function resolveComponent(fromComponent: string, target: string): string | undefined {
  if (target.startsWith('plugin://')) return undefined;
  const candidates = target.startsWith('/')
    ? [target.slice(1)]
    : [path.posix.join(path.posix.dirname(fromComponent), target), path.posix.join('miniprogram_npm', target)];
  if (target.startsWith('.')) candidates.length = 1;
  return candidates.map((c) => path.posix.normalize(c)).find((c) => exists(`${c}.json`));
}

/** app.json's pages, then each subpackage's pages under its root. */
export function allRoutes(appJson: AppJson): string[] {
  const subpackages = appJson.subpackages ?? appJson.subPackages ?? [];
  return [...appJson.pages, ...subpackages.flatMap((sub) => sub.pages.map((page) => path.posix.join(sub.root, page)))];
}

/** Pages and every component they use, transitively, with each one's JSON rewritten to absolute paths. */
function collectComponents(appJson: AppJson): { order: string[]; json: Map<string, ComponentJson> } {
  const order: string[] = [];
  const json = new Map<string, ComponentJson>();
  const queue = allRoutes(appJson);
  while (queue.length > 0) {
    const component = queue.shift() as string;
    if (json.has(component)) continue;
    const own = readJson<ComponentJson>(`${component}.json`);
    const using: Record<string, string> = { ...(appJson.usingComponents ?? {}), ...(own.usingComponents ?? {}) };
    const resolved: Record<string, string> = {};
    for (const [tag, target] of Object.entries(using)) {
      const found = resolveComponent(component, target);
      if (found === undefined) throw new Error(`${component}.json: component "${target}" (${tag}) not found`);
      resolved[tag] = `/${found}`;
      queue.push(found);
    }
    json.set(component, { ...own, usingComponents: resolved });
    order.push(component);
  }
  return { order, json };
}

function listFiles(dir: string, extensions: string[], skip: string[] = []): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(MINIPROGRAM_ROOT, dir), { withFileTypes: true })) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (skip.includes(relative) || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) found.push(...listFiles(relative, extensions, skip));
    else if (extensions.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts')) found.push(relative);
  }
  return found;
}

/** The app's TypeScript as CommonJS, plus the packed npm scripts as they are. */
function compileScripts(): Record<string, string> {
  const modules: Record<string, string> = {};
  for (const file of listFiles('', ['.ts', '.js'], ['miniprogram_npm'])) {
    const source = fs.readFileSync(path.join(MINIPROGRAM_ROOT, file), 'utf8');
    const { code } = esbuild.transformSync(source, {
      loader: file.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'es2018',
      sourcefile: `miniprogram/${file}`,
      sourcemap: 'inline',
    });
    modules[file.replace(/\.ts$/, '.js')] = code;
  }
  if (exists('miniprogram_npm')) {
    for (const file of listFiles('miniprogram_npm', ['.js'])) {
      modules[file] = fs.readFileSync(path.join(MINIPROGRAM_ROOT, file), 'utf8');
    }
  }
  return modules;
}

/** theme.json, when app.json turns dark mode on. */
function readTheme(appJson: AppJson): ThemeJson | undefined {
  const location = appJson['themeLocation'];
  if (appJson['darkmode'] !== true || typeof location !== 'string') return undefined;
  return readJson<ThemeJson>(location);
}

export function compileApp(): CompiledApp {
  const appJson = readJson<AppJson>('app.json');
  const { order, json } = collectComponents(appJson);
  const files: Record<string, string> = {};
  for (const [component, content] of json) files[`${component}.json`] = JSON.stringify(content);
  const usingTags = new Map([...json].map(([c, j]) => [c, Object.keys(j.usingComponents ?? {})]));
  const gwxBody = compileTemplates(order, usingTags);
  const routes = allRoutes(appJson);
  const styles = compileStyles(order, routes);
  Object.assign(files, styles.files);
  const theme = readTheme(appJson);
  // WeChat refuses to start on a variable theme.json lacks: fail the build the same way, for both modes.
  for (const mode of THEME_MODES) {
    resolveTheme(appJson, theme, mode);
    for (const route of routes) resolveTheme(json.get(route), theme, mode);
  }
  return {
    appJson,
    routes,
    files,
    components: order,
    hostCss: styles.hostCss,
    gwxBody,
    modules: compileScripts(),
    theme,
  };
}
