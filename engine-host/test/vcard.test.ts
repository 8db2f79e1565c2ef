import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildVcard, parseVcard } from '../src/util/vcard.js';

// The vCard parser on cards as other phones write them, not only as we build them.

describe('parseVcard', () => {
  it('ORG: the company (first component), unescaped; later components dropped', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nORG:Smith\\; Sons\\, Ltd\\\\;Sales;EMEA\r\nTEL;waid=15550100:+1 555 0100\r\nEND:VCARD';
    assert.deepEqual(parseVcard(card), { fullName: 'Ada', phoneNumber: '15550100', organization: 'Smith; Sons, Ltd\\' });
  });

  it('ORG folded over lines, grouped (item1.ORG), or empty', () => {
    assert.equal(parseVcard('BEGIN:VCARD\nFN:A\nitem1.ORG:Analytical\n  Engines;R&D\nEND:VCARD').organization, 'Analytical Engines');
    assert.equal(parseVcard('BEGIN:VCARD\nFN:A\nORG:;Sales\nEND:VCARD').organization, undefined);
    assert.equal('organization' in parseVcard('BEGIN:VCARD\nFN:A\nEND:VCARD'), false);
  });

  it('reads back what buildVcard writes', () => {
    const card = buildVcard({ fullName: 'Ada', phoneNumber: '+44 20 7946 0000', organization: 'A; B, C' });
    assert.deepEqual(parseVcard(card), { fullName: 'Ada', phoneNumber: '442079460000', organization: 'A; B, C' });
  });
});
