import { describe, expect, it } from 'vitest';
import { sqlParameterNames } from '../../src/db/run-sql-file.js';

describe('sqlParameterNames', () => {
  it('finds each $name once, in order of first use', () => {
    expect(sqlParameterNames('select $flag, $unit where x = $flag')).toEqual(['flag', 'unit']);
  });

  it('ignores comments, string literals and quoted identifiers', () => {
    const sql = `-- header: $documented
      /* block $block */
      select fields."$feature_flag", '$in_string', 'it''s $quoted', "a ""$b"" c", $real
      from t`;
    expect(sqlParameterNames(sql)).toEqual(['real']);
  });

  it('reads quotes inside comments and dashes inside strings as what they are', () => {
    expect(sqlParameterNames(`-- don't stop here\nselect $a, '-- not a comment', $b`)).toEqual(['a', 'b']);
    expect(sqlParameterNames(`select '/* text */' as s, $c /* ' */, $d`)).toEqual(['c', 'd']);
  });
});
