//! `hjs search TEXT`.

use crate::failure::Failure;
use crate::output::{print_json, print_table, table};
use crate::read;

pub async fn search(text: &str, limit: i64, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let hits = read::search(&workspace, text, limit.max(1)).await?;
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
