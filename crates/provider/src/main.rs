//! `hjs-provider`: serve the API, seed demo data, print the OpenAPI document.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use hjs_provider::{Config, MailConfig, Provider};

#[derive(Debug, Parser)]
#[command(name = "hjs-provider", version, about = "The HostJamstack provider backend")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve {
        /// sqlite://path/to/file.db?mode=rwc or postgres://user@host/db
        #[arg(long, env = "HJS_DATABASE_URL", default_value = "sqlite://hjs-provider.db?mode=rwc")]
        database_url: String,
        #[arg(long, env = "HJS_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Folder for outgoing mail as .eml files (development).
        #[arg(long, env = "HJS_MAIL_DIR", default_value = "mail", conflicts_with = "smtp_url")]
        mail_dir: PathBuf,
        /// Send mail over SMTP instead, e.g. smtps://user:pass@host.
        #[arg(long, env = "HJS_SMTP_URL")]
        smtp_url: Option<String>,
        /// Do not run background jobs in this process.
        #[arg(long)]
        no_jobs: bool,
        /// Folder attached files are kept in (by their SHA-256).
        #[arg(long, env = "HJS_FILES_DIR", default_value = "files")]
        files_dir: PathBuf,
        /// Where people open what mail links to.
        #[arg(long, env = "HJS_APP_URL", default_value = "https://desk.hostjamstack.com")]
        app_url: String,
    },
    /// Load data into a database.
    Seed {
        #[arg(long, env = "HJS_DATABASE_URL", default_value = "sqlite://hjs-provider.db?mode=rwc")]
        database_url: String,
        /// The deterministic demo data set.
        #[arg(long, required_unless_present = "large", conflicts_with = "large")]
        demo: bool,
        /// The generated reseller account of the benchmarks
        /// (reseller@large.hostjamstack.com: 10k domains, 200k DNS records,
        /// 50k tickets, 500k messages at scale 1).
        #[arg(long)]
        large: bool,
        /// Folder the demo's attached files are kept in (the one `serve` is given).
        #[arg(long, env = "HJS_FILES_DIR", default_value = "files")]
        files_dir: PathBuf,
        /// Size of the generated account relative to the full one.
        #[arg(long, default_value_t = 1.0, requires = "large")]
        scale: f64,
    },
    /// Print the OpenAPI 3.1 document.
    Openapi,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs go to stderr: stdout carries command output (openapi, seed).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    match Cli::parse().command {
        Command::Serve { database_url, listen, mail_dir, smtp_url, no_jobs, files_dir, app_url } => {
            let mut config = Config::new(database_url);
            config.mail = match smtp_url {
                Some(url) => MailConfig::Smtp(url),
                None => MailConfig::Folder(mail_dir),
            };
            config.run_jobs = !no_jobs;
            config.files_dir = files_dir;
            config.app_url = app_url.trim_end_matches('/').to_string();
            let provider = Provider::build(config).await?;
            let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("Failed to listen on {listen}"))?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            provider
                .serve(listener, async {
                    tokio::signal::ctrl_c().await.ok();
                })
                .await
        }
        Command::Seed { database_url, demo, large: _, files_dir, scale } => {
            let mut config = Config::new(database_url);
            config.files_dir = files_dir;
            let provider = Provider::build(config).await?;
            let summary = if demo {
                hjs_provider::seed::demo(&provider.state.db, &*provider.state.files).await?
            } else {
                anyhow::ensure!(scale > 0.0 && scale <= 1.0, "--scale must be above 0 and at most 1");
                hjs_provider::seed::generate_large(&provider.state.db, hjs_provider::seed::LargeSpec::full().scaled(scale)).await?
            };
            println!("{summary}");
            Ok(())
        }
        Command::Openapi => {
            println!("{}", hjs_provider::openapi::document_json());
            Ok(())
        }
    }
}
