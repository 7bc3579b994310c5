/** A small evaluator for GitHub Actions `if:` expressions, enough to test the workflow's guards against events. */

type Value = string | number | boolean | null | undefined | { [key: string]: Value };
type Token = { kind: 'op' | 'string' | 'name' | 'number'; text: string };

const TOKEN = /\s*(?:(\|\||&&|==|!=|<=|>=|[!()<>,])|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_.-]*)|(\d+(?:\.\d+)?))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.trimEnd().length) {
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`cannot read the expression at: ${source.slice(TOKEN.lastIndex)}`);
    if (match[1] !== undefined) tokens.push({ kind: 'op', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2].replace(/''/g, "'") });
    else if (match[3] !== undefined) tokens.push({ kind: 'name', text: match[3] });
    else tokens.push({ kind: 'number', text: match[4] });
  }
  return tokens;
}

function truthy(value: Value): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '';
}

/** GitHub compares strings case-insensitively. */
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  startsWith: (s, p) =>
    String(s ?? '')
      .toLowerCase()
      .startsWith(String(p ?? '').toLowerCase()),
  endsWith: (s, p) =>
    String(s ?? '')
      .toLowerCase()
      .endsWith(String(p ?? '').toLowerCase()),
  contains: (s, p) =>
    String(s ?? '')
      .toLowerCase()
      .includes(String(p ?? '').toLowerCase()),
};

/** Evaluates `source` (with or without `${{ }}`) against `context`, e.g. `{ github: { event_name: 'push' } }`. */
export function evaluate(source: string, context: Record<string, Value>): boolean {
  const tokens = tokenize(source.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1'));
  let position = 0;
  const peek = () => tokens[position];
  const take = (text?: string) => {
    const token = tokens[position];
    if (!token || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? 'more'} in ${source}`);
    position += 1;
    return token;
  };

  const lookup = (path: string): Value =>
    path
      .split('.')
      .reduce<Value>((value, key) => (value && typeof value === 'object' ? value[key] : undefined), context);

  const primary = (): Value => {
    const token = take();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op' && token.text === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token.kind === 'op' && token.text === '!') return !truthy(primary());
    if (token.kind !== 'name') throw new Error(`unexpected ${token.text} in ${source}`);
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    if (peek() && peek().text === '(') {
      take('(');
      const args: Value[] = [];
      while (peek() && peek().text !== ')') {
        args.push(or());
        if (peek() && peek().text === ',') take(',');
      }
      take(')');
      const fn = FUNCTIONS[token.text];
      if (!fn) throw new Error(`unknown function ${token.text}`);
      return fn(...args);
    }
    return lookup(token.text);
  };
  const equality = (): Value => {
    let left = primary();
    while (peek() && (peek().text === '==' || peek().text === '!=')) {
      const op = take().text;
      const right = primary();
      left = op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek() && peek().text === '&&') {
      take('&&');
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  function or(): Value {
    let left = and();
    while (peek() && peek().text === '||') {
      take('||');
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  const result = or();
  if (position !== tokens.length) throw new Error(`unexpected ${tokens[position].text} in ${source}`);
  return truthy(result);
}
