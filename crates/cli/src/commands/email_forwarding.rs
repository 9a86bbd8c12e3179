//! `hjs forwards list|add|set|rm|export|fix-mx`.
//!
//! Forwards only receive mail when the domain's MX records name our mail
//! servers; `list` and `add` say so when they do not, with the fix.

use std::collections::BTreeMap;

use hjs_client::email_forwarding::forwards::{forwards_csv, postfix_virtual};
use hjs_client::{ClientError, Workspace};
use hjs_model::dns::OUR_MAIL_SERVERS;
use hjs_model::documents::EmailForwarding;
use hjs_model::forwarding::ForwardDraft;
use hjs_model::Collection;
use serde::Serialize;

use super::dns::{print_preview, queue, write_output};
use crate::failure::{exit, Failure};
use crate::output::{line, minute, note, print_csv, print_json, print_table, table};
use crate::{ForwardsCommand, ForwardsFormat};

pub async fn run(command: ForwardsCommand) -> Result<(), Failure> {
    match command {
        ForwardsCommand::List { domain, format } => list(domain.as_deref(), format.json, format.csv).await,
        ForwardsCommand::Add { domain, from, to, catch_all, inactive } => {
            let workspace = super::open().await?;
            let domain_id = workspace.domain_id(&domain).await?;
            let label = super::document_label(&workspace, Collection::Domains, &domain_id).await?;
            let draft = ForwardDraft { from_email: from, to_emails: to, is_active: !inactive, catch_all };
            let entry = workspace.create_forward(&domain_id, draft).await?;
            warn_about_mail_routing(&workspace, &domain_id, &label).await?;
            super::send_queued(&workspace, &entry, &label).await
        }
        ForwardsCommand::Set { id, to, enable, disable } => set(&id, to, (enable || disable).then_some(enable)).await,
        ForwardsCommand::Rm { id } => {
            let workspace = super::open().await?;
            let forward = cached(&workspace, &id).await?;
            let entry = workspace.delete_forward(&id).await?;
            super::send_queued(&workspace, &entry, forward.from_email.domain()).await
        }
        ForwardsCommand::Export { domain, format, output } => {
            let workspace = super::open_for_reading().await?;
            let forwards = workspace.forwards(domain.as_deref()).await?;
            let text = match format {
                ForwardsFormat::Postfix => postfix_virtual(&forwards),
                ForwardsFormat::Csv => forwards_csv(&forwards)?,
            };
            write_output(&text, output.as_deref())
        }
        ForwardsCommand::FixMx { domain, force } => fix_mx(&domain, force).await,
    }
}

/// One row of `hjs forwards list --json`: the forward as cached, and
/// whether an edit of it waits in the outbox.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ForwardRow {
    #[serde(flatten)]
    forward: EmailForwarding,
    queued: bool,
}

async fn list(domain: Option<&str>, json: bool, csv: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let forwards = workspace.forwards(domain).await?;
    let queued = super::queued_edits(&workspace, Collection::EmailForwardings).await?;
    // The domains to check, by id, with the name to show.
    let domains: BTreeMap<String, String> = match domain {
        Some(domain) => {
            let id = workspace.domain_id(domain).await?;
            let name = super::document_label(&workspace, Collection::Domains, &id).await?;
            BTreeMap::from([(id, name)])
        }
        None => forwards.iter().map(|f| (f.domain_id.to_string(), f.from_email.domain().to_string())).collect(),
    };
    let rows: Vec<ForwardRow> =
        forwards.into_iter().map(|forward| ForwardRow { queued: queued.contains_key(&forward.id.to_string()), forward }).collect();
    if json {
        print_json(&rows)?;
    } else if csv {
        let header = ["id", "from_email", "to_emails", "is_active", "catch_all", "forwarded_count", "last_forwarded_at", "queued"];
        print_csv(
            &header,
            rows.iter().map(|ForwardRow { forward: f, queued }| {
                vec![
                    f.id.to_string(),
                    f.from_email.to_string(),
                    targets(f),
                    f.is_active.to_string(),
                    f.catch_all.to_string(),
                    f.forwarded_count.to_string(),
                    f.last_forwarded_at.map(|t| t.to_string()).unwrap_or_default(),
                    queued.to_string(),
                ]
            }),
        )?;
    } else {
        let mut out = table(&["ID", "FROM", "TO", "STATE", "FORWARDED", "LAST"]);
        for ForwardRow { forward: f, queued } in &rows {
            let mut state = vec![if f.is_active { "active" } else { "inactive" }];
            if f.catch_all {
                state.push("catch-all");
            }
            if *queued {
                state.push("queued");
            }
            out.add_row(vec![
                f.id.to_string(),
                f.from_email.to_string(),
                targets(f),
                state.join(", "),
                f.forwarded_count.to_string(),
                f.last_forwarded_at.map(|t| minute(&t.to_string())).unwrap_or_default(),
            ]);
        }
        print_table(&out, "no forwards");
    }
    for (id, name) in &domains {
        warn_about_mail_routing(&workspace, id, name).await?;
    }
    Ok(())
}

fn targets(forward: &EmailForwarding) -> String {
    forward.to_emails.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
}

/// On stderr: the domain's mail does not reach our servers, and the fix.
/// A domain the cache does not hold (a forward seen without its domain) is
/// left unchecked rather than failing the list.
async fn warn_about_mail_routing(workspace: &Workspace, domain_id: &str, domain: &str) -> Result<(), Failure> {
    let plan = match workspace.mail_routing(domain_id).await {
        Ok(plan) => plan,
        Err(ClientError::NotFound { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    if plan.is_some() {
        let servers: Vec<&str> = OUR_MAIL_SERVERS.iter().map(|(host, _)| *host).collect();
        note(format!(
            "warning: the MX records of {domain} do not point at our mail servers ({}), so its forwards receive no mail; \
             fix it with: hjs forwards fix-mx {domain}",
            servers.join(", ")
        ));
    }
    Ok(())
}

async fn cached(workspace: &Workspace, id: &str) -> Result<EmailForwarding, Failure> {
    Ok(super::decode(workspace.document(Collection::EmailForwardings, id).await?)?)
}

async fn set(id: &str, to: Option<Vec<String>>, active: Option<bool>) -> Result<(), Failure> {
    if to.is_none() && active.is_none() {
        return Err(Failure::new(exit::INVALID, "nothing to change (--to, --enable or --disable)"));
    }
    let workspace = super::open().await?;
    let forward = cached(&workspace, id).await?;
    let draft = ForwardDraft {
        from_email: forward.from_email.to_string(),
        to_emails: match to {
            Some(to) => to.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            None => forward.to_emails.iter().map(|t| t.to_string()).collect(),
        },
        is_active: active.unwrap_or(forward.is_active),
        catch_all: forward.catch_all,
    };
    let entry = workspace.update_forward(id, draft).await?;
    super::send_queued(&workspace, &entry, forward.from_email.domain()).await
}

async fn fix_mx(domain: &str, force: bool) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let Some(plan) = workspace.mail_routing(domain).await? else {
        line(format!("nothing to change: the MX records of {domain} already point at our mail servers"));
        return Ok(());
    };
    let preview = workspace.preview_dns_plan(domain, plan).await?;
    print_preview(&preview);
    queue(&workspace, domain, preview, force, |i| format!("changes[{i}]")).await
}
