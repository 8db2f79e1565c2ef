// The vCard 3.0 subset WhatsApp uses for shared contacts: FN, ORG and TEL with
// a `waid` parameter (the number on WhatsApp).

const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n|\r/g, '\\n');
const unescape = (v: string): string => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

export function buildVcard(card: { fullName: string; phoneNumber: string; organization?: string }): string {
  const digits = card.phoneNumber.replace(/\D/g, '');
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `FN:${escape(card.fullName)}`,
    ...(card.organization ? [`ORG:${escape(card.organization)};`] : []),
    `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`,
    'END:VCARD',
  ].join('\n');
}

// ORG is `company;unit;…`: the company is what a chat shows, so only the first
// component, cut at the first unescaped `;`.
const firstComponent = (v: string): string => /^(?:[^\\;]|\\.)*/.exec(v)?.[0] ?? '';

/** Name, organization and first phone number of a vCard; the number as digits (the waid when present). */
export function parseVcard(vcard: string): { fullName?: string; phoneNumber?: string; organization?: string } {
  const lines = vcard.replace(/\r\n/g, '\n').replace(/\n[ \t]/g, '').split('\n');
  let fullName: string | undefined;
  let phoneNumber: string | undefined;
  let organization: string | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [name = '', ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    const prop = name.replace(/^item\d+\./i, '').toUpperCase();
    if (prop === 'FN' && fullName === undefined) fullName = unescape(value).trim();
    if (prop === 'ORG' && organization === undefined) organization = unescape(firstComponent(value)).trim() || undefined;
    if (prop === 'TEL' && phoneNumber === undefined) {
      const waid = params.map((p) => /^waid=(\d+)$/i.exec(p)?.[1]).find(Boolean);
      const digits = waid ?? value.replace(/\D/g, '');
      if (digits) phoneNumber = digits;
    }
  }
  return { ...(fullName ? { fullName } : {}), ...(phoneNumber ? { phoneNumber } : {}), ...(organization ? { organization } : {}) };
}
