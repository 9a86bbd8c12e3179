import { describe, expect, it } from 'vitest';
import { bool, bytes, list, num, objects, seconds, shortSha, str, strings } from './doc';

const doc = {
  _id: '1',
  version: 1,
  name: 'site',
  price: 12.99,
  priceText: '4.50',
  on: true,
  tags: ['a', 2, 'b'],
  repo: { branch: 'main' },
  envs: [{ key: 'A' }, 'junk', null],
};

describe('document fields', () => {
  it('reads typed fields and nested paths', () => {
    expect(str(doc, 'name')).toBe('site');
    expect(str(doc, 'repo.branch')).toBe('main');
    expect(str(doc, 'price')).toBeNull();
    expect(num(doc, 'price')).toBe(12.99);
    expect(num(doc, 'priceText')).toBe(4.5);
    expect(num(doc, 'name')).toBeNull();
    expect(bool(doc, 'on')).toBe(true);
    expect(bool(doc, 'missing')).toBeNull();
  });

  it('reads arrays defensively', () => {
    expect(list(doc, 'missing')).toEqual([]);
    expect(strings(doc, 'tags')).toEqual(['a', 'b']);
    expect(objects(doc, 'envs')).toEqual([{ key: 'A' }]);
  });
});

describe('short forms', () => {
  it('shortens commits', () => {
    expect(shortSha('a1b2c3d4e5f6')).toBe('a1b2c3d');
    expect(shortSha(null)).toBeNull();
  });

  it('writes TTLs in the largest whole unit', () => {
    expect(seconds(90)).toBe('90 s');
    expect(seconds(300)).toBe('5 min');
    expect(seconds(3600)).toBe('1 h');
    expect(seconds(5400)).toBe('1 h 30 min');
    expect(seconds(86400)).toBe('1 d');
    expect(seconds(90000)).toBe('25 h');
    expect(seconds(null)).toBe('');
  });

  it('writes file sizes', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(88_213)).toBe('86 KB');
    expect(bytes(1_024_567)).toBe('1.0 MB');
    expect(bytes(null)).toBe('');
  });
});
