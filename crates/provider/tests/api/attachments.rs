//! Scenarios: files attached to ticket messages. Uploads stream under a
//! cap (413, nothing kept), their type is sniffed and their name
//! sanitised; they are served only to whoever may see their message (a
//! note's file never to the customer, nobody's file by its hash), always
//! as a download with `nosniff`.

use bytes::Bytes;
use hjs_model::documents::UserRole;
use hjs_model::ObjectId;
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use crate::both_engines;
use crate::common::{TestApp, TestUser};
use crate::support::{open, post_with, ticket};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";

async fn upload(app: &TestApp, who: &TestUser, id: ObjectId, filename: &str, bytes: impl Into<reqwest::Body>) -> Response {
    app.request(Method::PUT, &format!("/attachments/{id}"), Some(&who.token))
        .query(&[("filename", filename)])
        // Claimed as HTML: the provider reads the bytes instead.
        .header("Content-Type", "text/html")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// A message with the uploaded `files`.
async fn post(app: &TestApp, who: &TestUser, ticket: &Value, kind: &str, files: &[ObjectId]) -> (StatusCode, Value) {
    post_with(app, who, ticket, kind, "See the attached file.", files).await
}

async fn fetch(app: &TestApp, who: &TestUser, url: &str) -> Response {
    let path = url.strip_prefix("/api/v1").expect("an API path");
    app.get(path, &who.token).await
}

fn kept_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.files_dir();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            found.extend(std::fs::read_dir(entry.path()).unwrap().flatten().map(|e| e.path()));
        }
    }
    found
}

