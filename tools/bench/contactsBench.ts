/** The contacts section: search keystrokes and the list's first screen, ours against a linear scan. */

import {
  contactIndex,
  importContacts,
  lastCallOf,
  resetContactCache,
  searchContacts,
  SEARCH_WARM_UP_STEP,
} from '../../miniprogram/services/contactStore';
import { buildSearchKeys } from '../../miniprogram/core/contactSearch';
import { buildLayout, contactRowView, headerView, itemsIn, windowAt } from '../../miniprogram/core/contactListView';
import { Contact } from '../../miniprogram/core/contact';
import { generatedContacts } from '../fixtures/demoContacts';
import { naiveListRows, naiveSearch, readNaiveContacts, seedNaiveContacts } from './naiveContacts';
import { freshFake, installOn } from './benchFake';
import { add, handlerBudget, ms, ratio } from './results';
import { medianMs } from './timing';

/** What the contacts page shows at most for a search. */
const SEARCH_LIMIT = 100;
const KEYSTROKES: [string, string[]][] = [
  ['pinyin initials "zwj"', ['z', 'zw', 'zwj']],
  ['digits "1391000"', ['1', '13', '139', '1391', '13910', '139100', '1391000']],
  ['name "王芳"', ['王', '王芳']],
];

/** Time per keystroke: each prefix searched in turn and its result rows built, as the page's handler does. */
function perKeystroke(prefixes: string[], search: (query: string) => void): number {
  return medianMs(() => prefixes.forEach(search)) / prefixes.length;
}

export function benchContacts(size: number): void {
  const section = `Contacts, ${size.toLocaleString('en')}`;
  const inputs = generatedContacts(size);
  const now = Date.now();
  const ours = freshFake();
  resetContactCache();
  const report = importContacts(inputs, now);
  if (report.added !== size) throw new Error(`seeded ${report.added} of ${size} contacts`);
  const naive = freshFake(true);
  seedNaiveContacts(inputs, now);
  const naiveContacts = readNaiveContacts();

  installOn(ours);
  contactIndex();
  // The naive search costs the same on any keystroke: its time for the first query stands beside our worst case.
  let naiveFirstKeystroke = 0;
  for (const [label, prefixes] of KEYSTROKES) {
    const oursTime = perKeystroke(prefixes, (q) => {
      searchContacts(q, SEARCH_LIMIT).map((c) => contactRowView(c, lastCallOf(c.id), true, now));
    });
    installOn(naive);
    const naiveTime = perKeystroke(prefixes, (q) => {
      naiveSearch(naiveContacts, q).map((c) => contactRowView(c, undefined, true, now));
    });
    installOn(ours);
    add(section, `search keystroke, ${label}`, ms(oursTime), ms(naiveTime), ratio(naiveTime, oursTime));
    if (naiveFirstKeystroke === 0) naiveFirstKeystroke = naiveTime;
    if (size === 10_000) handlerBudget(`contact search keystroke, ${label} (10,000)`, oursTime);
  }

  const oursFirstScreen = (): void => {
    const index = contactIndex();
    const layout = buildLayout(index.groups);
    const window = windowAt(layout, 0);
    itemsIn(layout, window.start, window.end).map((item) => {
      if (item < 0) return headerView(index.groups[-item - 1]?.letter ?? '#');
      const contact = index.ordered[item] as Contact;
      return contactRowView(contact, lastCallOf(contact.id), true, now);
    });
  };
  const oursCold = medianMs(oursFirstScreen, resetContactCache);
  const oursWarm = medianMs(oursFirstScreen);
  installOn(naive);
  const naiveCold = medianMs(() => naiveListRows(readNaiveContacts(), true, now));
  add(
    section,
    'list first screen, cold start (read storage, build index)',
    ms(oursCold),
    `${ms(naiveCold)} (all ${size.toLocaleString('en')} rows)`,
    ratio(naiveCold, oursCold),
  );
  add(
    section,
    'list first screen, index in memory (tab shown again)',
    ms(oursWarm),
    ms(naiveCold),
    ratio(naiveCold, oursWarm),
  );
  // Search keys are built after the first screen, SEARCH_WARM_UP_STEP contacts per timer tick; an agent who
  // types before that has finished pays the rest on the first keystroke.
  installOn(ours);
  const warmUpStep = medianMs(
    () => buildSearchKeys(contactIndex(), SEARCH_WARM_UP_STEP),
    () => {
      resetContactCache();
      contactIndex();
    },
  );
  const firstKeystroke = medianMs(
    () => searchContacts('z', SEARCH_LIMIT),
    () => {
      resetContactCache();
      contactIndex();
    },
  );
  add(
    section,
    `search keys, one warm-up step after the first screen (${SEARCH_WARM_UP_STEP} contacts)`,
    ms(warmUpStep),
    'none (pinyin on every keystroke)',
    '',
  );
  add(
    section,
    'first keystroke typed before the warm-up finished (worst case)',
    ms(firstKeystroke),
    `${ms(naiveFirstKeystroke)} (every keystroke)`,
    ratio(naiveFirstKeystroke, firstKeystroke),
  );
  if (size === 10_000) {
    handlerBudget('contacts first screen, cold start (10,000)', oursCold);
    handlerBudget('contacts first screen, index in memory (10,000)', oursWarm);
    handlerBudget(`contact search warm-up step (${SEARCH_WARM_UP_STEP} of 10,000)`, warmUpStep);
  }
  installOn(ours);
  resetContactCache();
}
