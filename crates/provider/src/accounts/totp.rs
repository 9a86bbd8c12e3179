//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, one step
//! of clock skew either way) and single-use recovery codes.

use hjs_model::error::ParseError;
use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

const ISSUER: &str = "HostJamstack";

/// A new random 160-bit secret in base32.
pub fn generate_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP, ParseError> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|_| ParseError::new("invalid_secret", "stored secret is not base32"))?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some(ISSUER.to_string()), account.to_string())
        .map_err(|e| ParseError::new("invalid_secret", e.to_string()))
}

/// The `otpauth://` URI an authenticator app scans.
pub fn otpauth_uri(secret_base32: &str, account: &str) -> Result<String, ParseError> {
    Ok(totp(secret_base32, account)?.get_url())
}

/// Whether `code` is valid for `secret` at `unix_seconds` (±1 step).
pub fn verify(secret_base32: &str, code: &str, unix_seconds: u64) -> bool {
    matching_step(secret_base32, code, unix_seconds).is_some()
}

/// The 30-second time step `code` belongs to, if it is valid at
/// `unix_seconds` (±1 step). Callers that sign people in record the step so
/// the same code is never accepted twice.
pub fn matching_step(secret_base32: &str, code: &str, unix_seconds: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "-").ok()?;
    let now_step = unix_seconds / 30;
    let mut found = None;
    for step in [now_step.saturating_sub(1), now_step, now_step + 1] {
        let expected = totp.generate(step * 30);
        // Compare every byte so timing does not hint at how much matched.
        let differs = expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        if differs == 0 && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// Ten recovery codes like `4f7k-9q2m-x8hd`, shown once; only hashes are kept.
pub fn generate_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut rng = rand::thread_rng();
    (0..10)
        .map(|_| {
            let chars: String = (0..12).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
            format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
        })
        .collect()
}

pub fn hash_recovery_code(code: &str) -> String {
    let normalized: String = code.trim().to_lowercase().chars().filter(|c| *c != '-' && *c != ' ').collect();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: the 20-byte ASCII secret
    /// "12345678901234567890", 8 digits, 30-second steps.
    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        let rfc = TOTP::new_unchecked(Algorithm::SHA1, 8, 0, 30, b"12345678901234567890".to_vec(), None, String::new());
        for (time, expected) in [
            (59, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ] {
            assert_eq!(rfc.generate(time), expected, "T = {time}");
        }
    }

    /// The same vectors through our verifier, which uses 6 digits: the last
    /// six digits of the 8-digit value (dynamic truncation is mod 10^digits).
    #[test]
    fn our_verifier_accepts_the_rfc_codes_within_one_step() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        assert!(verify(&secret, "287082", 59));
        assert!(verify(&secret, "287082", 59 + 30), "one step late is accepted");
        assert!(!verify(&secret, "287082", 59 + 90), "three steps late is refused");
        assert!(verify(&secret, "005924", 1234567890));
        assert!(!verify(&secret, "12345", 59));
        assert!(!verify(&secret, "abcdef", 59));
        assert_eq!(matching_step(&secret, "287082", 59), Some(1));
        assert_eq!(matching_step(&secret, "287082", 89), Some(1), "the step is the code's, not the clock's");
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_ignoring_format() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(hash_recovery_code(&codes[0]), hash_recovery_code(&codes[0].to_uppercase().replace('-', " ")));
    }
}
