//! `hjs login`, `hjs logout`, `hjs workspace ...`.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use hjs_client::bootstrap::Progress;
use hjs_client::{credentials, Home, SignIn, Workspace, WorkspaceInfo, Workspaces};
use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::failure::{exit, Failure};
use crate::output::{line, print_json, print_table, table};
use crate::{LoginArgs, WorkspaceCommand};

/// The password: stdin's first line, else HJS_PASSWORD, else a prompt on
/// the terminal (not echoed). Never printed.
fn password(args: &LoginArgs) -> Result<String, Failure> {
    let password = if args.password_stdin {
        let mut first = String::new();
        std::io::stdin().lock().read_line(&mut first)?;
        first.trim_end_matches(['\n', '\r']).to_string()
    } else if let Some(password) = std::env::var_os("HJS_PASSWORD") {
        password.into_string().map_err(|_| Failure::new(exit::INVALID, "HJS_PASSWORD is not valid UTF-8"))?
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {}: ", args.email))?
    } else {
        return Err(Failure::new(exit::USAGE, "no password: pass --password-stdin, set HJS_PASSWORD, or run in a terminal"));
    };
    if password.is_empty() {
        return Err(Failure::new(exit::USAGE, "the password is empty"));
    }
    Ok(password)
}

pub async fn login(args: LoginArgs) -> Result<(), Failure> {
    let password = password(&args)?;
    let home = Home::from_env()?;
    Workspace::sweep(&home).await?;
    let provider = args.provider.trim().trim_end_matches('/').to_string();
    let bar = if std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.set_message("signing in…");
    bar.enable_steady_tick(Duration::from_millis(120));
    let request = SignIn { totp: args.totp.as_deref(), name: args.name.as_deref(), ..SignIn::new(&provider, args.email.trim(), &password) };
    let show = |progress: Progress| {
        bar.set_message(format!("downloading the account… {} documents, {}", progress.documents, HumanBytes(progress.bytes)))
    };
    let signed_in = Workspace::sign_in(&home, &request, show).await;
    drop(password);
    let signed_in = match signed_in {
        Ok(signed_in) => signed_in,
        Err(error) => {
            bar.finish_and_clear();
            return Err(error.into());
        }
    };
    let (workspace, report) = (signed_in.workspace, signed_in.bootstrap);
    let info = workspace.info.clone();
    // A workspace that was already complete is downloaded again: `hjs
    // login` always leaves the cache as the provider has it now.
    let report = match report {
        Some(report) => Ok(report),
        None => workspace.bootstrap(show).await,
    };
    bar.finish_and_clear();
    let report = report?;
    line(format!(
        "signed in as {} ({}) on {}: workspace \"{}\", {} documents ({}) in {:.1} s, seq {}",
        info.email,
        info.role,
        info.provider_url,
        info.name,
        report.documents,
        HumanBytes(report.bytes),
        report.seconds,
        report.seq
    ));
    Ok(())
}

pub async fn logout() -> Result<(), Failure> {
    let workspace = super::open().await?;
    workspace.sign_out().await?;
    line(format!("signed out of \"{}\"; its cache stays readable (hjs login to sync again)", workspace.info.name));
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkspaceRow {
    current: bool,
    #[serde(flatten)]
    info: WorkspaceInfo,
}

pub async fn workspace(command: WorkspaceCommand) -> Result<(), Failure> {
    let workspaces = Workspaces::new(Home::from_env()?);
    match command {
        WorkspaceCommand::List { json } => {
            let current = workspaces.current()?.map(|w| w.id);
            let rows: Vec<WorkspaceRow> = workspaces
                .list()?
                .into_iter()
                .map(|info| WorkspaceRow { current: current.as_deref() == Some(info.id.as_str()), info })
                .collect();
            if json {
                return print_json(&rows);
            }
            let mut out = table(&["", "NAME", "ACCOUNT", "ROLE", "PROVIDER", "ID"]);
            for row in &rows {
                let info = &row.info;
                out.add_row(vec![if row.current { "*" } else { "" }, &info.name, &info.email, &info.role, &info.provider_url, &info.id]);
            }
            print_table(&out, "no workspaces yet: hjs login --provider URL --email EMAIL");
        }
        WorkspaceCommand::Use { workspace } => {
            let info = workspaces.use_workspace(&workspace)?;
            line(format!("using \"{}\" ({} on {})", info.name, info.email, info.provider_url));
        }
        WorkspaceCommand::Remove { workspace, discard_queued } => {
            let info = workspaces.find(&workspace)?;
            let token = credentials::token(&info.id).await?;
            Workspace::remove(workspaces.home(), &info.id, discard_queued).await?;
            // Best effort: end the session on the provider too, without waiting long.
            if let Some(token) = token {
                if let Ok(api) = hjs_client::api::ProviderApi::new(&info.provider_url, Some(token)) {
                    let _ = tokio::time::timeout(Duration::from_secs(3), api.sign_out()).await;
                }
            }
            line(format!("removed \"{}\": its cache and session token are gone", info.name));
        }
    }
    Ok(())
}