both_engines! {
    async fn a_file_is_uploaded_attached_and_served_only_to_those_who_see_its_message(app) {
        let customer = app.user(UserRole::User, None).await;
        let stranger = app.user(UserRole::User, None).await;
        let staff = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Certificate warning")).await;

        let id = ObjectId::new();
        let uploaded = upload(&app, &customer, id, "C:\\Users\\ana\\../.screen\u{0}shot.png", PNG).await;
        assert_eq!(uploaded.status(), StatusCode::CREATED);
        let uploaded: Value = uploaded.json().await.unwrap();
        assert_eq!(uploaded["filename"], "screen_shot.png", "the last segment, without leading dots or control characters");
        assert_eq!(uploaded["mimeType"], "image/png", "sniffed from the bytes, not the claimed text/html");
        assert_eq!(uploaded["fileSize"], PNG.len());
        let url = format!("/api/v1/attachments/{id}");
        assert_eq!(uploaded["url"], url);
        // A retried upload is harmless; someone else's id is not theirs.
        let again = upload(&app, &customer, id, "screenshot.png", PNG).await;
        assert_eq!(again.status(), StatusCode::OK);
        // A large retried body is read, not cut off: the client hears the answer.
        let large = vec![7u8; 8 * 1024 * 1024];
        let chunks = large.chunks(64 * 1024).map(|c| Ok::<_, std::io::Error>(Bytes::copy_from_slice(c))).collect::<Vec<_>>();
        let retried = upload(&app, &customer, id, "screenshot.png", reqwest::Body::wrap_stream(futures::stream::iter(chunks))).await;
        assert_eq!(retried.status(), StatusCode::OK);
        assert_eq!(upload(&app, &stranger, id, "x.png", PNG).await.status(), StatusCode::CONFLICT);
        // Before it is attached, only its uploader fetches it.
        assert_eq!(fetch(&app, &customer, &url).await.status(), StatusCode::OK);
        assert_eq!(fetch(&app, &staff, &url).await.status(), StatusCode::NOT_FOUND);

        // Nobody else attaches it.
        let (_, theirs) = open(&app, &stranger, ticket("Mine")).await;
        let (refused, problem) = post(&app, &stranger, &theirs, "reply", &[id]).await;
        assert_eq!(refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "attachments[0]");

        let (posted, message) = post(&app, &customer, &made, "reply", &[id]).await;
        assert_eq!(posted, StatusCode::CREATED, "{message}");
        assert_eq!(message["attachments"][0]["url"], url);
        assert_eq!(message["attachments"][0]["filename"], "screen_shot.png");
        // Attached once: not to a second message.
        let (twice, problem) = post(&app, &customer, &made, "reply", &[id]).await;
        assert_eq!((twice, problem["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_file")));

        let served = fetch(&app, &staff, &url).await;
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(served.headers()["content-type"], "image/png");
        assert_eq!(served.headers()["x-content-type-options"], "nosniff");
        assert!(served.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        assert_eq!(served.bytes().await.unwrap(), Bytes::from_static(PNG));
        // The other customer: not by id, and never by hash.
        assert_eq!(fetch(&app, &stranger, &url).await.status(), StatusCode::NOT_FOUND);
        let sha256: String = sqlx::query_scalar("SELECT sha256 FROM attachments WHERE id = $1").bind(id.to_string()).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(app.get(&format!("/attachments/{sha256}"), &stranger.token).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/attachments/{sha256}"), &customer.token).await.status(), StatusCode::NOT_FOUND);

        // A note's file: staff see it, the customer never does.
        let note_file = ObjectId::new();
        assert_eq!(upload(&app, &staff, note_file, "internal.log", &b"disk 98% full"[..]).await.status(), StatusCode::CREATED);
        let (posted, note) = post(&app, &staff, &made, "note", &[note_file]).await;
        assert_eq!(posted, StatusCode::CREATED, "{note}");
        let note_url = note["attachments"][0]["url"].as_str().unwrap().to_string();
        assert_eq!(fetch(&app, &staff, &note_url).await.status(), StatusCode::OK);
        let other_staff = app.user(UserRole::Admin, None).await;
        assert_eq!(fetch(&app, &other_staff, &note_url).await.status(), StatusCode::OK);
        assert_eq!(fetch(&app, &customer, &note_url).await.status(), StatusCode::NOT_FOUND);
        // Same bytes, kept once.
        let same = ObjectId::new();
        assert_eq!(upload(&app, &stranger, same, "copy.png", PNG).await.status(), StatusCode::CREATED);
        assert_eq!(kept_files(&app).len(), 2, "{:?}", kept_files(&app));
    }

    async fn an_html_or_svg_file_is_served_as_a_download_with_nosniff(app) {
        let customer = app.user(UserRole::User, None).await;
        let (_, made) = open(&app, &customer, ticket("Look at this")).await;
        let files = [
            ("page.html", &b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"[..], "text/html"),
            ("logo.svg", &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..], "image/svg+xml"),
            // Named as an image, sniffed as what it is.
            ("innocent.png", &b"<html><body onload=alert(1)>"[..], "text/html"),
        ];
        let mut ids = Vec::new();
        for (name, bytes, _) in files {
            let id = ObjectId::new();
            assert_eq!(upload(&app, &customer, id, name, bytes).await.status(), StatusCode::CREATED);
            ids.push(id);
        }
        let (posted, message) = post(&app, &customer, &made, "reply", &ids).await;
        assert_eq!(posted, StatusCode::CREATED, "{message}");
        for (attachment, (name, bytes, mime)) in message["attachments"].as_array().unwrap().iter().zip(files) {
            assert_eq!(attachment["mimeType"], mime, "{name}");
            let served = fetch(&app, &customer, attachment["url"].as_str().unwrap()).await;
            let headers = served.headers().clone();
            assert_eq!(headers["content-disposition"], format!("attachment; filename=\"{name}\"; filename*=UTF-8''{name}"));
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["content-security-policy"], "default-src 'none'; sandbox");
            assert_eq!(served.bytes().await.unwrap(), bytes);
        }
    }

    async fn a_staff_reply_with_files_names_them_in_its_mail_but_sends_no_file(app) {
        let customer = app.user(UserRole::User, None).await;
        let staff = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Invoice")).await;
        let file = ObjectId::new();
        assert_eq!(upload(&app, &staff, file, "INV-0871.pdf", &b"%PDF-1.4 corrected invoice"[..]).await.status(), StatusCode::CREATED);
        let (posted, _) = post(&app, &staff, &made, "reply", &[file]).await;
        assert_eq!(posted, StatusCode::CREATED);
        let mut mails = Vec::new();
        for _ in 0..50 {
            mails = app.mails();
            if !mails.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let mail = mails.join("\n").replace("=\r\n", "").replace("=\n", "");
        assert!(mail.contains("INV-0871.pdf (26 bytes)"), "{mail}");
        assert!(!mail.contains("corrected invoice"), "the file stays behind the sign-in: {mail}");
    }

    async fn an_upload_over_the_cap_is_refused_with_413_and_nothing_is_kept(app) {
        let customer = app.user(UserRole::User, None).await;
        let cap = app.state.config.attachment_cap;
        assert_eq!(cap, 25 * 1024 * 1024, "the default cap");
        // Announced as too large: refused before a byte is read.
        let announced = upload(&app, &customer, ObjectId::new(), "big.bin", vec![7u8; cap as usize + 1]).await;
        assert_eq!(announced.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let problem: Value = announced.json().await.unwrap();
        assert_eq!(problem["code"], "too_large");
        // Streamed without a length: cut off once it passes the cap.
        let chunk = Bytes::from(vec![7u8; 1024 * 1024]);
        let chunks = (0..=cap / chunk.len() as u64).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
        let streamed = upload(&app, &customer, ObjectId::new(), "big.bin", reqwest::Body::wrap_stream(futures::stream::iter(chunks))).await;
        assert_eq!(streamed.status(), StatusCode::PAYLOAD_TOO_LARGE);
        // An empty file is refused too.
        let empty = upload(&app, &customer, ObjectId::new(), "empty.txt", Vec::new()).await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(rows, 0);
        assert!(kept_files(&app).is_empty(), "{:?}", kept_files(&app));
        assert_eq!(std::fs::read_dir(app.files_dir().join(".spool")).unwrap().count(), 0, "no spool file left");
    }
}
