// The seed-000 flows as a Node/TypeScript user writes them with types openapi-typescript generated from
// GET /api/v1/openapi.json (./api.d.ts, written next to this file by GeneratedClientTests). `tsc --noEmit` must accept
// this file: every response is read through the generated types, and each @ts-expect-error line is a use the
// description must forbid (an unknown enum value, a missing required field), so a looser description fails too.
import type { components, paths } from './api';

type Contact = components['schemas']['Contact'];
type Ticket = components['schemas']['Ticket'];
type ApiError = components['schemas']['Error'];
type Json<Op, Status extends number> = Op extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } } ? Body : never;
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

async function call<T>(base: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + '/api/v1' + path, {
    method,
    headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = (await response.json()) as ApiError;
    throw new Error(`${response.status} ${error.error}: ${error.message}`);
  }
  return (await response.json()) as T;
}

function stageRank(contact: Contact): number {
  switch (contact.lifecycle) {
    case 'lead': return 0;
    case 'active': return 1;
    case 'customer': return 2;
    case 'vip': return 3;
    case 'churned': return -1;
    default: {
      const unknown: never = contact.lifecycle;
      return unknown;
    }
  }
}

function isUrgent(ticket: Ticket): boolean {
  return ticket.priority === 'urgent' || ticket.priority === 'high';
}

export async function flows(base: string, key: string, sessionId: string, chatId: string): Promise<string[]> {
  const done: string[] = [];

  const create: Body<paths['/contacts']['post']> = { name: 'Asha Rao', phone: '919812345678', lifecycle: 'vip', tags: ['website'] };
  // @ts-expect-error phone is required
  const noPhone: Body<paths['/contacts']['post']> = { name: 'Asha Rao' };
  // @ts-expect-error lifecycle takes only the contract's stages
  const goldStage: Body<paths['/contacts']['post']> = { name: 'Asha Rao', phone: '919812345678', lifecycle: 'gold' };
  const created = await call<Json<paths['/contacts']['post'], 201>>(base, key, 'POST', '/contacts', create);
  const asha: Contact = created.data;

  const query: Query<paths['/contacts']['get']> = { q: 'asha', stage: 'vip', limit: 50 };
  // @ts-expect-error stage takes only the contract's stages
  const wrongQuery: Query<paths['/contacts']['get']> = { stage: 'gold' };
  const page = await call<Json<paths['/contacts']['get'], 200>>(base, key, 'GET', `/contacts?q=${encodeURIComponent(query.q ?? '')}&stage=${query.stage}`);
  const ranks: number[] = page.data.map(stageRank);
  const next: string | null = page.nextCursor;
  done.push(`contacts ${asha.id} ${ranks.length} ${next ?? 'last'}`);

  const ticket = await call<Json<paths['/tickets']['post'], 201>>(base, key, 'POST', '/tickets', {
    subject: 'Refund not received', priority: 'high',
  } satisfies Body<paths['/tickets']['post']>);
  const open = await call<Json<paths['/tickets']['get'], 200>>(base, key, 'GET', '/tickets?status=open');
  done.push(`tickets ${ticket.data.ref} ${open.data.filter(isUrgent).length}`);

  const chats = await call<Json<paths['/chats']['get'], 200>>(base, key, 'GET', `/chats?sessionId=${sessionId}`);
  const unread: number = chats.data.reduce((sum, chat) => sum + chat.unreadCount, 0);
  const history = await call<Json<paths['/chats/{chatId}/messages']['get'], 200>>(base, key, 'GET', `/chats/${chatId}/messages?sessionId=${sessionId}`);
  const inbound: string[] = history.data.filter((m) => !m.fromMe).map((m) => m.body);
  done.push(`chats ${unread} ${inbound.length}`);

  const sent = await call<Json<paths['/messages']['post'], 202>>(base, key, 'POST', '/messages', {
    to: chatId, text: 'Hi! Thanks for reaching out.', from: sessionId,
  } satisfies Body<paths['/messages']['post']>);
  const message = await call<Json<paths['/messages/{id}']['get'], 200>>(base, key, 'GET', `/messages/${sent.id}`);
  const status: 'queued' | 'sent' | 'delivered' | 'read' | 'played' | 'failed' | null = message.data.status;
  done.push(`messages ${sent.status} ${status ?? 'inbound'}`);

  const broadcast = await call<Json<paths['/broadcasts']['post'], 201>>(base, key, 'POST', '/broadcasts', {
    name: 'October offer', sessionId, message: 'Hi {{name}}, here is 10% off this week.',
    recipients: [{ chatId: '919812345678@s.whatsapp.net', name: 'Asha' }],
  } satisfies Body<paths['/broadcasts']['post']>);
  const progress = (await call<Json<paths['/broadcasts/{id}']['get'], 200>>(base, key, 'GET', `/broadcasts/${broadcast.data.id}`)).data.progress;
  done.push(`broadcasts ${broadcast.data.status} ${progress.pending + progress.sent}`);

  void noPhone;
  void goldStage;
  void wrongQuery;
  return done;
}
