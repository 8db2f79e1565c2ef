// The dashboard's pure helpers, without a browser: CSV parsing for broadcast uploads and the message template
// (which must render exactly as the server's BroadcastRules.Render).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, recipientsFromCsv } from '../../dashboard/src/lib/csv.js';
import { renderTemplate, usesName } from '../../dashboard/src/lib/template.js';

test('CSV: quotes, doubled quotes, separators and line breaks inside quotes, CRLF, BOM, semicolons', () => {
  assert.deepEqual(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', 'z']]);
  assert.deepEqual(parseCsv('name;phone\nAsha;919812345678'), [['name', 'phone'], ['Asha', '919812345678']]);
  assert.deepEqual(parseCsv('a,b\n\n,\nc,d'), [['a', 'b'], ['c', 'd']], 'blank rows are dropped');
});

test('CSV: recipients by header names, or by the first phone-like column without a header', () => {
  const withHeader = recipientsFromCsv('Name,Mobile,City\nAsha,+91 98123 45678,Pune\nRavi,,Goa\nX,hello,Y\n,919812345679,');
  assert.deepEqual(withHeader.recipients, [{ chatId: '919812345678', name: 'Asha' }, { chatId: '919812345679' }]);
  assert.deepEqual(withHeader.problems, ['Line 3: no phone number.', 'Line 4: "hello" is not a phone number.']);
  const bare = recipientsFromCsv('919812345678,Asha\n120363012345678901@g.us,Group');
  assert.deepEqual(bare.recipients, [{ chatId: '919812345678', name: 'Asha' }, { chatId: '120363012345678901@g.us', name: 'Group' }]);
  assert.match(recipientsFromCsv('name,city\nAsha,Pune').problems[0], /No phone column/);
});

test('template: {{name}} and {{name|fallback}} as the server renders them', () => {
  assert.equal(renderTemplate('Hi {{name}}!', 'Asha'), 'Hi Asha!');
  assert.equal(renderTemplate('Hi {{name}}!', undefined), 'Hi !');
  assert.equal(renderTemplate('Hi {{ NAME | there }}, {{name|friend}}', undefined), 'Hi there, friend');
  assert.equal(renderTemplate('Hi {{name|there}}', 'Ravi'), 'Hi Ravi');
  assert.equal(renderTemplate('{{names}} {name}', 'x'), '{{names}} {name}');
  assert.ok(usesName('a {{ name }} b'));
  assert.ok(!usesName('no token'));
});
