// PostHog `regex` / `not_regex` filters, evaluated without backtracking.
//
// Policy (documented in the README):
// - PostHog's flags service matches with Rust's `regex` crate; its SDKs evaluate locally only a
//   "portable" ASCII subset both engines read alike and defer everything else to the server.
//   `checkPortable` applies the same subset rules (the facts of posthog-node's check, not its code).
// - Inside that subset every pattern is a true regular expression (no backreferences, no
//   lookaround), so it compiles to a Thompson NFA and is matched by a state-set simulation:
//   O(input length x pattern size), never exponential. Catastrophic patterns like `(a+)+$`
//   cannot hang evaluation.
// - Work is bounded: a pattern over MAX_STATES NFA states, or a test whose length x states
//   exceeds MAX_STEPS, is reported as undecidable locally (PostHog's server decides), never run.
// - The host's RegExp is only used to check syntax at compile time (it never runs on input),
//   so a pattern JavaScript rejects behaves as in posthog-node: the filter does not match.

export const MAX_STATES = 20_000;
export const MAX_STEPS = 5_000_000;

/** A compiled filter pattern: what `test` can say about a value. */
export type CompiledPattern =
  | { kind: 'always' } // the empty pattern matches everything
  | { kind: 'invalid' } // JavaScript rejects the syntax: neither regex nor not_regex matches
  | { kind: 'server'; message: string } // outside the portable subset: PostHog's server decides
  | { kind: 'nfa'; test: (value: string) => boolean | 'server' };

const LITERAL_PUNCTUATION = /[\x20-\x2f:;=?@\x5b-\x60\x7b-\x7e]/;

/** The portable-subset rules; returns the character classes found, or a reason it is not portable. */
function checkPortable(pattern: string): string[] | string {
  const classes: string[] = [];
  let classStart = -1;
  let previous = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch.charCodeAt(0) > 0x7f) return 'non-ASCII pattern';
    if (ch === '\\') {
      const escaped = pattern[++i];
      if (escaped === undefined) break;
      if (escaped === 'x') {
        if (!/^[\da-f]{2}$/i.test(pattern.slice(i + 1, i + 3))) return 'malformed \\x escape';
        i += 2;
      } else if (!'dDsSwWbBfnrtv'.includes(escaped) && !LITERAL_PUNCTUATION.test(escaped)) {
        return `escape \\${escaped}`;
      }
      if (classStart === -1 && (escaped === 'b' || escaped === 'B')) return 'word boundary';
      previous = 'literal';
      continue;
    }
    if (ch === '[') {
      if (classStart !== -1) return 'nested character class';
      classStart = i;
    } else if (ch === ']' && classStart !== -1) {
      const contentStart = classStart + (pattern[classStart + 1] === '^' ? 2 : 1);
      if (i === contentStart) return 'empty character class';
      classes.push(pattern.slice(classStart, i + 1));
      classStart = -1;
      previous = 'literal';
      continue;
    } else if (classStart !== -1) {
      const pair = pattern.slice(i, i + 2);
      if (pair === '&&' || pair === '--' || pair === '~~') return `class operator ${pair}`;
      continue;
    } else if (ch === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') return 'group modifier other than (?:';
      i += 2;
    } else if (ch === '{') {
      const repetition = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (
        !repetition ||
        previous === '' ||
        previous === '|' ||
        previous === '(' ||
        Number(repetition[1]) > 0xffffffff ||
        Number(repetition[2]) > 0xffffffff
      ) {
        return 'repetition syntax';
      }
    } else if ('*+?}'.includes(ch) && (pattern[i + 1] === '+' || pattern[i + 1] === '{')) {
      return 'possessive or stacked quantifier';
    }
    if ('*+?{'.includes(ch) && (previous === '^' || previous === '$' || previous === 'empty group')) {
      return 'quantified anchor or empty group';
    }
    previous = ch === ')' && (previous === '(' || previous === 'empty group') ? 'empty group' : ch;
  }
  return classes;
}

// ------------------------------------------------------------------ parser (ASCII, non-unicode JS)

/** 128-bit character sets over ASCII (values with other characters never reach the matcher). */
type CharSet = Uint32Array;
type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; item: Node; min: number; max: number }; // max -1 = unbounded

