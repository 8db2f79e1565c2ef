import { createHash } from 'node:crypto';
import type { BaileysEventEmitter, GroupMetadata, GroupParticipant, ParticipantAction } from '@whiskeysockets/baileys';
import { nowSeconds } from '../../bus/envelope.js';
import { isPhoneJid, phoneOf } from '../../sessions/jids.js';

// Groups as WhatsApp's server would keep them, in memory per session: create,
// subject/description, participants (with per-person outcomes), invite codes,
// leave. Changes are announced on the socket's event emitter with the events
// Baileys emits for the server's notifications (groups.upsert, groups.update,
// group-participants.update), and errors are shaped like Baileys' (a Boom
// whose `data` is the server's error code).

export type SimGroupState = { groups: Map<string, GroupMetadata>; created: number };

export const newGroupState = (): SimGroupState => ({ groups: new Map(), created: 0 });

/** An error as Baileys reports a server error node. */
export function waError(code: number, text: string): Error {
  return Object.assign(new Error(text), { isBoom: true, output: { statusCode: 500, payload: { message: text } }, data: code });
}

type Admin = GroupParticipant['admin'];

export function makeSimGroups(deps: {
  sessionId: string;
  state: SimGroupState;
  ev: BaileysEventEmitter;
  /** our own phone-number jid */
  me: () => string;
  notOnWhatsApp: RegExp;
}) {
  const { state, ev } = deps;

  const clone = (g: GroupMetadata): GroupMetadata => ({ ...g, participants: g.participants.map((p) => ({ ...p })) });
  const member = (g: GroupMetadata, jid: string): GroupParticipant | undefined => g.participants.find((p) => p.id === jid);

  function find(jid: string): GroupMetadata {
    const g = state.groups.get(jid);
    if (!g) throw waError(404, 'item-not-found');
    if (!member(g, deps.me())) throw waError(403, 'forbidden');
    return g;
  }
  function asAdmin(jid: string): GroupMetadata {
    const g = find(jid);
    if (!member(g, deps.me())?.admin) throw waError(403, 'not-authorized');
    return g;
  }
  const resize = (g: GroupMetadata): void => {
    g.size = g.participants.length;
  };
  const announce = (id: string, action: ParticipantAction, participants: GroupParticipant[]): void => {
    if (participants.length) ev.emit('group-participants.update', { id, author: deps.me(), participants, action });
  };

  return {
    async create(subject: string, participants: string[]): Promise<GroupMetadata> {
      const me = deps.me();
      const n = ++state.created;
      const digits = BigInt('0x' + createHash('sha256').update(`${deps.sessionId}\n${n}\n${subject}\n${Date.now()}`).digest('hex').slice(0, 12)) % 10n ** 11n;
      const id = `1203630${digits.toString().padStart(11, '0')}@g.us`;
      const reachable = participants.filter((p) => p !== me && isPhoneJid(p) && !deps.notOnWhatsApp.test(phoneOf(p)));
      const meta: GroupMetadata = {
        id,
        subject,
        owner: me,
        ownerPn: me,
        creation: nowSeconds(),
        participants: [{ id: me, admin: 'superadmin' }, ...reachable.map((p) => ({ id: p, admin: null }))],
        announce: false,
        restrict: false,
      };
      resize(meta);
      state.groups.set(id, meta);
      ev.emit('groups.upsert', [clone(meta)]);
      return clone(meta);
    },
    async metadata(jid: string): Promise<GroupMetadata> {
      return clone(find(jid));
    },
    async updateSubject(jid: string, subject: string): Promise<void> {
      const g = find(jid);
      if (g.restrict && !member(g, deps.me())?.admin) throw waError(403, 'not-authorized');
      g.subject = subject;
      g.subjectTime = nowSeconds();
      ev.emit('groups.update', [{ id: jid, subject, author: deps.me() }]);
    },
    async updateDescription(jid: string, description: string | undefined): Promise<void> {
      const g = asAdmin(jid);
      if (description) g.desc = description;
      else delete g.desc;
      ev.emit('groups.update', [{ id: jid, desc: description ?? '', author: deps.me() }]);
    },
    async participantsUpdate(jid: string, jids: string[], action: ParticipantAction): Promise<{ status: string; jid: string; content: { tag: string; attrs: Record<string, string> } }[]> {
      const g = asAdmin(jid);
      const done: GroupParticipant[] = [];
      const results = jids.map((p) => {
        const current = member(g, p);
        let status = '200';
        if (action === 'add') {
          if (current) status = '409';
          else if (!isPhoneJid(p) || deps.notOnWhatsApp.test(phoneOf(p))) status = '403';
          else {
            const added = { id: p, admin: null as Admin };
            g.participants.push(added);
            done.push({ ...added });
          }
        } else if (!current) status = '404';
        else if (action === 'remove') {
          g.participants = g.participants.filter((x) => x.id !== p);
          done.push({ ...current });
        } else if (action === 'promote' || action === 'demote') {
          current.admin = action === 'promote' ? (current.admin === 'superadmin' ? 'superadmin' : 'admin') : null;
          done.push({ ...current });
        }
        return { status, jid: p, content: { tag: 'participant', attrs: { jid: p, ...(status === '200' ? {} : { error: status }) } } };
      });
      resize(g);
      announce(jid, action, done);
      return results;
    },
    async inviteCode(jid: string): Promise<string> {
      asAdmin(jid);
      return createHash('sha256').update(`invite\n${jid}`).digest('base64url').slice(0, 22);
    },
    async leave(jid: string): Promise<void> {
      const g = find(jid);
      const me = deps.me();
      const mine = member(g, me);
      g.participants = g.participants.filter((p) => p.id !== me);
      resize(g);
      announce(jid, 'remove', mine ? [{ ...mine }] : []);
    },
    /** like Baileys: every group we are in, also emitted as one full groups.update */
    async fetchAll(): Promise<Record<string, GroupMetadata>> {
      const me = deps.me();
      const mine = [...state.groups.values()].filter((g) => member(g, me)).map(clone);
      ev.emit('groups.update', mine.map(clone));
      return Object.fromEntries(mine.map((g) => [g.id, g]));
    },
  };
}

export type SimGroups = ReturnType<typeof makeSimGroups>;
