//! Files people attach (to ticket messages today): the limits, the names
//! they are stored under and the content types they are served as — the
//! rules the provider enforces and the desktop checks before it queues.
//!
//! A file's content type is read from its first bytes ([`sniff`]), never
//! taken from its name or from what an uploader claims: a file called
//! `invoice.pdf` that is HTML is served as HTML (always as a download).

use crate::id::ObjectId;

/// The most one attached file may hold: 25 MiB.
pub const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;
/// The most files one message carries.
pub const MAX_ATTACHMENTS: usize = 10;
/// How many leading bytes [`sniff`] needs to decide.
pub const SNIFF_BYTES: usize = 8192;
/// Where the provider serves an attachment, below its API base
/// (`/api/v1`): `/attachments/{id}`.
const ATTACHMENT_PATH: &str = "/attachments/";
/// The longest stored name, in bytes (most file systems allow 255).
const MAX_NAME_BYTES: usize = 200;

/// The URL an attachment is fetched from, relative to the provider's
/// address: `/api/v1/attachments/{id}`.
pub fn attachment_url(id: ObjectId) -> String {
    format!("/api/v1{ATTACHMENT_PATH}{id}")
}

/// The id in an attachment URL made by [`attachment_url`]; `None` for any
/// other URL (files that live elsewhere).
pub fn attachment_id(url: &str) -> Option<ObjectId> {
    let (_, id) = url.rsplit_once(ATTACHMENT_PATH)?;
    ObjectId::parse(id).ok()
}

/// A file name safe to store, show and offer as a download name: the last
/// path segment only, without control characters, reserved characters,
/// leading dots or trailing dots and spaces, at most 200 bytes (keeping the
/// extension), `attachment` when nothing is left.
pub fn sanitize_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    // Direction overrides make `invoice\u{202e}fdp.exe` read as a PDF.
    let visible: String = last.chars().filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')).collect();
    let trimmed = visible.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return "attachment".into();
    }
    let options = sanitize_filename::Options { truncate: false, windows: true, replacement: "_" };
    let cleaned = sanitize_filename::sanitize_with_options(trimmed, options);
    if cleaned.is_empty() {
        return "attachment".into();
    }
    truncate_keeping_extension(&cleaned, MAX_NAME_BYTES)
}

fn truncate_keeping_extension(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e).filter(|e| e.len() <= 16).map(|e| format!(".{e}")).unwrap_or_default();
    let mut stem: String = String::new();
    for c in name[..name.len() - extension.len()].chars() {
        if stem.len() + c.len_utf8() + extension.len() > max {
            break;
        }
        stem.push(c);
    }
    format!("{stem}{extension}")
}

/// The content type of a file from its first bytes (up to
/// [`SNIFF_BYTES`]): a known binary format by its signature, else
/// `text/plain` for text (UTF-8 without NULs; HTML and SVG are recognised
/// as such), else `application/octet-stream`.
pub fn sniff(head: &[u8]) -> &'static str {
    // XML is told apart below (SVG is XML that runs script).
    if let Some(kind) = infer::get(head).filter(|kind| kind.mime_type() != "text/xml") {
        return kind.mime_type();
    }
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may end inside a character.
        Err(error) if error.error_len().is_none() => std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or_default(),
        Err(_) => return "application/octet-stream",
    };
    if text.contains('\0') {
        return "application/octet-stream";
    }
    let start = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<head") || start.starts_with("<script") {
        "text/html"
    } else if start.starts_with("<svg") || (start.starts_with("<?xml") && start.contains("<svg")) {
        "image/svg+xml"
    } else if start.starts_with("<?xml") {
        "application/xml"
    } else if start.starts_with("%pdf-") {
        "application/pdf"
    } else {
        "text/plain"
    }
}

/// Raster images small enough to show as a thumbnail (never SVG: it is a
/// document that can run script).
pub fn is_thumbnailable(mime_type: &str) -> bool {
    matches!(mime_type, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

/// "2.4 MB": a size as people read it.
pub fn readable_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_reserved_characters_and_leading_dots() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_filename("C:\\Users\\ana\\Desktop\\screenshot.png"), "screenshot.png");
        assert_eq!(sanitize_filename(".htaccess"), "htaccess");
        assert_eq!(sanitize_filename("a<b>c:d\"e|f?g*h.txt"), "a_b_c_d_e_f_g_h.txt");
        assert_eq!(sanitize_filename("line\nbreak\u{0}.log"), "line_break_.log");
        assert_eq!(sanitize_filename("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_ne!(sanitize_filename("CON").to_ascii_uppercase(), "CON", "a reserved device name on Windows");
        assert_eq!(sanitize_filename("   "), "attachment");
        assert_eq!(sanitize_filename("..."), "attachment");
        assert_eq!(sanitize_filename("Übersicht März.pdf"), "Übersicht März.pdf");
        let long = format!("{}.png", "ä".repeat(300));
        let short = sanitize_filename(&long);
        assert!(short.len() <= 200 && short.ends_with(".png"), "{short}");
    }

    #[test]
    fn content_types_come_from_the_bytes_not_the_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(sniff(b"<!DOCTYPE html><html><script>alert(1)</script>"), "text/html");
        assert_eq!(sniff(b"  <svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), "image/svg+xml");
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><svg/>"), "image/svg+xml");
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss/>"), "application/xml");
        assert_eq!(sniff("domain,expires\nbeispiel.de,2027-01-01\n".as_bytes()), "text/plain");
        assert_eq!(sniff(b"\0\x01\x02binary"), "application/octet-stream");
        // A head cut inside a character is still text.
        assert_eq!(sniff(&"grüße".as_bytes()[..3]), "text/plain");
        assert_eq!(sniff(b"\xff\xfe\xfd not utf-8"), "application/octet-stream");
    }

    #[test]
    fn attachment_urls_carry_their_id() {
        let id = ObjectId::new();
        assert_eq!(attachment_id(&attachment_url(id)), Some(id));
        assert_eq!(attachment_id(&format!("https://desk.example/api/v1/attachments/{id}")), Some(id));
        assert_eq!(attachment_id("https://storage.hostjamstack.com/attachments/abc.png"), None);
        assert!(is_thumbnailable("image/png") && !is_thumbnailable("image/svg+xml"));
        assert_eq!(readable_size(512), "512 bytes");
        assert_eq!(readable_size(MAX_ATTACHMENT_BYTES), "25.0 MB");
    }
}
