/** Pinyin of a name for search and grouping, read from the compact generated GB2312 table (no library ships). */

import { PINYIN_TABLE, SURNAME_READINGS } from './pinyinTable';

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

/** Reads `syllable` + characters runs ('zhang张章shan单') into a character -> syllable map. */
function parseRuns(runs: string, into: Map<string, string>): void {
  let syllable = '';
  let inLetters = false;
  for (const char of runs) {
    if (char >= 'a' && char <= 'z') {
      syllable = inLetters ? syllable + char : char;
      inLetters = true;
    } else {
      into.set(char, syllable);
      inLetters = false;
    }
  }
}

function readingTable(): Map<string, string> {
  if (readings === undefined) {
    readings = new Map();
    for (const line of PINYIN_TABLE) parseRuns(line, readings);
  }
  return readings;
}

function surnameTable(): Map<string, string> {
  if (surnames === undefined) {
    surnames = new Map();
    parseRuns(SURNAME_READINGS, surnames);
  }
  return surnames;
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
