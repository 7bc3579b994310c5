/**
 * The app's CommonJS modules in the browser, with one shared registry: a module runs once and every
 * page gets the same instance, as in WeChat. A cold start throws the registry away.
 */

interface ModuleRecord {
  exports: unknown;
}

type ModuleFactory = (require: (request: string) => unknown, module: ModuleRecord, exports: unknown) => void;

function normalize(file: string): string {
  const out: string[] = [];
  for (const part of file.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function dirname(file: string): string {
  const index = file.lastIndexOf('/');
  return index < 0 ? '' : file.slice(0, index);
}

export class ModuleRegistry {
  private readonly cache = new Map<string, ModuleRecord>();
  private readonly factories = new Map<string, ModuleFactory>();

  constructor(private readonly sources: Readonly<Record<string, string>>) {}

  /** WeChat's resolution: relative to the file, absolute from the root, bare names from miniprogram_npm. */
  resolve(from: string, request: string): string {
    let base: string;
    if (request.startsWith('./') || request.startsWith('../')) base = normalize(`${dirname(from)}/${request}`);
    else if (request.startsWith('/')) base = normalize(request);
    else base = normalize(`miniprogram_npm/${request}`);
    const found = [base, `${base}.js`, `${base}/index.js`].find((candidate) => candidate in this.sources);
    if (found === undefined) throw new Error(`module '${base}.js' is not defined, require args is '${request}'`);
    return found;
  }

  /** The shared instance of a module, running it on first use. */
  require(file: string): unknown {
    const key = this.resolve('', `/${file}`);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached.exports;
    const record: ModuleRecord = { exports: {} };
    this.cache.set(key, record);
    try {
      this.execute(key, record);
    } catch (error) {
      this.cache.delete(key);
      throw error;
    }
    return record.exports;
  }

  /**
   * Runs a component's own file again, uncached, so its Component() call registers a definition;
   * what it requires still comes from the shared registry.
   */
  run(file: string): unknown {
    const key = this.resolve('', `/${file}`);
    const record: ModuleRecord = { exports: {} };
    this.execute(key, record);
    return record.exports;
  }

  private execute(key: string, record: ModuleRecord): void {
    const factory = this.factory(key);
    factory((request) => this.require(this.resolve(key, request)), record, record.exports);
  }

  private factory(key: string): ModuleFactory {
    let factory = this.factories.get(key);
    if (factory === undefined) {
      const source = `${this.sources[key] ?? ''}\n//# sourceURL=miniprogram/${key}`;
      factory = new Function('require', 'module', 'exports', source) as ModuleFactory;
      this.factories.set(key, factory);
    }
    return factory;
  }
}
