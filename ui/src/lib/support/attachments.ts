// Files on a ticket's messages: what the composer refuses before the shell
// is asked, which files get a preview, and how a transfer's progress reads.
// Tested in attachments.test.ts.

import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../ipc';
import type { AttachmentProgress } from '../ipc';
import { bytes } from '../areas/doc';

/** The images the shell makes previews of. SVG is never among them: it is a document, not a picture. */
const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A PNG, JPEG, GIF or WebP (by its MIME type, parameters and case aside). */
export function isRasterImage(mimeType: string | null | undefined): boolean {
  return RASTER_TYPES.has((mimeType ?? '').split(';', 1)[0]!.trim().toLowerCase());
}

const SAFE_PREVIEW = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * A preview the page may show: only a raster image inlined as base64 (the
 * shell's answer), never an SVG, an HTML page or a link elsewhere.
 */
export function safePreview(dataUrl: string | null | undefined): string | null {
  return dataUrl && SAFE_PREVIEW.test(dataUrl) ? dataUrl : null;
}

/** Whole percent done (0–100), or null while the size is unknown. */
export function percentDone(progress: Pick<AttachmentProgress, 'done' | 'total'> | null | undefined): number | null {
  if (!progress || !(progress.total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((progress.done / progress.total) * 100)));
}

/** `34 %`, or '' without a known size. */
export function percentText(progress: Pick<AttachmentProgress, 'done' | 'total'> | null | undefined): string {
  const percent = percentDone(progress);
  return percent == null ? '' : `${percent} %`;
}

/** What a queued message's file says about its way to the provider. */
export function uploadText(progress: Pick<AttachmentProgress, 'done' | 'total'> | null | undefined): string {
  if (!progress) return 'Waiting to upload';
  const percent = percentDone(progress);
  if (percent === 100) return 'Uploaded';
  return percent == null ? 'Uploading…' : `Uploading ${percent} %`;
}

/** The file's name in a path (either separator): what a chip shows while the file is copied. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * Why a file is not even offered to the shell: over the size limit, or one
 * too many for the message (`count`: the files it holds or is taking
 * already). null when it may go. `size` null: not known here (a path).
 */
export function refuseFile(name: string, size: number | null, count: number): string | null {
  if (count >= MAX_ATTACHMENTS) return `${name} was not attached: a message takes at most ${MAX_ATTACHMENTS} files.`;
  if (size != null && size > MAX_ATTACHMENT_BYTES) return `${name} was not attached: it is over ${bytes(MAX_ATTACHMENT_BYTES)}, the most one file may be.`;
  return null;
}

/**
 * The desktop shell reports a file dropped on the window on its own, and a
 * webview may hand the page the same drop as a DOM event: whichever comes
 * second, naming a file the other just brought, is the same drop.
 */
export class DropEcho {
  #recent = new Map<string, { source: 'shell' | 'page'; at: number }>();

  constructor(private readonly windowMs = 2000) {}

  /** Whether `name` arriving from `source` at `now` is the other source's drop again; remembers it otherwise. */
  isEcho(name: string, source: 'shell' | 'page', now = Date.now()): boolean {
    for (const [key, seen] of this.#recent) if (now - seen.at > this.windowMs) this.#recent.delete(key);
    const seen = this.#recent.get(name);
    if (seen && seen.source !== source) {
      this.#recent.delete(name);
      return true;
    }
    this.#recent.set(name, { source, at: now });
    return false;
  }
}
