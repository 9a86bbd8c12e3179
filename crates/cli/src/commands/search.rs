//! `hjs search TEXT`.

use hjs_client::queries::{self, SearchKind, MAX_SEARCH_LIMIT};
use serde::Serialize;

use crate::failure::Failure;
use crate::output::{print_json, print_table, table};

/// One hit as `hjs search` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Hit {
    /// `domain`, `account`, `ticket` or `message`.
    kind: &'static str,
    id: String,
    /// The domain's name, the account's e-mail address, the ticket's number,
    /// the message's ticket.
    name: String,
    detail: String,
}

/// The engine's hit in the CLI's columns. Accounts and tickets are named by
/// what identifies them (the e-mail address, the ticket number), which the
/// engine puts first in the subtitle (`EMAIL · COMPANY`, `NUMBER · STATUS · PRIORITY`).
fn hit(hit: queries::SearchHit) -> Hit {
    let (first, rest) = match hit.subtitle.split_once(" · ") {
        Some((first, rest)) => (first.to_string(), Some(rest.replace(" · ", ", "))),
        None => (hit.subtitle.clone(), None),
    };
    let (kind, name, detail) = match hit.kind {
        SearchKind::Domain => ("domain", hit.title, hit.subtitle),
        SearchKind::Customer => {
            // The engine titles a person without a name by the address.
            let person = if hit.title == first { String::new() } else { hit.title };
            let detail = match rest {
                Some(company) if person.is_empty() => company,
                Some(company) => format!("{person}, {company}"),
                None => person,
            };
            ("account", first, detail)
        }
        SearchKind::Ticket => ("ticket", first, format!("{} ({})", hit.title, rest.unwrap_or_default())),
        SearchKind::Message => ("message", hit.title, hit.subtitle),
    };
    Hit { kind, id: hit.id, name, detail }
}

pub async fn search(text: &str, limit: i64, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    // "At most this many": the engine's own maximum per kind is the cap.
    let hits: Vec<Hit> = queries::search(&workspace.cache, text, limit.clamp(1, MAX_SEARCH_LIMIT)).await?.into_iter().map(hit).collect();
    if json {
        return print_json(&hits);
    }
    let mut out = table(&["KIND", "NAME", "DETAIL", "ID"]);
    for hit in &hits {
        out.add_row(vec![hit.kind, &hit.name, &hit.detail, &hit.id]);
    }
    print_table(&out, &format!("nothing matches '{text}'"));
    Ok(())
}
