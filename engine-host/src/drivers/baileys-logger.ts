import type { SocketConfig } from '@whiskeysockets/baileys';
import { isLogLevel, type Log, type LogLevel } from '../log.js';

// Baileys wants a pino-shaped logger. This adapter forwards only the message
// text (never the attached objects, which can hold keys or message content)
// at or above the configured level.

type ILogger = SocketConfig['logger'];

const rank: Record<string, number> = { trace: 0, debug: 10, info: 20, warn: 30, error: 40, fatal: 50, silent: 100 };

export function toBaileysLogger(log: Log, level: LogLevel): ILogger {
  const at = rank[level] ?? 30;
  const forward = (lvl: 'debug' | 'info' | 'warn' | 'error', obj: unknown, msg?: string): void => {
    if ((rank[lvl] ?? 0) < at) return;
    const text = msg ?? (typeof obj === 'string' ? obj : '');
    if (text) log[lvl](`baileys: ${text}`);
  };
  const logger: ILogger = {
    level: isLogLevel(level) ? level : 'warn',
    child: () => logger,
    trace: () => {},
    debug: (obj, msg) => forward('debug', obj, msg),
    info: (obj, msg) => forward('info', obj, msg),
    warn: (obj, msg) => forward('warn', obj, msg),
    error: (obj, msg) => forward('error', obj, msg),
  };
  return logger;
}
