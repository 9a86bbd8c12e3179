//! Presence on tickets: `PUT /support-tickets/{id}/presence` (staff) says
//! "I am viewing" or "I am typing" (or "I left"); everyone's presence goes
//! out on the event stream to staff as `event: presence`. It is kept in
//! memory, never stored: a word lasts [`VIEWING_FOR`] (typing:
//! [`TYPING_FOR`], then it is viewing again) unless repeated, so a desktop
//! that vanishes fades out by itself.
//!
//! Several provider processes on PostgreSQL share presence over
//! `LISTEN/NOTIFY` (channel `hjs_presence`): each applies the others'
//! words to its own registry. On SQLite the provider is one process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::Json;
use hjs_model::documents::{SupportTicket, User};
use hjs_model::support::presence::{PresenceState, PresenceUpdate, PresentPerson, TicketPresence};
use hjs_model::ObjectId;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::db::Engine;
use crate::error::{ApiError, ApiResult};
use crate::http::{DocId, JsonBody};
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

/// How long "viewing" lasts without being said again (desktops repeat it
/// every 10 s).
pub const VIEWING_FOR: Duration = Duration::from_secs(25);
/// How long "typing" lasts (desktops repeat it every 2 s while typing).
pub const TYPING_FOR: Duration = Duration::from_secs(6);
/// How often faded presence is swept out (and announced).
const SWEEP_EVERY: Duration = Duration::from_secs(1);
const CHANNEL: &str = "hjs_presence";

#[derive(Debug, Clone)]
struct Seen {
    name: String,
    typing_until: Option<Instant>,
    until: Instant,
}

/// Everyone's presence, and the stream of changes.
#[derive(Debug)]
pub struct Presence {
    tickets: Mutex<HashMap<ObjectId, HashMap<ObjectId, Seen>>>,
    changes: broadcast::Sender<TicketPresence>,
    /// Tells this process's own notifications from the others'.
    origin: ObjectId,
}

/// A word as it travels between processes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Word {
    origin: ObjectId,
    ticket_id: ObjectId,
    user_id: ObjectId,
    name: String,
    state: PresenceState,
}

impl Default for Presence {
    fn default() -> Self {
        Presence { tickets: Mutex::new(HashMap::new()), changes: broadcast::channel(256).0, origin: ObjectId::new() }
    }
}

impl Presence {
    /// Changes of anyone's presence on any ticket.
    pub fn subscribe(&self) -> broadcast::Receiver<TicketPresence> {
        self.changes.subscribe()
    }

    /// Records a word, announcing the ticket's presence when it changed
    /// what others see; answers the ticket's presence now.
    fn apply(&self, ticket_id: ObjectId, user_id: ObjectId, name: &str, state: PresenceState, now: Instant) -> TicketPresence {
        let mut tickets = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        let people = tickets.entry(ticket_id).or_default();
        let before = people.get(&user_id).map(|seen| current_state(seen, now));
        match state {
            PresenceState::Left => {
                people.remove(&user_id);
            }
            PresenceState::Viewing | PresenceState::Typing => {
                let typing = state == PresenceState::Typing;
                let seen = people.entry(user_id).or_insert(Seen { name: name.to_string(), typing_until: None, until: now });
                seen.name = name.to_string();
                seen.until = now + VIEWING_FOR;
                seen.typing_until = typing.then(|| now + TYPING_FOR);
            }
        }
        let after = people.get(&user_id).map(|seen| current_state(seen, now));
        let presence = snapshot(ticket_id, people, now);
        if people.is_empty() {
            tickets.remove(&ticket_id);
        }
        if before != after {
            let _ = self.changes.send(presence.clone());
        }
        presence
    }

    /// Drops what faded and announces what changed with it.
    fn sweep(&self, now: Instant) {
        let mut tickets = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        let mut changed = Vec::new();
        tickets.retain(|ticket_id, people| {
            let mut moved = false;
            people.retain(|_, seen| {
                if seen.typing_until.is_some_and(|until| until <= now) {
                    seen.typing_until = None;
                    moved = true;
                }
                let alive = seen.until > now;
                moved |= !alive;
                alive
            });
            if moved {
                changed.push(snapshot(*ticket_id, people, now));
            }
            !people.is_empty()
        });
        drop(tickets);
        for presence in changed {
            let _ = self.changes.send(presence);
        }
    }

    /// The presence on one ticket now.
    pub fn on(&self, ticket_id: ObjectId) -> TicketPresence {
        let tickets = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        match tickets.get(&ticket_id) {
            Some(people) => snapshot(ticket_id, people, Instant::now()),
            None => TicketPresence { ticket_id, people: Vec::new() },
        }
    }
}

fn current_state(seen: &Seen, now: Instant) -> PresenceState {
    if seen.typing_until.is_some_and(|until| until > now) {
        PresenceState::Typing
    } else {
        PresenceState::Viewing
    }
}

