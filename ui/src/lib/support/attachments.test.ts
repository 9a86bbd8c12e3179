import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../ipc';
import { baseName, DropEcho, isRasterImage, percentDone, percentText, refuseFile, safePreview, uploadText } from './attachments';

describe('isRasterImage', () => {
  it('takes PNG, JPEG, GIF and WebP, and nothing that could hold a document', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'IMAGE/PNG', 'image/jpeg; charset=binary']) {
      expect(isRasterImage(type), type).toBe(true);
    }
    for (const type of ['image/svg+xml', 'text/html', 'application/pdf', 'image/x-icon', 'image/tiff', '', null, undefined]) {
      expect(isRasterImage(type), String(type)).toBe(false);
    }
  });
});

describe('safePreview', () => {
  it('lets through only raster images inlined as base64', () => {
    expect(safePreview('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safePreview('data:image/webp;base64,UklGRg==')).toBe('data:image/webp;base64,UklGRg==');
    expect(safePreview('data:image/svg+xml;base64,PHN2Zz4=')).toBeNull();
    expect(safePreview('data:text/html;base64,PGI+')).toBeNull();
    expect(safePreview('https://example.com/a.png')).toBeNull();
    expect(safePreview('data:image/png;base64,AAAA"><script>')).toBeNull();
    expect(safePreview(null)).toBeNull();
  });
});

describe('progress', () => {
  it('reads as whole percent, or not at all without a size', () => {
    expect(percentDone({ done: 34, total: 100 })).toBe(34);
    expect(percentDone({ done: 2, total: 3 })).toBe(66);
    expect(percentDone({ done: 120, total: 100 })).toBe(100);
    expect(percentDone({ done: 5, total: 0 })).toBeNull();
    expect(percentDone(null)).toBeNull();
    expect(percentText({ done: 34, total: 100 })).toBe('34 %');
    expect(percentText({ done: 34, total: 0 })).toBe('');
  });

  it('says where a queued file’s upload is', () => {
    expect(uploadText(null)).toBe('Waiting to upload');
    expect(uploadText({ done: 0, total: 0 })).toBe('Uploading…');
    expect(uploadText({ done: 40, total: 100 })).toBe('Uploading 40 %');
    expect(uploadText({ done: 100, total: 100 })).toBe('Uploaded');
  });
});

describe('baseName', () => {
  it('takes the last part of a path, either separator', () => {
    expect(baseName('/home/marco/report.pdf')).toBe('report.pdf');
    expect(baseName('C:\\Users\\marco\\error log.txt')).toBe('error log.txt');
    expect(baseName('plain.txt')).toBe('plain.txt');
    expect(baseName('/tmp/dir/')).toBe('dir');
  });
});

describe('refuseFile', () => {
  it('refuses a file over the limit and the one past the tenth, naming it', () => {
    expect(refuseFile('a.log', MAX_ATTACHMENT_BYTES, 0)).toBeNull();
    expect(refuseFile('a.log', null, MAX_ATTACHMENTS - 1)).toBeNull();
    expect(refuseFile('big.iso', MAX_ATTACHMENT_BYTES + 1, 0)).toBe('big.iso was not attached: it is over 25 MB, the most one file may be.');
    expect(refuseFile('eleventh.txt', 10, MAX_ATTACHMENTS)).toBe('eleventh.txt was not attached: a message takes at most 10 files.');
  });
});

describe('DropEcho', () => {
  it('takes a drop the shell and the page both report once', () => {
    const echo = new DropEcho(2000);
    expect(echo.isEcho('a.png', 'shell', 1000)).toBe(false);
    expect(echo.isEcho('a.png', 'page', 1500)).toBe(true);
    // The same source twice is two drops; so is the other source much later.
    expect(echo.isEcho('b.png', 'page', 2000)).toBe(false);
    expect(echo.isEcho('b.png', 'page', 2100)).toBe(false);
    expect(echo.isEcho('c.png', 'page', 3000)).toBe(false);
    expect(echo.isEcho('c.png', 'shell', 6000)).toBe(false);
  });
});
