import { describe, expect, it } from 'vitest';
import {
  compareRecords,
  compareTypes,
  defaultTtl,
  fqdn,
  hostName,
  originOf,
  ownerName,
  rdata,
  typeRank,
  txtData,
  zoneFile,
  zoneRecord,
  type ZoneRecord,
} from './zonefile';

function rec(type: string, name: string, value: string, ttl: number | null = 3600, priority: number | null = null, isActive = true): ZoneRecord {
  return { type, name, value, ttl, priority, isActive };
}

describe('names', () => {
  it('writes the origin with its final dot', () => {
    expect(originOf('Example.COM')).toBe('example.com.');
    expect(originOf('example.com.')).toBe('example.com.');
  });

  it('makes owner names relative to the zone', () => {
    expect(ownerName('@', 'example.com')).toBe('@');
    expect(ownerName('', 'example.com')).toBe('@');
    expect(ownerName('www', 'example.com')).toBe('www');
    expect(ownerName('example.com', 'example.com')).toBe('@');
    expect(ownerName('mail.example.com.', 'example.com')).toBe('mail');
    expect(ownerName('mail.example.com', 'example.com')).toBe('mail');
    expect(ownerName('other.org.', 'example.com')).toBe('other.org.');
  });

  it('spells out full names', () => {
    expect(fqdn('@', 'example.com')).toBe('example.com');
    expect(fqdn('_dmarc', 'example.com')).toBe('_dmarc.example.com');
  });

  it('makes host names with dots absolute and leaves relative ones', () => {
    expect(hostName('mx1.hostjamstack.com')).toBe('mx1.hostjamstack.com.');
    expect(hostName('mx1.hostjamstack.com.')).toBe('mx1.hostjamstack.com.');
    expect(hostName('mail')).toBe('mail');
    expect(hostName('@')).toBe('@');
  });
});

