/** Pinyin of a name for search and grouping, read from the compact generated GB2312 table (no library ships). */

import { ALTERNATE_READINGS, PINYIN_TABLE, SURNAME_READINGS } from './pinyinTable';

export interface Pinyin {
  /** Toneless syllables run together, lower case: 张三 -> 'zhangsan'; Latin letters and digits kept. */
  full: string;
  /** First letter of each syllable or word: 张三 -> 'zs', Tom Li -> 'tl'. */
  initials: string;
  /** The group a name is listed under: 'A'-'Z', or '#' when it starts with no letter or known character. */
  initial: string;
}

let readings: Map<string, string> | undefined;
let surnames: Map<string, string> | undefined;
let alternates: Map<string, string[]> | undefined;

/** Calls `add(char, syllable)` for each character of `syllable` + characters runs ('zhang张章shan单'). */
function parseRuns(runs: string, add: (char: string, syllable: string) => void): void {
  let syllable = '';
  let inLetters = false;
  for (const char of runs) {
    if (char >= 'a' && char <= 'z') {
      syllable = inLetters ? syllable + char : char;
      inLetters = true;
    } else {
      add(char, syllable);
      inLetters = false;
    }
  }
}

function readingTable(): Map<string, string> {
  if (readings === undefined) {
    const table = new Map<string, string>();
    for (const line of PINYIN_TABLE) parseRuns(line, (char, syllable) => table.set(char, syllable));
    readings = table;
  }
  return readings;
}

function surnameTable(): Map<string, string> {
  if (surnames === undefined) {
    const table = new Map<string, string>();
    parseRuns(SURNAME_READINGS, (char, syllable) => table.set(char, syllable));
    surnames = table;
  }
  return surnames;
}

function alternateTable(): Map<string, string[]> {
  if (alternates === undefined) {
    const table = new Map<string, string[]>();
    parseRuns(ALTERNATE_READINGS, (char, syllable) => table.set(char, [...(table.get(char) ?? []), syllable]));
    alternates = table;
  }
  return alternates;
}

/** The toneless syllable of one Chinese character ('' when it is not in the table). */
export function syllableOf(char: string, asSurname = false): string {
  if (asSurname) {
    const surname = surnameTable().get(char);
    if (surname !== undefined) return surname;
  }
  return readingTable().get(char) ?? '';
}

/** Full-width letters and digits to ASCII, lower case. */
function asciiFold(char: string): string {
  const code = char.charCodeAt(0);
  const folded = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : char;
  return folded.toLowerCase();
}

function isAlnum(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9');
}

/** The list group of a name's first character: its letter, its syllable's letter, or '#'. */
function groupOf(firstChar: string, asSurname: boolean): string {
  const char = asciiFold(firstChar);
  const letter = (char >= 'a' && char <= 'z' ? char : syllableOf(char, asSurname).charAt(0)).toUpperCase();
  return letter === '' ? '#' : letter;
}

/**
 * Pinyin of a name. The first character is read as a surname when it has a surname reading
 * (单 shan, 曾 zeng, 区 ou...); pass asSurname = false for the plain reading.
 */
export function pinyinOf(text: string, asSurname = true): Pinyin {
  const chars = Array.from(String(text).trim());
  let full = '';
  let initials = '';
  let inWord = false;
  chars.forEach((raw, position) => {
    const char = asciiFold(raw);
    if (isAlnum(char)) {
      full += char;
      if (!inWord) initials += char;
      inWord = true;
      return;
    }
    inWord = false;
    const syllable = syllableOf(char, asSurname && position === 0);
    full += syllable;
    initials += syllable.charAt(0);
  });
  return { full, initials, initial: chars.length === 0 ? '#' : groupOf(chars[0] as string, asSurname) };
}

/** Variants of a name's pinyin at most; the common reading always comes first. */
export const MAX_PINYIN_VARIANTS = 8;

/** Every reading of one character: the surname one first (position 0), then the common one, then the others. */
function readingsOf(char: string, asSurname: boolean): string[] {
  const common = syllableOf(char);
  const others = alternateTable().get(char);
  const surname = asSurname ? syllableOf(char, true) : common;
  // Most characters have one reading: no set, no filtering.
  if (others === undefined && surname === common) return common === '' ? [] : [common];
  return [...new Set([surname, common, ...(others ?? [])])].filter((syllable) => syllable !== '');
}

/**
 * The name read every way its polyphones allow (长 chang/zhang, 朝 chao/zhao), up to MAX_PINYIN_VARIANTS:
 * what search matches besides pinyinOf. The first variant is pinyinOf itself.
 */
export function pinyinVariants(text: string): Pick<Pinyin, 'full' | 'initials'>[] {
  // Each piece: the readings of one character, or a Latin letter/digit with whether it starts a word.
  const pieces: string[][] = [];
  const starts: boolean[] = [];
  let inWord = false;
  let polyphones = false;
  Array.from(String(text).trim()).forEach((raw, position) => {
    const char = asciiFold(raw);
    if (isAlnum(char)) {
      pieces.push([char]);
      starts.push(!inWord);
      inWord = true;
      return;
    }
    inWord = false;
    const options = readingsOf(char, position === 0);
    if (options.length === 0) return;
    if (options.length > 1) polyphones = true;
    pieces.push(options);
    starts.push(true);
  });
  if (!polyphones)
    return [
      joinReadings(
        pieces.map((p) => p[0] as string),
        starts,
      ),
    ];
  let combos: string[][] = [[]];
  for (const options of pieces) {
    // Past the cap only the first reading is kept, so the list stays small for long names.
    const usable = combos.length * options.length <= MAX_PINYIN_VARIANTS ? options : options.slice(0, 1);
    combos = combos.flatMap((combo) => usable.map((option) => [...combo, option]));
  }
  return combos.map((combo) => joinReadings(combo, starts));
}

function joinReadings(readings: readonly string[], starts: readonly boolean[]): Pick<Pinyin, 'full' | 'initials'> {
  let full = '';
  let initials = '';
  readings.forEach((reading, i) => {
    full += reading;
    if (starts[i] === true) initials += reading.charAt(0);
  });
  return { full, initials };
}
