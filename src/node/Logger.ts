/** The logging interface every service receives (never a global). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(target: string): Logger;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Writes Substrate-style lines to a stream: `2026-11-24 14:27:27 [target] message`.
 * Fields follow as `key=value`.
 */
export class StreamLogger implements Logger {
  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly level: LogLevel = 'info',
    private readonly target = '',
    private readonly now: () => Date = () => new Date(),
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#log('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#log('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#log('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#log('error', message, fields);
  }
  child(target: string): Logger {
    return new StreamLogger(this.out, this.level, target, this.now);
  }

  #log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (ORDER[level] > ORDER[this.level]) return;
    const d = this.now();
    const ts = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    const tag = level === 'info' ? '' : ` ${level.toUpperCase()}`;
    const target = this.target === '' ? '' : ` [${this.target}]`;
    const extra = fields === undefined ? '' : ' ' + Object.entries(fields).map(([k, v]) => `${k}=${fmt(v)}`).join(' ');
    this.out.write(`${ts}${tag}${target} ${message}${extra}\n`);
  }
}

/** A logger that drops everything (tests that do not read logs). */
export function silentLogger(): Logger {
  const l: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => l };
  return l;
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

function fmt(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

/** `0xabcd…1234`, as Substrate abbreviates hashes in logs. */
export function shortHash(hash: Uint8Array): string {
  const h = Buffer.from(hash).toString('hex');
  return `0x${h.slice(0, 4)}…${h.slice(-4)}`;
}
