// A PostHog property filter (person or group property, any operator) compiled once into a
// matcher. Filter-side parsing (dates, versions, regexes, exact texts) happens here, so a
// matcher only reads the context.
import type { JsonValue } from '../types.js';
import { asciiLower, exactText, foldedEndsWith, foldedIncludes, foldedStartsWith, lowerCaseEquals, isBooleanLike, jsonProblem, safeString, truthOf } from './json-text.js';
import { isReservedKey, MISSING, type PropertySource } from './property-source.js';
import { relativeDate } from './relative-date.js';
import { compilePattern, isPortableValue } from './safe-regex.js';
import { compareVersions, parseVersion, versionBounds, type Version } from './semver.js';
import { MISSING_CONTEXT, Unresolved } from './unresolved.js';

/** What a filter says about one context: a match, no match, or why it cannot say. */
/** The evaluation's clock, read only by date filters (so other evaluations never call `Date.now`). */
export interface Clock {
  readonly now: number;
}

export type PropertyMatcher = (source: PropertySource, clock: Clock) => boolean | Unresolved;

export interface CompiledProperty {
  readonly key: string;
  readonly operator: string;
  /** Set when the filter itself cannot be evaluated locally whatever the context holds. */
  readonly unsupported: Unresolved | undefined;
  readonly match: PropertyMatcher;
}

// String operators read null as the text "null"; the others answer false for it.
const NULL_ALLOWED = new Set([
  'exact', 'is_not', 'icontains', 'not_icontains', 'starts_with', 'not_starts_with',
  'ends_with', 'not_ends_with', 'regex', 'not_regex',
]);

const unsupported = (message: string): Unresolved => new Unresolved('inconclusive', 'unsupported_definition', message);
const contextProblem = (message: string): Unresolved => new Unresolved('inconclusive', 'missing_context', message);
const UNDEFINED_VALUE = unsupported('the property is undefined in the context');
const NO_TEXT_FORM = contextProblem('the property has no text form');

type ValueTest = (actual: unknown, clock: Clock) => boolean | Unresolved;

function exactTest(target: JsonValue | undefined, matchingVersion: number | undefined): ValueTest {
  if ((matchingVersion !== 2 && isBooleanLike(target)) || (Array.isArray(target) && target.length === 0)) {
    const truth = truthOf(target);
    return (actual) => {
      const problem = jsonProblem(actual);
      if (problem) return contextProblem(problem.message);
      return truth === truthOf(actual);
    };
  }
  const booleanLike = matchingVersion === 2 && isBooleanLike(target);
  if (Array.isArray(target)) {
    const items = target.map((item) => {
      const text = exactText(item);
      return typeof text === 'string' ? text.toLowerCase() : text;
    });
    return (actual) => {
      if (booleanLike && typeof actual === 'number') {
        const problem = jsonProblem(actual);
        return problem ? contextProblem(problem.message) : false;
      }
      const text = exactText(actual);
      if (typeof text !== 'string') return contextProblem(text.message);
      for (const item of items) {
        if (typeof item !== 'string') return item;
        if (lowerCaseEquals(text, item)) return true;
      }
      return false;
    };
  }
  const targetText = exactText(target);
  const lowerTarget = typeof targetText === 'string' ? targetText.toLowerCase() : targetText;
  return (actual) => {
    if (booleanLike && typeof actual === 'number') {
      const problem = jsonProblem(actual);
      return problem ? contextProblem(problem.message) : false;
    }
    if (typeof lowerTarget !== 'string') return lowerTarget;
    const text = exactText(actual);
    if (typeof text !== 'string') return contextProblem(text.message);
    return lowerCaseEquals(text, lowerTarget);
  };
}

/** A substring operator: `test` gets the context's text as it is and the filter asciiLower-ed. */
function stringTest(value: JsonValue | undefined, test: (actual: string, filter: string) => boolean, negate: boolean): ValueTest {
  const filter = asciiLower(String(value));
  return (actual) => {
    const text = safeString(actual);
    if (text === undefined) return NO_TEXT_FORM;
    return test(text, filter) !== negate;
  };
}

function regexTest(value: JsonValue | undefined, negate: boolean): ValueTest {
  const pattern = compilePattern(String(value));
  switch (pattern.kind) {
    case 'always':
      return () => !negate;
    case 'invalid':
      return () => false;
    case 'server': {
      const issue = new Unresolved('inconclusive', 'unsupported_definition', pattern.message, true);
      return () => issue;
    }
    case 'nfa': {
      const valueIssue = new Unresolved(
        'inconclusive',
        'unsupported_definition',
        'regex matching on non-ASCII text or carriage returns requires server evaluation',
        true,
      );
      const sizeIssue = new Unresolved('inconclusive', 'unsupported_definition', 'regex work bound exceeded', true);
      return (actual) => {
        const text = safeString(actual);
        if (text === undefined) return NO_TEXT_FORM;
        if (!isPortableValue(text)) return valueIssue;
        const matched = pattern.test(text);
        if (matched === 'server') return sizeIssue;
        return negate ? !matched : matched;
      };
    }
  }
}

function compareTest(value: JsonValue | undefined, operator: 'gt' | 'gte' | 'lt' | 'lte'): ValueTest {
  const filterNumber = typeof value === 'number' ? value : parseFloat(String(value));
  const filterText = String(value);
  const cmp = (a: number | string, b: number | string): boolean =>
    operator === 'gt' ? a > b : operator === 'gte' ? a >= b : operator === 'lt' ? a < b : a <= b;
  return (actual) => {
    let actualNumber: number;
    if (typeof actual === 'number') {
      actualNumber = actual;
    } else {
      const text = safeString(actual);
      if (text === undefined) return NO_TEXT_FORM;
      actualNumber = parseFloat(text);
    }
    if (Number.isFinite(filterNumber) && Number.isFinite(actualNumber)) return cmp(actualNumber, filterNumber);
    const text = safeString(actual);
    if (text === undefined) return NO_TEXT_FORM;
    return cmp(text, filterText);
  };
}

