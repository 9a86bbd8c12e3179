//! The files attached to the demo's ticket messages, made up from their
//! names so the demo carries no large binaries: a browser's certificate
//! warning as a screenshot, a build log, CSV lists, a WordPress export and
//! two PDFs, each what its name promises.

use std::fmt::Write;

/// The content of the demo file `filename`.
pub fn content(filename: &str) -> Vec<u8> {
    match filename {
        "zertifikat-fehler.png" => include_bytes!("demo_files/zertifikat-fehler.png").to_vec(),
        "build-dpl-docs.log" => build_log(),
        "redirects.csv" => redirects(),
        "domains-to-transfer.csv" => domains_to_transfer(),
        "wordpress-export.xml" => wordpress_export(),
        "INV-2026-10-0871.pdf" => {
            pdf(&["HostJamstack GmbH", "Invoice INV-2026-10-0871 (corrected)", "VAT ID DE298765432", "Total 119.00 EUR"])
        }
        "kontoauszug-november.pdf" => {
            pdf(&["Kontoauszug November 2026", "03.11. HostJamstack Starter  -9,99 EUR", "03.11. HostJamstack Starter  -9,99 EUR"])
        }
        other => format!("{other}\n").into_bytes(),
    }
}

fn build_log() -> Vec<u8> {
    let mut log = String::from("== dpl-docs: build started (node 20.11.1, npm 10.2.4) ==\n");
    for (i, step) in ["npm ci", "astro check", "astro build"].iter().enumerate() {
        let _ = writeln!(log, "[00:0{i}:12] $ {step}");
    }
    for page in 0..240 {
        let _ = writeln!(log, "[00:03:{:02}] generating /docs/v2/reference/page-{page:03}/index.html ({} ms)", page % 60, 40 + page % 17);
    }
    log.push_str(
        "\n<--- Last few GCs --->\n[1842:0x5a1c] 212034 ms: Mark-Compact 2047.1 (2083.4) -> 2046.2 (2083.9) MB\n\
         FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n\
         == dpl-docs: build failed after 3m 41s (exit code 134) ==\n",
    );
    log.into_bytes()
}

fn redirects() -> Vec<u8> {
    let mut csv = String::from("from,to,status\n");
    for (old, new) in [
        ("/?p=12", "/kurse"),
        ("/?page_id=7", "/ueber-uns"),
        ("/blog/2023/", "/blog"),
        ("/wp-content/uploads/plan.pdf", "/stundenplan.pdf"),
    ] {
        let _ = writeln!(csv, "{old},{new},301");
    }
    for n in 0..60 {
        let _ = writeln!(csv, "/?p={},/blog/beitrag-{n},301", 100 + n);
    }
    csv.into_bytes()
}

fn domains_to_transfer() -> Vec<u8> {
    let mut csv = String::from("domain,current registrar,expires\n");
    for (i, name) in
        ["northwind-consulting.com", "northwind-legal.com", "nw-cloud.io", "northwind.dev", "nwc-events.net"].iter().enumerate()
    {
        let _ = writeln!(csv, "{name},GoDaddy,2027-0{}-15", i + 2);
    }
    csv.into_bytes()
}

fn wordpress_export() -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n\
         <title>Lotus Yoga</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    for n in 0..80 {
        let _ = writeln!(
            xml,
            "<item><title>Beitrag {n}</title><link>https://lotus-yoga.de/?p={}</link><wp:post_type>post</wp:post_type>\
             <content:encoded><![CDATA[<p>Yoga am Morgen, Teil {n}.</p>]]></content:encoded></item>",
            100 + n
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml.into_bytes()
}

/// A one-page PDF showing `lines` (PDF 1.4, Helvetica).
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 14 Tf 72 760 Td 18 TL\n");
    for line in lines {
        // PDF strings escape backslashes and parentheses; the demo's are Latin-1.
        let escaped: String = line.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        let _ = writeln!(text, "({escaped}) Tj T*");
    }
    text.push_str("ET\n");
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", latin1.len()).into_bytes(), latin1, b"endstream".to_vec()].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_what_its_name_says() {
        let sniffed = |name| hjs_model::files::sniff(&content(name)[..]);
        assert_eq!(sniffed("zertifikat-fehler.png"), "image/png");
        assert_eq!(sniffed("INV-2026-10-0871.pdf"), "application/pdf");
        assert_eq!(sniffed("wordpress-export.xml"), "application/xml");
        assert_eq!(sniffed("redirects.csv"), "text/plain");
        assert!(String::from_utf8(content("build-dpl-docs.log")).unwrap().contains("heap out of memory"));
    }
}
