import { errorText } from '../log.js';

// A failed WhatsApp query → a command.result error code. Baileys reports a
// server error node as a Boom whose `data` is the node's code (403, 404, …);
// its own failures (timeout, closed connection) carry output.statusCode.

export type CommandError = { error: string; detail: string };

const byCode: Record<number, string> = {
  400: 'bad_request',
  401: 'forbidden',
  403: 'forbidden',
  404: 'not_found',
  406: 'bad_request',
  408: 'timeout',
  409: 'conflict',
  429: 'rate_limited',
  428: 'connection_lost',
  440: 'connection_lost',
  503: 'connection_lost',
  515: 'connection_lost',
};

export function toCommandError(err: unknown): CommandError {
  const e = err as { data?: unknown; output?: { statusCode?: unknown } } | null | undefined;
  const data = typeof e?.data === 'number' ? e.data : undefined;
  const status = typeof e?.output?.statusCode === 'number' ? e.output.statusCode : undefined;
  const code = data ?? status;
  return { error: (code !== undefined ? byCode[code] : undefined) ?? 'failed', detail: errorText(err) };
}
