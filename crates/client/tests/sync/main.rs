//! The engine against a real provider: in-process on 127.0.0.1:0 with a
//! fresh SQLite database holding the demo data, over real HTTP.

mod common;

mod audit;
mod bootstrap;
mod dns;
mod edits;
mod outbox;
mod pull;
mod sign_in;
mod support;
mod templates;