/** The instant a date filter stands for, possibly relative to the evaluation's clock. */
function dateFilter(value: JsonValue | undefined): ((now: number) => number) | Unresolved {
  if (typeof value === 'boolean') return unsupported('date filters cannot compare booleans');
  const text = String(value);
  if (relativeDate(text, 0) !== undefined) return (now) => relativeDate(text, now)!;
  if (typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    if (!Number.isNaN(ms)) return () => ms;
    return unsupported(`${value} is not a date`);
  }
  return unsupported('a date filter must be a string or a number');
}

function contextDate(actual: unknown): number | Unresolved {
  if (actual instanceof Date) return actual.getTime();
  if (typeof actual === 'string' || typeof actual === 'number') {
    const ms = new Date(actual).getTime();
    return Number.isNaN(ms) ? contextProblem(`${actual} is not a date`) : ms;
  }
  return contextProblem('a date property must be a string, a number or a Date');
}

function contextVersion(actual: unknown): Version | Unresolved {
  const text = safeString(actual);
  const v = text === undefined ? undefined : parseVersion(text);
  return v ?? contextProblem(`${text} is not a version`);
}

/** Compiles one filter; `matchingVersion` is the document's `property_matching_version`. */
export function compileProperty(
  key: string,
  operatorIn: string | null | undefined,
  value: JsonValue | undefined,
  matchingVersion: number | undefined,
): CompiledProperty {
  const operator = operatorIn || 'exact';
  let test: ValueTest;
  let issue: Unresolved | undefined;
  switch (operator) {
    case 'exact':
    case 'is_not': {
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = exactText(item);
        if (typeof text !== 'string') {
          issue = text;
          break;
        }
      }
      const exact = exactTest(value, matchingVersion);
      test = operator === 'exact' ? exact : (actual, clock) => {
        const r = exact(actual, clock);
        return typeof r === 'boolean' ? !r : r;
      };
      break;
    }
    case 'is_set':
    case 'is_not_set':
      test = () => operator === 'is_set';
      break;
    case 'icontains':
    case 'not_icontains':
      test = stringTest(value, foldedIncludes, operator === 'not_icontains');
      break;
    case 'starts_with':
    case 'not_starts_with':
      test = stringTest(value, foldedStartsWith, operator === 'not_starts_with');
      break;
    case 'ends_with':
    case 'not_ends_with':
      test = stringTest(value, foldedEndsWith, operator === 'not_ends_with');
      break;
    case 'regex':
    case 'not_regex':
      test = regexTest(value, operator === 'not_regex');
      break;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      test = compareTest(value, operator);
      break;
    case 'is_date_before':
    case 'is_date_after': {
      const filter = dateFilter(value);
      if (filter instanceof Unresolved) {
        issue = filter;
        test = () => filter;
        break;
      }
      const before = operator === 'is_date_before';
      test = (actual, clock) => {
        const ms = contextDate(actual);
        if (typeof ms !== 'number') return ms;
        return before ? ms < filter(clock.now) : ms > filter(clock.now);
      };
      break;
    }
    case 'semver_eq':
    case 'semver_neq':
    case 'semver_gt':
    case 'semver_gte':
    case 'semver_lt':
    case 'semver_lte': {
      const filter = parseVersion(String(value));
      if (!filter) {
        issue = unsupported(`invalid semver filter ${String(value)}`);
        const bad = issue;
        test = () => bad;
        break;
      }
      test = (actual) => {
        const v = contextVersion(actual);
        if (v instanceof Unresolved) return v;
        const c = compareVersions(v, filter);
        switch (operator) {
          case 'semver_eq':
            return c === 0;
          case 'semver_neq':
            return c !== 0;
          case 'semver_gt':
            return c > 0;
          case 'semver_gte':
            return c >= 0;
          case 'semver_lt':
            return c < 0;
          default:
            return c <= 0;
        }
      };
      break;
    }
    case 'semver_tilde':
    case 'semver_caret':
    case 'semver_wildcard': {
      const bounds = versionBounds(operator, String(value));
      if (!bounds) {
        issue = unsupported(`invalid semver filter ${String(value)}`);
        const bad = issue;
        test = () => bad;
        break;
      }
      test = (actual) => {
        const v = contextVersion(actual);
        if (v instanceof Unresolved) return v;
        return compareVersions(v, bounds.lower) >= 0 && compareVersions(v, bounds.upper) < 0;
      };
      break;
    }
    default: {
      issue = unsupported(`unknown operator ${operator}`);
      const bad = issue;
      test = () => bad;
    }
  }

  const nullAllowed = NULL_ALLOWED.has(operator);
  const absent = issue ?? MISSING_CONTEXT;
  const filterIssue = issue;
  const reserved = isReservedKey(key);
  const match: PropertyMatcher = (source, clock) => {
    const actual = reserved ? source.lookup(key) : source.lookupUnreserved(key);
    if (actual === MISSING) return absent;
    if (operator === 'is_not_set') return false;
    if (operator === 'is_set') return true;
    if (actual === undefined) return UNDEFINED_VALUE;
    if (actual === null && !nullAllowed) return false;
    const r = test(actual, clock);
    // A filter that cannot be used outranks a context that lacks what it needs.
    if (r instanceof Unresolved && r.reason === 'missing_context' && filterIssue) return filterIssue;
    return r;
  };
  return { key, operator, unsupported: issue, match };
}
