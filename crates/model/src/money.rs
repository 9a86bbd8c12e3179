//! Money: an [`Amount`] in integer minor units and the ISO 4217 [`Currency`]
//! it is counted in. Documents write amounts as the plan does, as JSON
//! numbers (`12.99`), and keep `currency` as a sibling field.
//!
//! No arithmetic is ever done in floating point. A JSON number only carries
//! the decimal literal across the wire: on the way in, the shortest decimal
//! form of the number (which recovers what was written for anything under
//! fifteen significant digits) is parsed exactly into minor units, and input
//! with more decimals than the currency has is refused rather than rounded.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

/// The currencies the provider bills in. All have two minor-unit digits,
/// which is what [`Amount`] counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Currency {
    EUR,
    USD,
    GBP,
    CHF,
    CAD,
    AUD,
    SEK,
    NOK,
    DKK,
    PLN,
    CZK,
}

impl Currency {
    pub const ALL: [Currency; 11] = [
        Currency::EUR,
        Currency::USD,
        Currency::GBP,
        Currency::CHF,
        Currency::CAD,
        Currency::AUD,
        Currency::SEK,
        Currency::NOK,
        Currency::DKK,
        Currency::PLN,
        Currency::CZK,
    ];

    /// ISO 4217 minor-unit digits.
    pub fn minor_digits(&self) -> u32 {
        2
    }

    pub fn code(&self) -> &'static str {
        match self {
            Currency::EUR => "EUR",
            Currency::USD => "USD",
            Currency::GBP => "GBP",
            Currency::CHF => "CHF",
            Currency::CAD => "CAD",
            Currency::AUD => "AUD",
            Currency::SEK => "SEK",
            Currency::NOK => "NOK",
            Currency::DKK => "DKK",
            Currency::PLN => "PLN",
            Currency::CZK => "CZK",
        }
    }
}

impl FromStr for Currency {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::ALL.into_iter().find(|c| c.code() == s).ok_or_else(|| {
            ParseError::new("unsupported_currency", format!("'{}' is not a currency we bill in", s.chars().take(8).collect::<String>()))
        })
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A non-negative amount in minor units (cents). At most 10^13 minor units,
/// so every amount is exactly representable on the JSON wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

const MAX_MINOR: i64 = 10_000_000_000_000;

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub fn from_minor(minor: i64) -> Result<Self, ParseError> {
        if !(0..=MAX_MINOR).contains(&minor) {
            return Err(ParseError::new("out_of_range", "amount must be between 0 and 100000000000"));
        }
        Ok(Self(minor))
    }

    pub fn minor(&self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        Amount::from_minor(self.0.checked_add(other.0)?).ok()
    }

    /// `rate_basis_points` of this amount (100 bp = 1 %), rounded half up,
    /// computed in integers.
    pub fn percent_bp(self, rate_basis_points: i64) -> Amount {
        Amount((self.0 * rate_basis_points + 5_000) / 10_000)
    }

    /// Parses a decimal literal such as `12.99` or `12` exactly.
    pub fn parse_decimal(text: &str) -> Result<Self, ParseError> {
        let invalid = || {
            ParseError::new(
                "invalid_amount",
                format!("'{}' is not an amount with at most 2 decimals", text.chars().take(24).collect::<String>()),
            )
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > 2 || whole.len() > 12 {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
        Self::from_minor(whole * 100 + cents)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal text parses to the nearest f64, whose shortest form is
        // that same text again, so the wire shows exactly `12.99`.
        let nearest: f64 = self.to_string().parse().map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(nearest)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative amount with at most 2 decimals, such as 12.99")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                let minor = i64::try_from(v).ok().and_then(|v| v.checked_mul(100)).ok_or_else(|| E::custom("amount is too large"))?;
                Amount::from_minor(minor).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                let minor = v.checked_mul(100).ok_or_else(|| E::custom("amount is too large"))?;
                Amount::from_minor(minor).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                if !v.is_finite() || v < 0.0 {
                    return Err(E::custom("amount must be a non-negative number"));
                }
                // `Display` for f64 prints the shortest text that reads back
                // as the same number: the literal that was written.
                Amount::parse_decimal(&format!("{v}")).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl utoipa::PartialSchema for Amount {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0))
            .multiple_of(Some(0.01))
            .examples([12.99])
            .into()
    }
}

impl utoipa::ToSchema for Amount {}

/// An amount together with its currency, for arithmetic that must not mix
/// currencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub amount: Amount,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Amount, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Sum of two amounts in the same currency; `None` when they differ or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency).then_some(())?;
        Some(Money::new(self.amount.checked_add(other.amount)?, self.currency))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_as_the_plan_writes_them() {
        let price = Amount::from_minor(1299).unwrap();
        assert_eq!(serde_json::to_string(&price).unwrap(), "12.99");
        assert_eq!(serde_json::to_string(&Amount::from_minor(1).unwrap()).unwrap(), "0.01");
    }

    #[test]
    fn amounts_read_back_exactly_in_minor_units() {
        for (text, minor) in [("12.99", 1299), ("0.1", 10), ("0.07", 7), ("14", 1400), ("9999999.99", 999_999_999), ("1e2", 10_000)] {
            let amount: Amount = serde_json::from_str(text).unwrap();
            assert_eq!(amount.minor(), minor, "{text}");
        }
    }

    #[test]
    fn every_cent_value_round_trips() {
        for minor in (0..100_000).chain(99_999_900..100_000_000) {
            let amount = Amount::from_minor(minor).unwrap();
            let back: Amount = serde_json::from_str(&serde_json::to_string(&amount).unwrap()).unwrap();
            assert_eq!(back, amount);
        }
    }

    #[test]
    fn fractions_of_a_cent_and_negative_amounts_are_refused() {
        for text in ["12.999", "-1", "-0.5", "\"12.99\""] {
            assert!(serde_json::from_str::<Amount>(text).is_err(), "{text} must be refused");
        }
    }

    #[test]
    fn money_of_different_currencies_does_not_add() {
        let eur = Money::new(Amount::from_minor(100).unwrap(), Currency::EUR);
        let usd = Money::new(Amount::from_minor(100).unwrap(), Currency::USD);
        assert_eq!(eur.checked_add(usd), None);
        assert_eq!(eur.checked_add(eur).unwrap().amount.minor(), 200);
    }

    #[test]
    fn taxes_are_computed_in_integers_rounding_half_up() {
        assert_eq!(Amount::from_minor(1299).unwrap().percent_bp(2100).minor(), 273);
    }
}