describe('record data', () => {
  it('puts the MX priority before the exchange', () => {
    expect(rdata(rec('MX', '@', 'mx1.hostjamstack.com', 3600, 10))).toBe('10 mx1.hostjamstack.com.');
    expect(rdata(rec('MX', '@', 'mx.example.net', 3600, null))).toBe('0 mx.example.net.');
  });

  it('writes SRV as priority weight port target', () => {
    expect(rdata(rec('SRV', '_submission._tcp', '1 587 smtp.hostjamstack.com', 3600, 0))).toBe('0 1 587 smtp.hostjamstack.com.');
    expect(rdata(rec('SRV', '_sip._tls', '100 1 443 sip.example.com', 3600, null))).toBe('100 1 443 sip.example.com.');
  });

  it('quotes TXT data and escapes quotes and backslashes', () => {
    expect(txtData('v=spf1 include:_spf.google.com ~all')).toBe('"v=spf1 include:_spf.google.com ~all"');
    expect(txtData('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(txtData('"already" "quoted"')).toBe('"already" "quoted"');
    expect(txtData('')).toBe('""');
  });

  it('writes non-ASCII TXT bytes as \\DDD', () => {
    expect(txtData('café')).toBe('"caf\\195\\169"');
  });

  it('splits TXT data into strings of at most 255 bytes', () => {
    const long = 'p='.padEnd(600, 'A');
    const strings = txtData(long).match(/"[^"]*"/g) ?? [];
    expect(strings).toHaveLength(3);
    expect(strings.map((s) => s.length - 2)).toEqual([255, 255, 90]);
  });

  it('writes CNAME, NS and PTR targets as host names, addresses as they are', () => {
    expect(rdata(rec('CNAME', 'www', 'example.com'))).toBe('example.com.');
    expect(rdata(rec('NS', '@', 'ns1.hostjamstack.com'))).toBe('ns1.hostjamstack.com.');
    expect(rdata(rec('A', '@', '198.51.100.7'))).toBe('198.51.100.7');
    expect(rdata(rec('AAAA', '@', '2001:db8::1'))).toBe('2001:db8::1');
  });
});

describe('ordering', () => {
  it('lists NS first and unknown types last', () => {
    expect(['TXT', 'HINFO', 'A', 'NS', 'CAA', 'MX'].sort(compareTypes)).toEqual(['NS', 'A', 'MX', 'TXT', 'CAA', 'HINFO']);
  });

  it('orders by type, apex first, then priority', () => {
    const records = [rec('MX', '@', 'b.example', 3600, 20), rec('A', 'www', '1.1.1.1'), rec('MX', '@', 'a.example', 3600, 10), rec('A', '@', '2.2.2.2')];
    expect(records.sort(compareRecords).map((r) => `${r.type} ${r.name} ${r.value}`)).toEqual([
      'A @ 2.2.2.2',
      'A www 1.1.1.1',
      'MX @ a.example',
      'MX @ b.example',
    ]);
  });

  it('takes the most used active TTL as the default', () => {
    expect(defaultTtl([rec('A', '@', 'x', 300), rec('A', 'a', 'x', 3600), rec('A', 'b', 'x', 3600)])).toBe(3600);
    expect(defaultTtl([rec('A', '@', 'x', 300, null, false)])).toBe(3600);
    expect(defaultTtl([])).toBe(3600);
  });
});

describe('zoneFile', () => {
  const records = [
    rec('TXT', '@', 'v=spf1 include:_spf.hostjamstack.com ~all'),
    rec('MX', '@', 'mx2.hostjamstack.com', 3600, 20),
    rec('MX', '@', 'mx1.hostjamstack.com', 3600, 10),
    rec('NS', '@', 'ns1.hostjamstack.com', 86400),
    rec('A', '@', '198.51.100.7', 300),
    rec('CNAME', 'www', 'example.com'),
    rec('A', 'staging', '198.51.100.77', 300, null, false),
  ];
  const text = zoneFile('example.com', records);
  const lines = text.split('\n');

  it('starts with $ORIGIN and $TTL', () => {
    expect(lines).toContain('$ORIGIN example.com.');
    expect(lines).toContain('$TTL 3600');
    expect(lines.findIndex((l) => l.startsWith('$ORIGIN'))).toBeLessThan(lines.findIndex((l) => l.startsWith('$TTL')));
  });

  it('writes one line per record with class IN, in zone order', () => {
    const recordLines = lines.filter((l) => / IN /.test(l));
    expect(recordLines).toHaveLength(records.length);
    expect(recordLines[0]).toMatch(/^@\s+86400 IN NS\s+ns1\.hostjamstack\.com\.$/);
    expect(recordLines.map((l) => l.replace(/\s+/g, ' '))).toEqual([
      '@ 86400 IN NS ns1.hostjamstack.com.',
      '@ 300 IN A 198.51.100.7',
      '; inactive: staging 300 IN A 198.51.100.77',
      'www 3600 IN CNAME example.com.',
      '@ 3600 IN MX 10 mx1.hostjamstack.com.',
      '@ 3600 IN MX 20 mx2.hostjamstack.com.',
      '@ 3600 IN TXT "v=spf1 include:_spf.hostjamstack.com ~all"',
    ]);
  });

  it('comments out inactive records', () => {
    expect(lines.filter((l) => l.startsWith('; inactive:'))).toHaveLength(1);
  });

  it('aligns the columns', () => {
    const recordLines = lines.filter((l) => / IN /.test(l) && !l.startsWith(';'));
    const inColumn = new Set(recordLines.map((l) => l.indexOf(' IN ')));
    expect(inColumn.size).toBe(1);
  });

  it('ends with a newline and says how many records it holds', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(lines[0]).toContain('7 records');
  });

  it('reads cached documents', () => {
    expect(zoneRecord({ _id: '1', version: 1, type: 'mx', name: '@', value: 'mx.example.net', ttl: 60, priority: 5, isActive: false })).toEqual({
      type: 'MX',
      name: '@',
      value: 'mx.example.net',
      ttl: 60,
      priority: 5,
      isActive: false,
    });
  });
});

describe('typeRank', () => {
  it('ranks known types in zone order and unknown ones last', () => {
    expect(typeRank('NS')).toBe(0);
    expect(typeRank('mx')).toBe(4);
    expect(typeRank('CAA')).toBe(8);
    expect(typeRank('HINFO')).toBe(9);
  });
});
