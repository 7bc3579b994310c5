/**
 * Runs WeChat's WXSS compiler (wcsc) and turns its output into CSS templates for the browser:
 * rpx resolved for a 375-pt screen, the class prefix and the page selector left as placeholders.
 */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { compilerBinary } from './compileWxml';
import { CLASS_PREFIX_PLACEHOLDER, PAGE_SELECTOR_PLACEHOLDER, SCREEN, VANT_ICON_FONT_URL } from './contract';
import { MINIPROGRAM_ROOT } from './paths';

export interface CompiledStyles {
  /** CSS templates keyed `<component>.wxss`; a page's template starts with app.wxss. */
  files: Record<string, string>;
  /** wcsc puts every `:host` rule, as `[is="<component>"]`, into its common part: global CSS. */
  hostCss: string;
}

function exists(relative: string): boolean {
  return fs.existsSync(path.join(MINIPROGRAM_ROOT, relative));
}

/** The WXSS files imported by the given ones, transitively, in a stable order. */
function traceImports(files: string[]): string[] {
  const imported: string[] = [];
  const queue = [...files];
  const seen = new Set(files);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const source = fs.readFileSync(path.join(MINIPROGRAM_ROOT, file), 'utf8');
    for (const match of source.matchAll(/@import\s+["']([^"']+)["']/g)) {
      const target = match[1] as string;
      const resolved = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(file), target);
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      imported.push(resolved);
      queue.push(resolved);
    }
  }
  return imported;
}

/** Splits wcsc's `name=value=name=value` output; values are JavaScript-escaped so `=` never appears raw. */
function splitOutput(stdout: string): Map<string, string> {
  const parts = stdout.split('=');
  const entries = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    entries.set(parts[i] as string, unescapeJs(parts[i + 1] as string));
  }
  return entries;
}

function unescapeJs(text: string): string {
  // The value is the body of a double-quoted JavaScript string: wcsc escapes quotes and newlines.
  return vm.runInNewContext(`"${text}"`) as string;
}

/** Runs wcsc's own style runtime in a sandbox with a 375-pt iPhone screen and collects the CSS it writes. */
function evaluate(entries: Map<string, string>, styleFiles: string[]): { css: Map<string, string>; common: string } {
  let written = '';
  const context = vm.createContext({
    window: {
      screen: { width: SCREEN.width, height: SCREEN.height },
      devicePixelRatio: 2,
      __styleSheetManager2__: {
        addItem: () => undefined,
        setCss: (_key: string, css: string) => {
          written += css;
        },
      },
    },
    navigator: { userAgent: 'iPhone' },
    console: { warn: () => undefined, error: () => undefined, log: () => undefined },
  });
  vm.runInContext(entries.get('comm') ?? '', context);
  // The common part also applies app.wxss once, unprefixed; only its `:host` rules are wanted.
  const common = written
    .split('\n')
    .filter((rule) => rule.startsWith('[is='))
    .join('\n');
  const css = new Map<string, string>();
  for (const file of styleFiles) {
    const source = entries.get(`./${file}`);
    if (source === undefined) continue;
    written = '';
    const rewritor = vm.runInContext(source, context) as (suffix: string, opt: { deviceWidth: number }) => void;
    rewritor(CLASS_PREFIX_PLACEHOLDER, { deviceWidth: SCREEN.width });
    css.set(file, written);
  }
  return { css, common };
}

/** The CDN address vant's icon font has in @vant/icons' own stylesheet: the local copy is that font. */
function vantIconCdnHash(): string | undefined {
  const less = path.join(
    path.dirname(createRequire(__filename).resolve('@vant/icons/package.json')),
    'src',
    'index.less',
  );
  return /font_\d+_(\w+)\.woff2/.exec(fs.readFileSync(less, 'utf8'))?.[1];
}

/** Selectors only: add the class prefix where wcsc dropped it (after a pseudo-class such as `:not(:empty)+.x`). */
function prefixEveryClass(css: string): string {
  return css.replace(/(^|})([^{}@]+)(?={)/g, (_all, close: string, selector: string) => {
    const fixed = selector.replace(
      new RegExp(`\\.(?!${CLASS_PREFIX_PLACEHOLDER})(-?[_a-zA-Z][-_a-zA-Z0-9]*)`, 'g'),
      `.${CLASS_PREFIX_PLACEHOLDER}$1`,
    );
    return close + fixed;
  });
}

/**
 * WeChat's font size setting (我 → 设置 → 通用 → 字体大小), as Android WeChat applies it to a mini program's pages:
 * every font size scales, while px boxes and px line heights stay. The phone screen carries the factor as
 * `--sim-font-scale`; sizes relative to the parent (em, %) and keywords already follow their parent.
 */
export function scaleFontSizes(css: string): string {
  return css.replace(/font-size:([^;}]+)/g, (all, value: string) => {
    const important = /!important\s*$/.test(value);
    const size = value.replace(/!important\s*$/, '').trim();
    if (!/\d/.test(size) || /(em|%)$/.test(size) || /^0(px)?$/.test(size)) return all;
    return `font-size:calc(${size} * var(--sim-font-scale, 1))${important ? ' !important' : ''}`;
  });
}

/** Browser fixes that WeChat's webview does not need. */
function adaptForBrowser(css: string, iconHash: string | undefined): string {
  let out = prefixEveryClass(css);
  // `page` compiles to `body`; the simulator's page is a container inside the phone frame.
  out = out.replace(/(^|[\s,}>+~(])body(?=[\s,{.:#[>+~)])/g, `$1${PAGE_SELECTOR_PLACEHOLDER}`);
  // Dark mode follows the simulator's switch, not the computer's: the phone screen carries `--sim-theme`.
  out = out.replace(/@media\s*\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g, '@container style(--sim-theme: $1)');
  // vh means the browser's viewport; in WeChat it is the page's window.
  out = out.replace(/(\d*\.?\d+)vh\b/g, 'calc($1 * var(--sim-vh, 1vh))');
  out = scaleFontSizes(out);
  out = out.replace(/src:url\(\/\/at\.alicdn\.com\/t\/c\/font_\d+_(\w+)\.woff2[^;}]*/g, (all, hash: string) =>
    hash === iconHash ? `src:url(${VANT_ICON_FONT_URL}) format("woff2")` : all,
  );
  return out;
}

/** Compiles the styles of app.wxss, the pages and the components they use. */
export function compileStyles(components: string[], pages: string[]): CompiledStyles {
  const own = ['app.wxss', ...components.map((c) => `${c}.wxss`).filter(exists)];
  const imported = traceImports(own).filter((f) => !own.includes(f));
  const result = spawnSync(
    compilerBinary('wcsc'),
    ['-pc', String(own.length), ...own.map((f) => `./${f}`), ...imported.map((f) => `./${f}`)],
    { cwd: MINIPROGRAM_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`wcsc failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
  const { css, common } = evaluate(splitOutput(result.stdout), own);
  const iconHash = vantIconCdnHash();
  const appCss = adaptForBrowser(css.get('app.wxss') ?? '', iconHash);
  const files: Record<string, string> = {};
  for (const component of components) {
    const own = adaptForBrowser(css.get(`${component}.wxss`) ?? '', iconHash);
    files[`${component}.wxss`] = pages.includes(component) ? `${appCss}\n${own}` : own;
  }
  return { files, hostCss: adaptForBrowser(common, iconHash) };
}
