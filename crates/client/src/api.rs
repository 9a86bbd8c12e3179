//! The provider's HTTP API as the engine uses it: one client with a timeout
//! and an injected base URL, bearer token, problem+json mapped to
//! [`ClientError`].

use std::time::Duration;

use futures::{Stream, StreamExt};
use hjs_model::documents::User;
use hjs_model::support::presence::{PresenceState, PresenceUpdate, TicketPresence};
use hjs_model::FieldError;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ClientError, Result};

/// What the provider's event stream says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// The latest committed change: pull when it is past the cache's.
    Seq(i64),
    /// Who is on a ticket now (support staff only).
    Presence(TicketPresence),
}

/// A session the provider issued.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub token: String,
    pub user: User,
}

/// The provider's problem+json, as far as the engine needs it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub errors: Vec<FieldError>,
    /// On 412: the document as it is now.
    pub current: Option<Value>,
}

/// One page of `/sync/changes`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePage {
    pub changes: Vec<Change>,
    pub last_seq: i64,
    pub has_more: bool,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub collection: String,
    pub id: String,
    pub op: String,
    pub doc: Option<Box<serde_json::value::RawValue>>,
}

/// What became of a write sent to the provider.
#[derive(Debug)]
pub enum WriteOutcome {
    /// Applied; the provider's answer (`Null` for 204 No Content).
    Accepted(Value),
    /// The edit was based on a version the provider no longer has: its
    /// current document (`None`: deleted), and the problem naming the item.
    Conflict { theirs: Option<Value>, problem: Problem },
    /// Refused for a reason that sending again will not change.
    Rejected(Problem),
}

#[derive(Clone)]
pub struct ProviderApi {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    /// Progress of files going up and down, for whoever shows it.
    transfers: tokio::sync::broadcast::Sender<Transfer>,
}

/// Which way a file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Upload,
    Download,
}

/// How far a file's upload or download is (`id`: the attachment's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    pub id: String,
    pub direction: Direction,
    pub done: u64,
    pub total: u64,
}

/// A file transfer may take this long in all (a stalled one ends).
const TRANSFER_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// Progress is told at most every this many bytes.
const PROGRESS_EVERY: u64 = 256 * 1024;

/// The token never shows in debug output (and so never in logs).
impl std::fmt::Debug for ProviderApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderApi").field("base", &self.base).field("token", &self.token.as_ref().map(|_| "<redacted>")).finish()
    }
}

impl ProviderApi {
    /// `base` is the provider's root URL (`http://127.0.0.1:8080`); `/api/v1` is added.
    pub fn new(base: &str, token: Option<String>) -> Result<Self> {
        let base = base.trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::Invalid(hjs_model::FieldErrors(vec![FieldError::new(
                "providerUrl",
                "invalid_url",
                "the provider URL must start with http:// or https://",
            )])));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("hjs-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Other(e.into()))?;
        Ok(Self { http, base: format!("{base}/api/v1"), token, transfers: tokio::sync::broadcast::channel(256).0 })
    }

