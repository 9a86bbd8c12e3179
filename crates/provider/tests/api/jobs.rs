//! Scenarios: background jobs (renewal reminders, expiry), also with two
//! provider processes running them at once.

use chrono::Duration;
use hjs_model::documents::UserRole;
use hjs_model::Timestamp;
use hjs_provider::jobs::run_once;
use serde_json::Value;

use crate::both_engines;
use crate::common::TestApp;

async fn reminders_for(app: &TestApp, token: &str) -> Vec<String> {
    let page = app.get_json("/notifications?limit=100", token).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "domain_expiring")
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect()
}

both_engines! {
    /// 30, 7 and 1 days before expiry, one reminder each, however often the
    /// job runs; each is also e-mailed.
    async fn renewal_reminders_are_sent_once_at_thirty_seven_and_one_days(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "reminder-example.com", 40).await;
        let expiry = domain.expiration_date;
        let at = |days_before: i64| expiry.minus(Duration::days(days_before)).plus(Duration::minutes(1));

        assert_eq!(run_once(&app.state, at(35)).await.unwrap().reminders_sent, 0, "nothing outside 30 days");
        assert_eq!(run_once(&app.state, at(30)).await.unwrap().reminders_sent, 1);
        assert_eq!(run_once(&app.state, at(29)).await.unwrap().reminders_sent, 0, "the 30-day reminder is not repeated");
        assert_eq!(run_once(&app.state, at(7)).await.unwrap().reminders_sent, 1);
        assert_eq!(run_once(&app.state, at(1)).await.unwrap().reminders_sent, 1);
        assert_eq!(run_once(&app.state, at(1)).await.unwrap().reminders_sent, 0);
        let messages = reminders_for(&app, &user.token).await;
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("expires in 30 days")));
        assert!(messages.iter().any(|m| m.contains("expires in 7 days")));
        assert!(messages.iter().any(|m| m.contains("expires in 1 day")));
        let mails = app.mails();
        assert_eq!(mails.iter().filter(|m| m.contains("Subject: Domain Expiring Soon")).count(), 3);
        let page = app.get_json("/notifications", &user.token).await;
        assert!(page["items"].as_array().unwrap().iter().all(|n| n["emailSent"] == true && !n["sentAt"].is_null()));
    }

    /// A domain first seen 5 days before expiry gets the 7-day reminder
    /// only, never a late 30-day one.
    async fn a_domain_first_seen_inside_a_window_gets_only_that_reminder(app) {
        let user = app.user(UserRole::User, None).await;
        app.add_domain(&user, "late-example.com", 5).await;
        assert_eq!(run_once(&app.state, Timestamp::now()).await.unwrap().reminders_sent, 1);
        assert_eq!(run_once(&app.state, Timestamp::now()).await.unwrap().reminders_sent, 0);
        let messages = reminders_for(&app, &user.token).await;
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("expires in 7 days"), "{messages:?}");
    }

    /// Two provider processes running the job at the same moments still
    /// send each reminder exactly once.
    async fn two_provider_processes_send_each_reminder_once(app) {
        let peer = app.spawn_peer().await;
        let user = app.user(UserRole::User, None).await;
        for i in 0..10 {
            app.add_domain(&user, &format!("twin-{i}.com"), 3 + i * 3).await;
        }
        for _ in 0..3 {
            let now = Timestamp::now();
            let (a, b) = tokio::join!(run_once(&app.state, now), run_once(&peer.state, now));
            a.unwrap();
            b.unwrap();
        }
        let later = Timestamp::now().plus(Duration::days(2));
        let (a, b) = tokio::join!(run_once(&app.state, later), run_once(&peer.state, later));
        let total = a.unwrap().reminders_sent + b.unwrap().reminders_sent;
        assert!(total >= 1, "the 1-day window of twin-0 opens two days later");
        let messages = reminders_for(&app, &user.token).await;
        let unique: std::collections::BTreeSet<&String> = messages.iter().collect();
        assert_eq!(unique.len(), messages.len(), "no reminder twice: {messages:?}");
        let claimed: i64 = app.count("reminders_sent").await;
        assert!(claimed >= messages.len() as i64);
        let mut per_domain_threshold = std::collections::BTreeMap::new();
        for message in &messages {
            *per_domain_threshold.entry(message.clone()).or_insert(0) += 1;
        }
        assert!(per_domain_threshold.values().all(|n| *n == 1));
    }

    /// Past expiry an active domain becomes expired, and the feed says so.
    async fn domains_past_expiry_become_expired(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "expired-example.com", 3).await;
        let report = run_once(&app.state, domain.expiration_date.plus(Duration::hours(1))).await.unwrap();
        assert_eq!(report.domains_expired, 1);
        let fetched: Value = app.get_json(&format!("/domains/{}", domain.id), &user.token).await;
        assert_eq!(fetched["status"], "expired");
        assert_eq!(fetched["version"], 2);
        assert_eq!(run_once(&app.state, domain.expiration_date.plus(Duration::hours(2))).await.unwrap().domains_expired, 0);
    }
}