function emptySet(): CharSet {
  return new Uint32Array(4);
}
function addRange(set: CharSet, from: number, to: number): void {
  for (let c = from; c <= to && c < 128; c++) set[c >> 5]! |= 1 << (c & 31);
}
function negate(set: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out[i] = ~set[i]!;
  return out;
}
function union(into: CharSet, from: CharSet): void {
  for (let i = 0; i < 4; i++) into[i]! |= from[i]!;
}
function classEscape(letter: string): CharSet | undefined {
  const set = emptySet();
  switch (letter.toLowerCase()) {
    case 'd':
      addRange(set, 48, 57);
      break;
    case 'w':
      addRange(set, 48, 57);
      addRange(set, 65, 90);
      addRange(set, 97, 122);
      addRange(set, 95, 95);
      break;
    case 's':
      addRange(set, 9, 13); // \t \n \v \f \r
      addRange(set, 32, 32);
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? negate(set) : set;
}
const CONTROL: Readonly<Record<string, number>> = { f: 12, n: 10, r: 13, t: 9, v: 11 };

class Parser {
  i = 0;
  constructor(readonly p: string) {}

  parseAlt(): Node {
    const items = [this.parseCat()];
    while (this.p[this.i] === '|') {
      this.i++;
      items.push(this.parseCat());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  parseCat(): Node {
    const items: Node[] = [];
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.parseAtom();
      items.push(this.parseQuantifier(atom));
    }
    return { t: 'cat', items };
  }

  parseQuantifier(atom: Node): Node {
    const ch = this.p[this.i];
    let min: number;
    let max: number;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.i++;
      min = ch === '+' ? 1 : 0;
      max = ch === '?' ? 1 : -1;
    } else if (ch === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.p.slice(this.i))!;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? -1 : Number(m[3]);
    } else {
      return atom;
    }
    if (this.p[this.i] === '?') this.i++; // lazy: the same language, and `test` only asks whether
    return this.parseQuantifier({ t: 'rep', item: atom, min, max });
  }

  parseAtom(): Node {
    const ch = this.p[this.i++]!;
    switch (ch) {
      case '^':
        return { t: 'bol' };
      case '$':
        return { t: 'eol' };
      case '.': {
        const set = negate(emptySet());
        set[0]! &= ~(1 << 10); // not \n (\r, \u2028, \u2029 never reach the matcher)
        set[0]! &= ~(1 << 13);
        return { t: 'set', set };
      }
      case '(': {
        if (this.p.startsWith('?:', this.i)) this.i += 2;
        const inner = this.parseAlt();
        this.i++; // ')' (syntax checked by the host RegExp at compile)
        return inner;
      }
      case '[':
        return this.parseClass();
      case '\\':
        return { t: 'set', set: this.parseEscape(false) };
      default: {
        const set = emptySet();
        addRange(set, ch.charCodeAt(0), ch.charCodeAt(0));
        return { t: 'set', set };
      }
    }
  }

  parseEscape(inClass: boolean): CharSet {
    const letter = this.p[this.i++]!;
    const cls = classEscape(letter);
    if (cls) return cls;
    const set = emptySet();
    let code: number;
    if (letter === 'x') {
      code = parseInt(this.p.slice(this.i, this.i + 2), 16);
      this.i += 2;
    } else if (letter in CONTROL) {
      code = CONTROL[letter]!;
    } else if (letter === 'b' && inClass) {
      code = 8; // backspace inside a class
    } else {
      code = letter.charCodeAt(0); // identity escape of punctuation
    }
    addRange(set, code, code);
    return set;
  }

  /** One class member: a single code, or a class escape (returned as a set). */
  classAtom(): number | CharSet {
    const ch = this.p[this.i]!;
    if (ch === '\\') {
      this.i++;
      const letter = this.p[this.i]!;
      if (classEscape(letter)) {
        this.i++;
        return classEscape(letter)!;
      }
      const set = this.parseEscape(true);
      for (let c = 0; c < 128; c++) if (set[c >> 5]! & (1 << (c & 31))) return c;
      return set;
    }
    this.i++;
    return ch.charCodeAt(0);
  }

  parseClass(): Node {
    let negated = false;
    if (this.p[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const set = emptySet();
    while (this.i < this.p.length && this.p[this.i] !== ']') {
      const from = this.classAtom();
      if (typeof from === 'number' && this.p[this.i] === '-' && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        const to = this.classAtom();
        if (typeof to === 'number') {
          addRange(set, from, to);
          continue;
        }
        // `[a-\d]` is rejected by the unicode class check before reaching here; be literal anyway.
        addRange(set, from, from);
        addRange(set, 45, 45);
        union(set, to);
        continue;
      }
      if (typeof from === 'number') addRange(set, from, from);
      else union(set, from);
    }
    this.i++; // ']'
    return { t: 'set', set: negated ? negate(set) : set };
  }
}

// ------------------------------------------------------------------ Thompson NFA

const T_SET = 0;
const T_SPLIT = 1;
const T_JUMP = 2;
const T_BOL = 3;
const T_EOL = 4;
const T_MATCH = 5;

class NfaBuilder {
  type: number[] = [];
  out1: number[] = [];
  out2: number[] = [];
  sets: (CharSet | undefined)[] = [];

  add(type: number, set?: CharSet): number {
    if (this.type.length >= MAX_STATES) throw new RangeError('pattern too large');
    this.type.push(type);
    this.out1.push(-1);
    this.out2.push(-1);
    this.sets.push(set);
    return this.type.length - 1;
  }

  /** Builds `node` so that it continues at `next`; returns its entry state. */
  build(node: Node, next: number): number {
    switch (node.t) {
      case 'set': {
        const s = this.add(T_SET, node.set);
        this.out1[s] = next;
        return s;
      }
      case 'bol':
      case 'eol': {
        const s = this.add(node.t === 'bol' ? T_BOL : T_EOL);
        this.out1[s] = next;
        return s;
      }
      case 'cat': {
        let entry = next;
        for (let k = node.items.length - 1; k >= 0; k--) entry = this.build(node.items[k]!, entry);
        return entry;
      }
      case 'alt': {
        const s = this.add(T_SPLIT);
        // A chain of binary splits over the alternatives.
        let current = s;
        for (let k = 0; k < node.items.length; k++) {
          const entry = this.build(node.items[k]!, next);
          if (k === node.items.length - 1) {
            this.out2[current] = entry;
          } else if (k === 0) {
            this.out1[current] = entry;
          } else {
            const split = this.add(T_SPLIT);
            this.out2[current] = split;
            this.out1[split] = entry;
            current = split;
          }
        }
        if (node.items.length === 1) this.out2[s] = this.out1[s]!;
        return s;
      }
      case 'rep': {
        let entry = next;
        if (node.max === -1) {
          // x* : split(loop body -> split, next)
          const loop = this.add(T_SPLIT);
          this.out1[loop] = this.build(node.item, loop);
          this.out2[loop] = next;
          entry = loop;
        } else {
          for (let k = node.min; k < node.max; k++) {
            const opt = this.add(T_SPLIT);
            this.out1[opt] = this.build(node.item, entry);
            this.out2[opt] = next;
            // Each optional copy may also skip straight to the end.
            entry = opt;
          }
        }
        for (let k = 0; k < node.min; k++) entry = this.build(node.item, entry);
        return entry;
      }
    }
  }
}

function compileNfa(pattern: string): (value: string) => boolean | 'server' {
  const ast = new Parser(pattern).parseAlt();
  const b = new NfaBuilder();
  const match = b.add(T_MATCH);
  const start = b.build(ast, match);
  const n = b.type.length;
  const type = Int8Array.from(b.type);
  const out1 = Int32Array.from(b.out1);
  const out2 = Int32Array.from(b.out2);
  const sets = b.sets;
  let current = new Int32Array(n);
  let next = new Int32Array(n);
  const mark = new Int32Array(n);
  const stack = new Int32Array(n * 2 + 2);
  let generation = 0;
  // The state of the match in progress (matching is synchronous, so one per compiled pattern).
  let len = 0;
  let nextCount = 0;

  // Adds the epsilon closure of `s` at position `pos` to `next`; true when MATCH is reached.
  const close = (s: number, pos: number): boolean => {
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const st = stack[--top]!;
      if (st < 0 || mark[st] === generation) continue;
      mark[st] = generation;
      switch (type[st]) {
        case T_SET:
          next[nextCount++] = st;
          break;
        case T_MATCH:
          return true;
        case T_SPLIT:
          stack[top++] = out2[st]!;
          stack[top++] = out1[st]!;
          break;
        case T_JUMP:
          stack[top++] = out1[st]!;
          break;
        case T_BOL:
          if (pos === 0) stack[top++] = out1[st]!;
          break;
        case T_EOL:
          if (pos === len) stack[top++] = out1[st]!;
          break;
      }
    }
    return false;
  };

  return (value: string): boolean | 'server' => {
    len = value.length;
    if ((len + 1) * n > MAX_STEPS) return 'server';
    let currentCount = 0;
    nextCount = 0;
    generation++;
    if (close(start, 0)) return true;
    for (let pos = 0; pos < len; pos++) {
      const swap = current;
      current = next;
      next = swap;
      currentCount = nextCount;
      nextCount = 0;
      generation++;
      const c = value.charCodeAt(pos);
      for (let k = 0; k < currentCount; k++) {
        const st = current[k]!;
        if (sets[st]![c >> 5]! & (1 << (c & 31))) {
          if (close(out1[st]!, pos + 1)) return true;
        }
      }
      // Unanchored search: a match may start at any position.
      if (close(start, pos + 1)) return true;
    }
    return false;
  };
}

/** Compiles a filter pattern once (see the policy at the top of this file). Never throws. */
export function compilePattern(pattern: string): CompiledPattern {
  if (pattern === '') return { kind: 'always' };
  const portable = checkPortable(pattern);
  if (typeof portable === 'string') return { kind: 'server', message: `regex ${portable} requires server evaluation` };
  try {
    new RegExp(pattern);
  } catch (error) {
    if (error instanceof SyntaxError) return { kind: 'invalid' };
    return { kind: 'server', message: 'regex compilation requires server evaluation' };
  }
  for (const cls of portable) {
    try {
      new RegExp(cls, 'u');
    } catch {
      return { kind: 'server', message: 'regex character class syntax requires server evaluation' };
    }
  }
  try {
    return { kind: 'nfa', test: compileNfa(pattern) };
  } catch {
    return { kind: 'server', message: `regex larger than ${MAX_STATES} states requires server evaluation` };
  }
}

/** Values the portable subset can match locally: ASCII without carriage returns. */
export function isPortableValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7f || c === 13) return false;
  }
  return true;
}
