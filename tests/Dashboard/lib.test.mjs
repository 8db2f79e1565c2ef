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

test('attachments: the kind from the type and size, as POST /media and POST /messages check them', async () => {
  const { kindForFile, fileMessage, size } = await import('../../dashboard/src/lib/attach.js');
  const MiB = 1024 * 1024;
  assert.deepEqual(kindForFile({ type: 'image/png', size: 10 }), { kind: 'image', type: 'image/png' });
  assert.equal(kindForFile({ type: 'IMAGE/JPEG', size: 5 * MiB }).kind, 'image');
  assert.equal(kindForFile({ type: 'image/jpeg', size: 5 * MiB + 1 }).kind, 'document', 'a photo over 5 MiB goes as a document');
  assert.equal(kindForFile({ type: 'image/gif', size: 10 }).kind, 'document');
  assert.equal(kindForFile({ type: 'video/mp4', size: 16 * MiB }).kind, 'video');
  assert.equal(kindForFile({ type: 'audio/ogg; codecs=opus', size: 100 }).kind, 'audio');
  assert.deepEqual(kindForFile({ type: '', size: 3 }), { kind: 'document', type: 'application/octet-stream' });
  assert.equal(kindForFile({ type: 'application/zip', size: 100 * MiB + 1 }).kind, null);
  assert.deepEqual(fileMessage({ to: 'x', kind: 'image', mediaId: 'med_1', caption: 'hi', fileName: 'a.png', replyTo: 'R' }), {
    to: 'x', image: { mediaId: 'med_1', caption: 'hi' }, replyTo: 'R',
  });
  assert.deepEqual(fileMessage({ to: 'x', from: 's1', kind: 'document', mediaId: 'm', caption: '', fileName: 'a.pdf' }), {
    to: 'x', document: { mediaId: 'm', fileName: 'a.pdf' }, from: 's1',
  });
  assert.deepEqual(fileMessage({ to: 'x', kind: 'audio', mediaId: 'm', caption: 'dropped' }), { to: 'x', audio: { mediaId: 'm' } });
  assert.equal(size(1536), '1.5 KiB');
  assert.equal(size(3 * MiB), '3 MiB');
});

test('page policy: audio and video play from blob: only where media-src (else default-src) allows it', async () => {
  const { allowsBlobMedia } = await import('../../dashboard/src/lib/policy.js');
  assert.equal(allowsBlobMedia("default-src 'self'; img-src 'self' blob: data:"), false);
  assert.equal(allowsBlobMedia("default-src 'self'; media-src 'self' blob:"), true);
  assert.equal(allowsBlobMedia("default-src 'self' blob:"), true);
  assert.equal(allowsBlobMedia("default-src *; media-src *"), false, "'*' does not cover blob:");
  assert.equal(allowsBlobMedia(null), true);
});