fn snapshot(ticket_id: ObjectId, people: &HashMap<ObjectId, Seen>, now: Instant) -> TicketPresence {
    let mut people: Vec<PresentPerson> = people
        .iter()
        .filter(|(_, seen)| seen.until > now)
        .map(|(user_id, seen)| PresentPerson { user_id: *user_id, name: seen.name.clone(), state: current_state(seen, now) })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
    TicketPresence { ticket_id, people }
}

/// PUT /api/v1/support-tickets/{id}/presence: say you are viewing or typing on a ticket, or left it (staff).
#[utoipa::path(put, path = "/api/v1/support-tickets/{id}/presence", tag = "support", request_body = PresenceUpdate,
    params(("id" = String, Path)),
    responses((status = 200, body = TicketPresence, description = "everyone on the ticket now"), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem, description = "`staff_only` on `state`")))]
pub async fn announce(
    State(state): State<AppState>,
    principal: Principal,
    DocId(ticket_id): DocId,
    JsonBody(update): JsonBody<PresenceUpdate>,
) -> ApiResult<Json<TicketPresence>> {
    if !principal.is_staff() {
        return Err(ApiError::field("state", "staff_only", "presence is shared among support staff"));
    }
    let name = {
        let mut conn = state.db.pool.acquire().await?;
        let _: SupportTicket = fetch_one(&mut conn, &principal.scope(), ticket_id).await?;
        let me: User = fetch_one(&mut conn, &Scope::Staff, principal.user_id).await?;
        me.full_name()
    };
    let presence = state.presence.apply(ticket_id, principal.user_id, &name, update.state, Instant::now());
    if state.db.engine == Engine::Postgres {
        let word = Word { origin: state.presence.origin, ticket_id, user_id: principal.user_id, name, state: update.state };
        let payload = serde_json::to_string(&word).map_err(anyhow::Error::from)?;
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&state.db.pool).await?;
    }
    Ok(Json(presence))
}

/// Sweeps faded presence every second and, on PostgreSQL, applies the
/// words of other provider processes. The first `LISTEN` is in place when
/// this returns, so a process that answers requests also hears the others
/// from its first request on.
pub async fn start_follower(state: AppState) -> tokio::task::JoinHandle<()> {
    let presence: Arc<Presence> = state.presence.clone();
    let mut listener = if state.db.engine == Engine::Postgres { listen(&state).await } else { None };
    tokio::spawn(async move {
        let mut sweep = tokio::time::interval(SWEEP_EVERY);
        loop {
            if state.db.engine == Engine::Postgres && listener.is_none() {
                listener = listen(&state).await;
            }
            match listener.as_mut() {
                Some(connected) => tokio::select! {
                    notification = connected.recv() => match notification {
                        Ok(notification) => {
                            if let Ok(word) = serde_json::from_str::<Word>(notification.payload()) {
                                if word.origin != presence.origin {
                                    presence.apply(word.ticket_id, word.user_id, &word.name, word.state, Instant::now());
                                }
                            }
                        }
                        Err(_) => listener = None,
                    },
                    _ = sweep.tick() => presence.sweep(Instant::now()),
                },
                None => {
                    sweep.tick().await;
                    presence.sweep(Instant::now());
                }
            }
        }
    })
}

async fn listen(state: &AppState) -> Option<sqlx::postgres::PgListener> {
    let connected = async {
        let mut listener = sqlx::postgres::PgListener::connect(state.db.url()).await?;
        listener.listen(CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    }
    .await;
    match connected {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "presence LISTEN failed; other processes' presence is not seen until it works");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_lasts_until_it_fades_and_typing_falls_back_to_viewing() {
        let presence = Presence::default();
        let mut changes = presence.subscribe();
        let (ticket, sarah, tomas) = (ObjectId::new(), ObjectId::new(), ObjectId::new());
        let start = Instant::now();
        presence.apply(ticket, sarah, "Sarah", PresenceState::Viewing, start);
        presence.apply(ticket, sarah, "Sarah", PresenceState::Viewing, start);
        let now = presence.apply(ticket, tomas, "Tomás", PresenceState::Typing, start);
        assert_eq!(
            now.people.iter().map(|p| (p.name.as_str(), p.state)).collect::<Vec<_>>(),
            [("Sarah", PresenceState::Viewing), ("Tomás", PresenceState::Typing)]
        );
        assert_eq!(std::iter::from_fn(|| changes.try_recv().ok()).count(), 2, "saying it again is not news");
        presence.sweep(start + TYPING_FOR);
        assert_eq!(changes.try_recv().unwrap().people[1].state, PresenceState::Viewing);
        presence.apply(ticket, sarah, "Sarah", PresenceState::Left, start + TYPING_FOR);
        assert_eq!(changes.try_recv().unwrap().people.len(), 1);
        presence.sweep(start + VIEWING_FOR);
        assert!(changes.try_recv().unwrap().people.is_empty(), "Tomás faded");
        assert!(presence.on(ticket).people.is_empty());
    }
}
