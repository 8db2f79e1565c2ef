// CSV for broadcast recipients: RFC 4180 parsing (quotes, doubled quotes, commas and line breaks inside quotes,
// CRLF or LF, a UTF-8 BOM) and the mapping of columns to { chatId, name }.

export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // A separator: comma, or semicolon/tab when the first line has those and no comma (spreadsheet exports by locale).
  const firstLine = text.slice(i, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const sep = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ''));
}

const PHONE_HEADERS = ['chatid', 'phone', 'number', 'mobile', 'whatsapp', 'jid', 'to', 'phone number', 'phonenumber', 'msisdn'];
const NAME_HEADERS = ['name', 'first name', 'firstname', 'full name', 'fullname', 'contact', 'customer'];

const looksLikePhone = (v) => /^\+?[\d\s().-]{8,20}$/.test(v.trim()) || /@(s\.whatsapp\.net|g\.us|lid)$/.test(v.trim());

/**
 * Recipients from CSV text. With a header row, the phone column is the one named chatId/phone/number/…, the name
 * column name/first name/…; without one, the first column that looks like a phone number, and the next column as name.
 * @returns {{ recipients: {chatId: string, name?: string}[], problems: string[], header: boolean }}
 */
export function recipientsFromCsv(text) {
  const rows = parseCsv(text);
  const problems = [];
  if (!rows.length) return { recipients: [], problems: ['The file has no rows.'], header: false };
  const first = rows[0].map((h) => h.trim().toLowerCase());
  const header = !first.some(looksLikePhone);
  let phoneCol;
  let nameCol;
  if (header) {
    phoneCol = first.findIndex((h) => PHONE_HEADERS.includes(h));
    nameCol = first.findIndex((h) => NAME_HEADERS.includes(h));
    if (phoneCol < 0) {
      return { recipients: [], header, problems: [`No phone column: name one of the header cells ${PHONE_HEADERS.slice(0, 4).join(', ')}.`] };
    }
  } else {
    phoneCol = rows[0].findIndex(looksLikePhone);
    nameCol = rows[0].findIndex((v, i) => i !== phoneCol && v.trim() !== '' && !looksLikePhone(v));
  }
  const recipients = [];
  rows.slice(header ? 1 : 0).forEach((row, i) => {
    const line = i + (header ? 2 : 1);
    const raw = (row[phoneCol] ?? '').trim();
    if (!raw) return problems.push(`Line ${line}: no phone number.`);
    if (!looksLikePhone(raw)) return problems.push(`Line ${line}: "${raw.slice(0, 40)}" is not a phone number.`);
    const chatId = raw.includes('@') ? raw : raw.replace(/[^\d]/g, '');
    const name = nameCol >= 0 ? (row[nameCol] ?? '').trim().slice(0, 100) : '';
    recipients.push(name ? { chatId, name } : { chatId });
    return undefined;
  });
  return { recipients, problems, header };
}
