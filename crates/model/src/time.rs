//! `Timestamp`: an instant in UTC, always written as RFC 3339 with
//! millisecond precision and a `Z` (`2026-11-24T04:07:04.123Z`). The fixed
//! width makes the text form sort like the instant, which the provider relies
//! on when it stores and compares times as text on both SQLite and PostgreSQL.

use std::fmt;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Self {
        Self::from_datetime(Utc::now())
    }

    /// Truncates to milliseconds so a value survives a round trip through JSON.
    pub fn from_datetime(at: DateTime<Utc>) -> Self {
        let millis = at.timestamp_millis();
        Self(DateTime::from_timestamp_millis(millis).unwrap_or(at))
    }

    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        DateTime::from_timestamp_millis(millis).map(Self)
    }

    pub fn unix_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    pub fn plus(&self, duration: Duration) -> Self {
        Self(self.0 + duration)
    }

    pub fn minus(&self, duration: Duration) -> Self {
        Self(self.0 - duration)
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        DateTime::parse_from_rfc3339(input).map(|at| Self::from_datetime(at.with_timezone(&Utc))).map_err(|_| {
            ParseError::new("invalid_timestamp", format!("'{}' is not an RFC 3339 date-time", input.chars().take(40).collect::<String>()))
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::DateTime)))
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_written_in_one_fixed_width_utc_form() {
        let at = Timestamp::parse("2026-11-24T05:07:04.5+01:00").unwrap();
        assert_eq!(at.to_string(), "2026-11-24T04:07:04.500Z");
    }

    #[test]
    fn the_text_form_sorts_like_the_instant() {
        let a = Timestamp::parse("2026-01-02T00:00:00Z").unwrap();
        let b = Timestamp::parse("2026-01-10T00:00:00.001Z").unwrap();
        assert!(a < b && a.to_string() < b.to_string());
    }

    #[test]
    fn non_rfc3339_text_is_refused() {
        assert_eq!(Timestamp::parse("24/11/2026").unwrap_err().code, "invalid_timestamp");
    }
}
