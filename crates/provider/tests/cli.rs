//! The `hjs-provider` binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_hjs-provider");

#[test]
fn openapi_prints_an_openapi_3_1_document_naming_every_area() {
    let output = Command::new(BIN).arg("openapi").output().expect("runs");
    assert!(output.status.success());
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("prints JSON");
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "OpenAPI 3.1");
    for path in [
        "/api/v1/auth/sign-in",
        "/api/v1/domains",
        "/api/v1/domains/{id}",
        "/api/v1/notifications",
        "/api/v1/sync/snapshot",
        "/api/v1/sync/changes",
        "/api/v1/sync/events",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is described");
    }
    for schema in [
        "User",
        "Domain",
        "DnsRecord",
        "EmailForwarding",
        "DomainTransfer",
        "DomainOrder",
        "PaymentMethod",
        "HostingPackage",
        "HostingProject",
        "Deployment",
        "SupportPackage",
        "SupportTicket",
        "SupportMessage",
        "Notification",
        "Problem",
    ] {
        assert!(document["components"]["schemas"][schema].is_object(), "{schema} schema is described");
    }
}

#[test]
fn serve_starts_on_a_fresh_sqlite_database_and_answers_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("p.db").display());
    let mut child = Command::new(BIN)
        .args(["serve", "--database-url", &url, "--listen", "127.0.0.1:0", "--mail-dir"])
        .arg(dir.path().join("mail"))
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().unwrap();
    let started = Instant::now();
    let mut address = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(at) = line.find("listening on http://") {
            address = Some(line[at + "listening on http://".len()..].trim().to_string());
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
    }
    let address = address.expect("the server says where it listens");
    let status = http_get::status_of(&format!("http://{address}/api/v1/domains"));
    child.kill().ok();
    child.wait().ok();
    assert_eq!(status, 401, "the API answers, and asks for a token");
}

mod http_get {
    /// A minimal HTTP/1.1 GET over a TCP socket, returning the status code.
    pub fn status_of(url: &str) -> u16 {
        use std::io::{Read, Write};
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(stream, "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}
