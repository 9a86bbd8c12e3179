//! Files people save from lists (CSV), in the shapes spreadsheets read.

use hjs_client::queries::DomainListItem;

/// The domain table as CSV: the columns the table shows, names in both forms.
pub fn domains_csv(rows: &[DomainListItem]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "domain",
        "domain_ascii",
        "status",
        "expiration_date",
        "auto_renew",
        "transfer_lock",
        "whois_privacy",
        "owner_name",
        "owner_email",
        "edit_queued",
    ])?;
    let yes_no = |value: bool| if value { "yes" } else { "no" };
    for d in rows {
        writer.write_record([
            d.display_name.as_str(),
            d.domain_name.as_str(),
            d.status.as_str(),
            d.expiration_date.as_str(),
            yes_no(d.auto_renew),
            yes_no(d.transfer_lock),
            yes_no(d.whois_privacy),
            d.owner_name.as_deref().unwrap_or_default(),
            d.owner_email.as_deref().unwrap_or_default(),
            yes_no(d.pending),
        ])?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, display: &str, owner: Option<&str>) -> DomainListItem {
        DomainListItem {
            id: "65f000000000000000000001".into(),
            domain_name: name.into(),
            display_name: display.into(),
            user_id: "65f000000000000000000002".into(),
            owner_name: owner.map(str::to_string),
            owner_email: None,
            status: "active".into(),
            expiration_date: "2027-01-05T00:00:00.000Z".into(),
            auto_renew: true,
            whois_privacy: false,
            transfer_lock: true,
            version: 3,
            pending: false,
        }
    }

    #[test]
    fn domains_are_written_with_both_name_forms_and_quoted_where_needed() {
        let csv = domains_csv(&[row("xn--bckerei-mller-wjb.de", "bäckerei-müller.de", Some("Müller, Lena"))]).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("domain,domain_ascii,status"), "a header row comes first");
        assert_eq!(
            lines.next().unwrap(),
            "bäckerei-müller.de,xn--bckerei-mller-wjb.de,active,2027-01-05T00:00:00.000Z,yes,yes,no,\"Müller, Lena\",,no",
            "a comma inside a value is quoted so the columns stay aligned"
        );
    }
}
