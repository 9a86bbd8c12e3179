//! Provider configuration. Secrets (database password, SMTP credentials)
//! arrive inside URLs and are never logged: `Debug` redacts them.

use std::path::PathBuf;
use std::time::Duration;

/// Where mail goes.
#[derive(Clone)]
pub enum MailConfig {
    /// `.eml` files in a folder (development, tests, the demo workspace).
    Folder(PathBuf),
    /// An SMTP URL.
    Smtp(String),
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailConfig::Folder(path) => write!(f, "Folder({})", path.display()),
            MailConfig::Smtp(_) => f.write_str("Smtp(<redacted>)"),
        }
    }
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub mail: MailConfig,
    /// How long a sign-in session lasts.
    pub session_ttl: Duration,
    /// Run background jobs (reminders, expiry) in this process.
    pub run_jobs: bool,
    pub job_interval: Duration,
    /// Failed sign-ins before an account is locked, and for how long.
    pub lockout_threshold: u32,
    pub lockout: Duration,
    /// Where people open what a mail links to (`{app_url}/tickets/TKT-…`).
    pub app_url: String,
    /// The folder attached files are kept in (by their SHA-256).
    pub files_dir: PathBuf,
    /// The most one attached file may hold.
    pub attachment_cap: u64,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = match self.database_url.split_once('@') {
            Some((_, host)) => format!("<credentials>@{host}"),
            None => self.database_url.clone(),
        };
        f.debug_struct("Config")
            .field("database_url", &redacted)
            .field("mail", &self.mail)
            .field("session_ttl", &self.session_ttl)
            .field("run_jobs", &self.run_jobs)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Defaults for a database URL: mail into `./mail`, files in `./files`
    /// (25 MiB each at most), 30-day sessions,
    /// jobs every minute, lock after 5 failures for 15 minutes.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            mail: MailConfig::Folder(PathBuf::from("mail")),
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            run_jobs: true,
            job_interval: Duration::from_secs(60),
            lockout_threshold: 5,
            lockout: Duration::from_secs(15 * 60),
            app_url: "https://desk.hostjamstack.com".into(),
            files_dir: PathBuf::from("files"),
            attachment_cap: hjs_model::files::MAX_ATTACHMENT_BYTES,
        }
    }
}