    pub fn with_token(&self, token: String) -> Self {
        Self { token: Some(token), ..self.clone() }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The session token, for handing to the keyring. Never log it.
    pub fn bearer(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn send(&self, request: RequestBuilder) -> Result<reqwest::Response> {
        request.send().await.map_err(|e| ClientError::Offline(describe(&e.without_url())))
    }

    /// Signs in; `totp` when the account has two-factor sign-in.
    pub async fn sign_in(&self, email: &str, password: &str, totp: Option<&str>) -> Result<Session> {
        let body = serde_json::json!({ "email": email, "password": password, "totpCode": totp });
        let response = self.send(self.request(Method::POST, "/auth/sign-in").timeout(Duration::from_secs(30)).json(&body)).await?;
        json_or_problem(response).await
    }

    /// Revokes this session on the provider.
    pub async fn sign_out(&self) -> Result<()> {
        let response = self.send(self.request(Method::POST, "/auth/sign-out").timeout(Duration::from_secs(10))).await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(problem_error(response).await)
        }
    }

    /// The NDJSON snapshot as a byte stream.
    pub async fn snapshot(&self) -> Result<impl Stream<Item = Result<bytes::Bytes>>> {
        let response = self.send(self.request(Method::GET, "/sync/snapshot")).await?;
        if !response.status().is_success() {
            return Err(problem_error(response).await);
        }
        Ok(response.bytes_stream().map(|chunk| chunk.map_err(|e| ClientError::Offline(e.without_url().to_string()))))
    }

    pub async fn changes(&self, since: i64, limit: u32) -> Result<ChangePage> {
        let response = self
            .send(self.request(Method::GET, &format!("/sync/changes?since={since}&limit={limit}")).timeout(Duration::from_secs(60)))
            .await?;
        json_or_problem(response).await
    }

    /// The server-sent seq announcements, as a stream of seqs.
    pub async fn events(&self) -> Result<impl Stream<Item = Result<LiveEvent>>> {
        use eventsource_stream::Eventsource;
        let response = self.send(self.request(Method::GET, "/sync/events")).await?;
        if !response.status().is_success() {
            return Err(problem_error(response).await);
        }
        Ok(response.bytes_stream().eventsource().filter_map(|event| async move {
            match event {
                Ok(event) if event.event == "seq" => event.data.trim().parse::<i64>().ok().map(|seq| Ok(LiveEvent::Seq(seq))),
                Ok(event) if event.event == "presence" => serde_json::from_str(&event.data).ok().map(|p| Ok(LiveEvent::Presence(p))),
                Ok(_) => None,
                Err(error) => Some(Err(ClientError::Offline(error.to_string()))),
            }
        }))
    }

    /// Tells the provider (and through it the other support staff) that
    /// the signed-in person is viewing, typing on or leaving a ticket.
    pub async fn announce_presence(&self, ticket_id: &str, state: PresenceState) -> Result<TicketPresence> {
        let request = self
            .request(Method::PUT, &format!("/support-tickets/{ticket_id}/presence"))
            .timeout(Duration::from_secs(5))
            .json(&PresenceUpdate { state });
        let response = self.send(request).await?;
        if !response.status().is_success() {
            return Err(problem_error(response).await);
        }
        response.json().await.map_err(|e| ClientError::Offline(format!("unreadable answer: {e}")))
    }

    /// Progress of every upload and download through this API (and its
    /// clones) from now on.
    pub fn transfers(&self) -> tokio::sync::broadcast::Receiver<Transfer> {
        self.transfers.subscribe()
    }

    /// Uploads attachment `id` (`size` bytes from `file`, the raw body),
    /// telling progress. Answers as a write does: 4xx are outcomes.
    pub(crate) async fn upload_attachment(&self, id: &str, filename: &str, file: tokio::fs::File, size: u64) -> Result<WriteOutcome> {
        let transfers = self.transfers.clone();
        let (tag, mut done, mut told) = (id.to_string(), 0u64, 0u64);
        let counted = tokio_util::io::ReaderStream::new(file).map(move |chunk| {
            if let Ok(bytes) = &chunk {
                done += bytes.len() as u64;
                if done - told >= PROGRESS_EVERY || done == size {
                    told = done;
                    let _ = transfers.send(Transfer { id: tag.clone(), direction: Direction::Upload, done, total: size });
                }
            }
            chunk
        });
        let request = self
            .request(Method::PUT, &format!("/attachments/{id}"))
            .query(&[("filename", filename)])
            .timeout(TRANSFER_TIMEOUT)
            .header(reqwest::header::CONTENT_LENGTH, size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::wrap_stream(counted));
        let response = self.send(request).await?;
        let status = response.status();
        let body = response.json().await.unwrap_or(Value::Null);
        write_outcome(status, body)
    }

    /// Downloads attachment `id` into `to`, telling progress; answers the
    /// bytes written.
    pub(crate) async fn download_attachment(&self, id: &str, to: &mut tokio::fs::File) -> Result<u64> {
        use tokio::io::AsyncWriteExt;
        let response = self.send(self.request(Method::GET, &format!("/attachments/{id}")).timeout(TRANSFER_TIMEOUT)).await?;
        if !response.status().is_success() {
            return Err(problem_error(response).await);
        }
        let total = response.content_length().unwrap_or(0);
        let (mut done, mut told) = (0u64, 0u64);
        let mut body = response.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| ClientError::Offline(describe(&e.without_url())))?;
            to.write_all(&chunk).await.map_err(anyhow::Error::from)?;
            done += chunk.len() as u64;
            if done - told >= PROGRESS_EVERY || done == total {
                told = done;
                let _ = self.transfers.send(Transfer { id: id.to_string(), direction: Direction::Download, done, total });
            }
        }
        to.flush().await.map_err(anyhow::Error::from)?;
        Ok(done)
    }

    /// Sends one queued write. Transport failures and 5xx are errors (try
    /// again later); 401 asks for a new sign-in; other answers are outcomes.
    pub async fn write(&self, request: &crate::outbox::ProviderRequest, idempotency_key: &str) -> Result<WriteOutcome> {
        use crate::outbox::Precondition;
        let mut builder =
            self.request(request.method.clone(), &request.path).timeout(Duration::from_secs(60)).header("Idempotency-Key", idempotency_key);
        builder = match request.precondition {
            Precondition::IfMatch(version) => builder.header("If-Match", version.to_string()),
            Precondition::IfNoneMatch => builder.header("If-None-Match", "*"),
            Precondition::InBody => builder,
        };
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        let response = self.send(builder).await?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| ClientError::Offline(e.to_string()))?;
        let body = if bytes.is_empty() {
            Value::Null
        } else if status.is_success() {
            serde_json::from_slice(&bytes).map_err(|e| ClientError::Offline(format!("unreadable answer: {e}")))?
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        write_outcome(status, body)
    }

    /// Sends several writes in one request (`POST /batch`); the provider
    /// applies each on its own, in order. Answers one outcome per write, or
    /// fewer: an error (offline, sign-in needed) ends the list, and the
    /// writes after it were not run or not looked at. The provider stops
    /// after a write it failed on, so the list can also end early without
    /// an error: the writes after it were not sent.
    pub async fn write_batch(&self, writes: &[(&crate::outbox::ProviderRequest, &str)]) -> Result<Vec<Result<WriteOutcome>>> {
        use crate::outbox::Precondition;
        let requests: Vec<Value> = writes
            .iter()
            .map(|(request, key)| {
                let mut headers = serde_json::Map::new();
                headers.insert("Idempotency-Key".into(), Value::from(*key));
                match request.precondition {
                    Precondition::IfMatch(version) => headers.insert("If-Match".into(), Value::from(version.to_string())),
                    Precondition::IfNoneMatch => headers.insert("If-None-Match".into(), Value::from("*")),
                    Precondition::InBody => None,
                };
                serde_json::json!({
                    "method": request.method.as_str(),
                    "path": request.path,
                    "headers": headers,
                    "body": request.body,
                })
            })
            .collect();
        let builder =
            self.request(Method::POST, "/batch").timeout(Duration::from_secs(300)).json(&serde_json::json!({ "requests": requests }));
        let response = self.send(builder).await?;
        let status = response.status();
        if !status.is_success() {
            // The batch itself was refused; say why as a single write would.
            return Err(match write_outcome(status, response.json().await.unwrap_or(Value::Null)) {
                Err(error) => error,
                Ok(_) => ClientError::Offline(format!("the provider refused the batch ({status})")),
            });
        }
        #[derive(Deserialize)]
        struct Answer {
            responses: Vec<Item>,
        }
        #[derive(Deserialize)]
        struct Item {
            status: u16,
            body: Value,
        }
        let answer: Answer = response.json().await.map_err(|e| ClientError::Offline(format!("unreadable answer: {e}")))?;
        if answer.responses.len() > writes.len() {
            return Err(ClientError::Offline(format!("the provider answered {} of {} writes", answer.responses.len(), writes.len())));
        }
        let mut outcomes = Vec::with_capacity(writes.len());
        for item in answer.responses {
            let status = StatusCode::from_u16(item.status).map_err(|e| ClientError::Offline(format!("unreadable answer: {e}")))?;
            let outcome = write_outcome(status, item.body);
            let stop = outcome.is_err();
            outcomes.push(outcome);
            if stop {
                break;
            }
        }
        Ok(outcomes)
    }
}

