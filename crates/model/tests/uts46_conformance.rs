//! Runs the UTS #46 conformance vectors that the `idna` crate ships
//! (`IdnaTestV2.txt`) through `DomainName` and `Hostname`.
//!
//! What must hold for every vector:
//! - where UTS #46 (non-transitional ToASCII) rejects the source, our types
//!   reject it too: nothing the standard calls invalid reaches a registrar;
//! - where it accepts, `Hostname` yields exactly the expected ASCII form
//!   whenever that form has two or more labels and a non-numeric top label,
//!   and `DomainName` does so whenever the name also sits under a known
//!   public suffix.

use std::path::PathBuf;

use hjs_model::{DomainName, Hostname};

/// The copy of IdnaTestV2.txt inside the `idna` crate this workspace locks.
fn vectors_path() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        // Read when the test runs (cargo sets it), not baked in: a binary
        // built in a target folder shared with another checkout would ask
        // about that one.
        .arg(PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test")).join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let idna = metadata["packages"].as_array().unwrap().iter().find(|package| package["name"] == "idna").expect("idna is a dependency");
    let manifest = PathBuf::from(idna["manifest_path"].as_str().unwrap());
    manifest.parent().unwrap().join("tests/IdnaTestV2.txt")
}

/// Undoes the file's `\uXXXX` and `\\` escapes; `None` for a lone
/// surrogate, which no Rust string can hold (those vectors are skipped).
fn unescape(input: &str) -> Option<String> {
    if input == "\"\"" {
        return Some(String::new());
    }
    let mut output = String::new();
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            output.push(c);
            continue;
        }
        match chars.next()? {
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                output.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => output.push(other),
        }
    }
    Some(output)
}

struct Vector {
    line: usize,
    source: String,
    expected_ascii: Option<String>,
    /// The only error is V7 (a code point not valid in the Unicode version
    /// the file was written for). The ICU data `idna` uses can be newer and
    /// have assigned it since, so such a vector may legitimately pass.
    only_unassigned: bool,
}

fn vectors() -> Vec<Vector> {
    let text = std::fs::read_to_string(vectors_path()).expect("IdnaTestV2.txt is readable");
    let mut vectors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        if line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split(';').map(str::trim).collect();
        let Some(source) = unescape(columns[0]) else { continue };
        let Some(to_unicode) = (if columns[1].is_empty() { Some(source.clone()) } else { unescape(columns[1]) }) else { continue };
        let to_unicode_status = columns[2];
        let Some(to_ascii_n) = (if columns[3].is_empty() { Some(to_unicode.clone()) } else { unescape(columns[3]) }) else { continue };
        let to_ascii_n_status = if columns[4].is_empty() { to_unicode_status } else { columns[4] };
        let ok = to_ascii_n_status.is_empty() || to_ascii_n_status == "[]";
        vectors.push(Vector {
            line: i + 1,
            source,
            expected_ascii: ok.then_some(to_ascii_n),
            only_unassigned: to_ascii_n_status == "[V7]",
        });
    }
    vectors
}

fn usable_hostname(ascii: &str) -> bool {
    let top = ascii.rsplit('.').next().unwrap_or_default();
    ascii.contains('.') && !ascii.ends_with('.') && !top.is_empty() && !top.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn every_uts46_vector_is_accepted_or_rejected_as_the_standard_says() {
    let vectors = vectors();
    assert!(vectors.len() > 5_000, "expected the full vector file, got {} vectors", vectors.len());
    let (mut accepted, mut rejected, mut newly_assigned) = (0, 0, 0);
    let mut failures = Vec::new();
    for vector in &vectors {
        // A trailing dot (the DNS root) is accepted and dropped by our types.
        let source = vector.source.strip_suffix('.').unwrap_or(&vector.source);
        if source != vector.source || source.trim() != source {
            continue;
        }
        match &vector.expected_ascii {
            None if vector.only_unassigned && Hostname::parse(source).is_ok() => newly_assigned += 1,
            None => {
                rejected += 1;
                if let Ok(host) = Hostname::parse(source) {
                    failures.push(format!("line {}: {:?} must be rejected, got {host}", vector.line, vector.source));
                }
                if let Ok(domain) = DomainName::parse(source) {
                    failures.push(format!("line {}: {:?} must be rejected as a domain, got {domain}", vector.line, vector.source));
                }
            }
            Some(ascii) if usable_hostname(ascii) => {
                accepted += 1;
                match Hostname::parse(source) {
                    Ok(host) if host.as_str() == ascii => {}
                    other => failures.push(format!("line {}: {:?} must give {ascii}, got {other:?}", vector.line, vector.source)),
                }
                let under_known_suffix = psl_known(ascii);
                match (DomainName::parse(source), under_known_suffix) {
                    (Ok(domain), true) if domain.as_str() == ascii => {}
                    (Err(_), false) => {}
                    (other, _) => failures.push(format!("line {}: {:?} as a domain gave {other:?}", vector.line, vector.source)),
                }
            }
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors disagree with UTS #46:\n{}", failures.len(), vectors.len(), failures.join("\n"));
    assert!(newly_assigned < 20, "{newly_assigned} V7 vectors accepted: more than a Unicode version skew explains");
    assert!(accepted > 100 && rejected > 1_000, "too few vectors exercised: {accepted} accepted, {rejected} rejected");
}

fn psl_known(ascii: &str) -> bool {
    // Mirrors the rule DomainName documents: a known suffix with at least
    // one label beneath it.
    let labels: Vec<&str> = ascii.split('.').collect();
    (1..labels.len()).any(|i| {
        let candidate = labels[i..].join(".");
        DomainName::parse(&format!("x.{candidate}")).is_ok() && candidate.len() < ascii.len()
    }) && DomainName::parse(ascii).is_ok()
}
