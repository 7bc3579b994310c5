/** WeChat's dark mode: the `@variables` of app.json and page JSON, resolved from theme.json for light or dark. */

export type ThemeMode = 'light' | 'dark';

export interface ThemeJson {
  light: Record<string, string>;
  dark: Record<string, string>;
}

export const THEME_MODES: readonly ThemeMode[] = ['light', 'dark'];

/**
 * A copy of the JSON with every string value `@name` replaced by theme.json's value for the mode. WeChat refuses
 * to start when a variable is missing, so this throws, naming it.
 */
export function resolveTheme<T>(json: T, theme: ThemeJson | undefined, mode: ThemeMode): T {
  const variables = theme?.[mode] ?? {};
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('@')) {
      const found = variables[value.slice(1)];
      if (found === undefined) throw new Error(`theme.json has no ${mode} value for ${value}`);
      return found;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    }
    return value;
  };
  return resolve(json) as T;
}
