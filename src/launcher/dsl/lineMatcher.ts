import type { LogMatch } from './TestFile.ts';

/** A predicate over one log line for a DSL pattern: regex (JS syntax), glob (`*`, `?`), or substring. */
export function lineMatcher(match: LogMatch, pattern: string): (line: string) => boolean {
  switch (match) {
    case 'contains':
      return (line) => line.includes(pattern);
    case 'regex': {
      const rx = new RegExp(pattern);
      return (line) => rx.test(line);
    }
    case 'glob': {
      const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
      const rx = new RegExp(`^${source}$`);
      return (line) => rx.test(line);
    }
  }
}
