/** Runs WeChat's WXML compiler (wcc) over the templates the pages use, with their WXS and imports. */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { MINIPROGRAM_ROOT } from './paths';

/** A binary shipped in miniprogram-compiler; npm may unpack it without the executable bit. */
export function compilerBinary(name: 'wcc' | 'wcsc'): string {
  const binary = path.join(
    path.dirname(createRequire(__filename).resolve('miniprogram-compiler/package.json')),
    'bin',
    'linux',
    name,
  );
  fs.chmodSync(binary, 0o755);
  return binary;
}

function read(relative: string): string {
  return fs.readFileSync(path.join(MINIPROGRAM_ROOT, relative), 'utf8');
}

/** Every file a template pulls in (<wxs src>, <import>, <include>, and require() inside WXS), transitively. */
function traceTemplateFiles(templates: string[]): { wxml: string[]; wxs: string[] } {
  const wxml = new Set<string>();
  const wxs = new Set<string>();
  const queue = [...templates];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const isWxs = file.endsWith('.wxs');
    const seen = isWxs ? wxs : wxml;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = read(file);
    const pattern = isWxs
      ? /require\(\s*['"]([^'"]+)['"]\s*\)/g
      : /<(?:wxs|import|include)\b[^>]*?\bsrc=["']([^"']+)["']/g;
    for (const match of source.matchAll(pattern)) {
      const target = match[1] as string;
      const resolved = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(file), target);
      queue.push(/\.(wxs|wxml)$/.test(resolved) ? resolved : `${resolved}.wxml`);
    }
  }
  return { wxml: [...wxml], wxs: [...wxs] };
}

/**
 * Compiles the templates of the given components into one $gwx, as WeChat's packer does.
 * usingTags tells wcc which tags of each template are custom components.
 */
export function compileTemplates(components: string[], usingTags: Map<string, string[]>): string {
  const { wxml, wxs } = traceTemplateFiles(components.map((c) => `${c}.wxml`));
  const withComponents = components.filter((c) => (usingTags.get(c) ?? []).length > 0);
  const componentArgs = [String(withComponents.length)];
  for (const c of withComponents) {
    const tags = usingTags.get(c) ?? [];
    componentArgs.push(`${c}.wxml`, String(tags.length), ...tags);
  }
  const result = spawnSync(
    compilerBinary('wcc'),
    ['-d', '-cc', componentArgs.join(' '), ...wxml, ...wxs, '-gn', '$gwx'],
    { cwd: MINIPROGRAM_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`wcc failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
  return `${result.stdout}\nreturn $gwx;`;
}