/// What a write's answer says became of it. Errors are the ones sending it
/// again may cure: the provider unreachable or busy, a session to renew.
fn write_outcome(status: StatusCode, body: Value) -> Result<WriteOutcome> {
    if status.is_success() {
        return Ok(WriteOutcome::Accepted(body));
    }
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return Err(ClientError::Offline(format!("the provider answered {status}")));
    }
    let mut problem: Problem = serde_json::from_value(body).unwrap_or_default();
    if status == StatusCode::UNAUTHORIZED {
        return Err(problem_of(status, problem));
    }
    if status == StatusCode::PRECONDITION_FAILED && problem.code == "stale_version" {
        return Ok(WriteOutcome::Conflict { theirs: problem.current.take(), problem });
    }
    Ok(WriteOutcome::Rejected(problem))
}

/// An error with its causes ("error sending request: connection refused"),
/// which reqwest's own message leaves out.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

async fn json_or_problem<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    if response.status().is_success() {
        response.json().await.map_err(|e| ClientError::Offline(format!("unreadable answer: {e}")))
    } else {
        Err(problem_error(response).await)
    }
}

async fn problem_error(response: reqwest::Response) -> ClientError {
    let status = response.status();
    problem_of(status, response.json().await.unwrap_or_default())
}

fn problem_of(status: StatusCode, problem: Problem) -> ClientError {
    if status == StatusCode::UNAUTHORIZED && problem.code != "invalid_credentials" && !problem.code.starts_with("totp") {
        return ClientError::SignInRequired(if problem.detail.is_empty() { "the session ended".into() } else { problem.detail });
    }
    let message = if problem.detail.is_empty() { format!("the provider answered {status}") } else { problem.detail };
    ClientError::Provider {
        status: status.as_u16(),
        code: if problem.code.is_empty() { "provider_error".into() } else { problem.code },
        message,
        errors: problem.errors,
    }
}
