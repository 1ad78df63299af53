/** A SQL string literal for a value that table functions (read_text, read_parquet) cannot bind. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier (column names from files may contain `$`, `.` or spaces). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
