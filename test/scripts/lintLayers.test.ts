/** The layering rules in eslint.config.mjs: each planted violation fails lint with a message naming its rule. */

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Planted {
  filePath: string;
  code: string;
}

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Lints the snippets with ESLint's Node API (lintText with a filePath, so the config for that place applies), in a
 * child process: ESLint loads eslint.config.mjs with a dynamic import, which jest's module registry does not run.
 */
function lint(planted: Planted[]): LintResult[] {
  const script = `
    const { ESLint } = require('eslint');
    const planted = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = [];
      for (const p of planted) {
        const [result] = await eslint.lintText(p.code, { filePath: p.filePath });
        out.push({ filePath: p.filePath, messages: result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) });
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(planted)], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintResult[];
}

const VIOLATIONS: [Planted, string, string][] = [
  [
    { filePath: 'miniprogram/core/plantedWx.ts', code: "export const kept: unknown = wx.getStorageSync('k');\n" },
    'no-restricted-globals',
    'Layering: miniprogram/core is pure TypeScript, no wx',
  ],
  [
    {
      filePath: 'miniprogram/core/plantedService.ts',
      code: "import { readStored } from '../services/storage';\n\nexport const read = readStored;\n",
    },
    'no-restricted-imports',
    'Layering: miniprogram/core imports nothing from services, pages or components.',
  ],
  [
    { filePath: 'miniprogram/core/plantedPage.ts', code: "import '../pages/history/history';\n" },
    'no-restricted-imports',
    'Layering: miniprogram/core imports nothing from services, pages or components.',
  ],
  [
    {
      filePath: 'miniprogram/services/plantedComponent.ts',
      code: "import '../components/wrap-up-sheet/wrap-up-sheet';\n",
    },
    'no-restricted-imports',
    'Layering: miniprogram/services imports nothing from pages or components.',
  ],
  [
    { filePath: 'miniprogram/services/plantedPage.ts', code: "import '../pages/contacts/contacts';\n" },
    'no-restricted-imports',
    'Layering: miniprogram/services imports nothing from pages or components.',
  ],
  [
    {
      filePath: 'tools/bench/plantedTest.ts',
      code: "import { printFigures } from '../../test/helpers/figures';\n\nexport const print = printFigures;\n",
    },
    'no-restricted-imports',
    'Layering: tools/ and scripts/ import nothing from test/',
  ],
  [
    { filePath: 'scripts/plantedTest.js', code: "require('../test/helpers/figures');\n" },
    'no-restricted-syntax',
    'Layering: tools/ and scripts/ import nothing from test/',
  ],
  [
    {
      filePath: 'tools/simulator/plantedServerTest.ts',
      code: "import { startTestServer } from '../../server/test/helpers/testServer';\n\nexport const start = startTestServer;\n",
    },
    'no-restricted-imports',
    'Layering: tools/ and scripts/ import nothing from test/',
  ],
];

const ALLOWED: Planted[] = [
  {
    filePath: 'miniprogram/core/plantedPure.ts',
    code: "import { Contact } from './contact';\n\nexport type C = Contact;\n",
  },
  {
    filePath: 'miniprogram/services/plantedWx.ts',
    code: "import { Contact } from '../core/contact';\n\nexport type C = Contact;\nexport const kept: unknown = wx.getStorageSync('k');\n",
  },
  {
    filePath: 'miniprogram/pages/planted/planted.ts',
    code: "import { readStored } from '../../services/storage';\n\nexport const read = readStored;\n",
  },
  {
    filePath: 'tools/bench/plantedFake.ts',
    code: "import { WxFake } from '../wx-fake/wx';\n\nexport type F = WxFake;\n",
  },
  {
    filePath: 'test/core/plantedTest.test.ts',
    code: "import { WxFake } from '../../tools/wx-fake/wx';\n\nexport type F = WxFake;\n",
  },
];

describe('layering enforced by lint', () => {
  const results = lint([...VIOLATIONS.map(([planted]) => planted), ...ALLOWED]);

  it.each(VIOLATIONS.map(([planted, rule, message], i) => [planted.filePath, rule, message, i] as const))(
    'refuses %s with %s saying which rule broke',
    (_file, rule, message, i) => {
      const messages = (results[i] as LintResult).messages;
      expect(messages).toContainEqual({ ruleId: rule, message: expect.stringContaining(message) });
    },
  );

  it('lets each layer use what it may', () => {
    for (const result of results.slice(VIOLATIONS.length)) {
      expect({
        file: result.filePath,
        layering: result.messages.filter((m) => m.message.startsWith('Layering')),
      }).toEqual({ file: result.filePath, layering: [] });
    }
  });
});
