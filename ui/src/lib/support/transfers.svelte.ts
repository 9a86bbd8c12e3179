// Attachments on their way: the shell's `attachment-progress` events (the
// uploads of queued messages, the downloads of files being opened or
// saved), kept per file, and the previews of image attachments, asked for
// once per file. Both live as long as the app: a thread opened again
// finds them as they were.

import { SvelteMap } from 'svelte/reactivity';
import * as ipc from '../ipc';
import type { AttachmentProgress } from '../ipc';
import { isRasterImage, safePreview } from './attachments';

type Direction = AttachmentProgress['direction'];

const key = (direction: Direction, id: string) => `${direction}:${id}`;

class Transfers {
  #progress = new SvelteMap<string, AttachmentProgress>();
  #listening = false;

  /** Follows the shell's progress events, once for the whole app. */
  listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    ipc.onAttachmentProgress((progress) => this.take(progress)).catch(() => {
      // Outside the desktop shell (tests, a browser) there are no events.
      this.#listening = false;
    });
  }

  take(progress: AttachmentProgress): void {
    this.#progress.set(key(progress.direction, progress.id), progress);
  }

  /** The latest news of a file's upload or download; null before any (or for a file without an id). */
  of(direction: Direction, id: string | null): AttachmentProgress | null {
    return id ? (this.#progress.get(key(direction, id)) ?? null) : null;
  }

  /** A download is over (opened, saved or failed): the next one starts from nothing. */
  forget(direction: Direction, id: string | null): void {
    if (id) this.#progress.delete(key(direction, id));
  }
}

export const transfers = new Transfers();

/** A file without a preview is asked again after this long: it may have been downloaded meanwhile. */
export const NO_PREVIEW_RETRY_MS = 60_000;

interface Preview {
  answer: Promise<string | null>;
  /** When the answer came, if it was "none". */
  noneAt: number | null;
}

/** Previews by attachment URL. */
const previews = new Map<string, Preview>();

/**
 * The preview of an image attachment (a `data:` URL), asked of the shell
 * once per URL; null for anything but PNG, JPEG, GIF and WebP, and when
 * the shell has none (offline, not downloaded yet; asked again later).
 */
export function preview(url: string, filename: string, mimeType: string, now = Date.now()): Promise<string | null> {
  if (!url || !isRasterImage(mimeType)) return Promise.resolve(null);
  const known = previews.get(url);
  if (known && (known.noneAt == null || now - known.noneAt < NO_PREVIEW_RETRY_MS)) return known.answer;
  const entry: Preview = { answer: Promise.resolve(null), noneAt: null };
  entry.answer = ipc
    .attachmentThumbnail(url, filename, mimeType)
    .then(safePreview, () => null)
    .then((answer) => {
      if (answer == null) entry.noneAt = Date.now();
      return answer;
    });
  previews.set(url, entry);
  return entry.answer;
}

/** A file was just downloaded (opened, saved): a preview the shell had none of may be there now. */
export function previewMayHaveChanged(url: string): void {
  if (previews.get(url)?.noneAt != null) previews.delete(url);
}

/** Forgets every preview (tests). */
export function forgetPreviews(): void {
  previews.clear();
}
