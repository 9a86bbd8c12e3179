//! `ObjectId`: the plan's 12-byte identifier, written as 24 lowercase hex
//! characters. Layout as in MongoDB so ids sort by creation time: 4 bytes of
//! Unix seconds, 5 bytes random per process, 3 bytes of an incrementing counter.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId([u8; 12]);

static COUNTER: AtomicU32 = AtomicU32::new(0);
static PROCESS_RANDOM: OnceLock<[u8; 5]> = OnceLock::new();

impl ObjectId {
    /// A fresh id stamped with the current time.
    pub fn new() -> Self {
        let seconds = chrono::Utc::now().timestamp().clamp(0, u32::MAX as i64) as u32;
        Self::at(seconds)
    }

    /// A fresh id stamped with `seconds` since the Unix epoch, for documents
    /// whose creation time is not now (seed data, imports).
    pub fn at(seconds: u32) -> Self {
        let random = PROCESS_RANDOM.get_or_init(rand::random);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed) & 0x00ff_ffff;
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(random);
        bytes[9..].copy_from_slice(&count.to_be_bytes()[1..]);
        Self(bytes)
    }

    /// Deterministic id for reproducible data sets: the timestamp, then the
    /// low bytes of `n`.
    pub fn from_parts(seconds: u32, n: u64) -> Self {
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..].copy_from_slice(&n.to_be_bytes());
        Self(bytes)
    }

    pub fn bytes(&self) -> [u8; 12] {
        self.0
    }

    /// Seconds since the Unix epoch at which this id was made.
    pub fn seconds(&self) -> u32 {
        u32::from_be_bytes([self.0[0], self.0[1], self.0[2], self.0[3]])
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let invalid = || ParseError::new("invalid_id", format!("'{}' is not a 24-character hex id", truncate(input)));
        if input.len() != 24 {
            return Err(invalid());
        }
        let mut bytes = [0u8; 12];
        for (i, chunk) in input.as_bytes().chunks(2).enumerate() {
            let text = std::str::from_utf8(chunk).map_err(|_| invalid())?;
            bytes[i] = u8::from_str_radix(text, 16).map_err(|_| invalid())?;
        }
        Ok(Self(bytes))
    }
}

fn truncate(input: &str) -> String {
    input.chars().take(40).collect()
}

impl Default for ObjectId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectId({self})")
    }
}

impl FromStr for ObjectId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for ObjectId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ObjectId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for ObjectId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9a-f]{24}$"))
            .examples(["6743a1f0c2b5e4d3a2f10001"])
            .into()
    }
}

impl utoipa::ToSchema for ObjectId {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_hex_form() {
        let id = ObjectId::new();
        assert_eq!(ObjectId::parse(&id.to_string()).unwrap(), id);
        assert_eq!(id.to_string().len(), 24);
    }

    #[test]
    fn ids_made_later_sort_after_earlier_ones() {
        let earlier = ObjectId::at(1_000);
        let later = ObjectId::at(2_000);
        assert!(earlier < later);
        assert!(earlier.to_string() < later.to_string(), "hex order must follow time order");
        let a = ObjectId::new();
        let b = ObjectId::new();
        assert!(a < b, "the counter orders ids made in the same second");
    }

    #[test]
    fn malformed_ids_are_refused_with_a_code() {
        for bad in ["", "123", "zz3a1f0c2b5e4d3a2f100011", "6743a1f0c2b5e4d3a2f1000111", "6743a1f0c2b5e4d3a2f1000é"] {
            let error = ObjectId::parse(bad).unwrap_err();
            assert_eq!(error.code, "invalid_id", "{bad:?} must be refused");
        }
    }
}
