//! Rules over a whole zone.
