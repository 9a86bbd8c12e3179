//! GET /api/v1/sync/events.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::broadcast;

use crate::scope::Principal;
use crate::AppState;

/// GET /api/v1/sync/events: an `event: seq` with the latest committed seq,
/// sent at connect and whenever it moves. Clients then pull
/// `/sync/changes`. Announcements carry only a number, never content.
/// Support staff also get `event: presence` (a `TicketPresence`: who is
/// viewing or typing on a ticket) whenever that changes.
#[utoipa::path(get, path = "/api/v1/sync/events", tag = "sync", responses((status = 200, content_type = "text/event-stream")))]
pub async fn events(State(state): State<AppState>, principal: Principal) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut latest = state.db.subscribe();
    let mut presence = principal.is_staff().then(|| state.presence.subscribe());
    let stream = async_stream::stream! {
        let seq = *latest.borrow_and_update();
        yield Ok(Event::default().event("seq").data(seq.to_string()));
        loop {
            let next = match presence.as_mut() {
                Some(presence) => tokio::select! {
                    changed = latest.changed() => changed.is_ok().then_some(None),
                    news = presence.recv() => match news {
                        Ok(news) => Some(Some(news)),
                        // Fell behind: what was missed is superseded by what comes.
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => None,
                    },
                },
                None => latest.changed().await.is_ok().then_some(None),
            };
            match next {
                None => break,
                Some(None) => {
                    let seq = *latest.borrow_and_update();
                    yield Ok(Event::default().event("seq").data(seq.to_string()));
                }
                Some(Some(news)) => {
                    if let Ok(event) = Event::default().event("presence").json_data(&news) {
                        yield Ok(event);
                    }
                }
            }
        }
    };
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
