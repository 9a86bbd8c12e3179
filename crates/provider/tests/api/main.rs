//! The provider's API tests, compiled as one binary. Each scenario runs
//! twice, against a fresh SQLite file and a fresh PostgreSQL database
//! (`HJS_TEST_POSTGRES_URL`), through real HTTP on a port-0 listener.

mod common;

mod accounts;
mod attachments;
mod batch;
mod dns;
mod domains;
mod jobs;
mod roles;
mod seed;
mod support;
mod sync;
mod validation;
