//! GET /api/v1/sync/events.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;

use crate::scope::Principal;
use crate::AppState;

/// GET /api/v1/sync/events: an `event: seq` with the latest committed seq,
/// sent at connect and whenever it moves. Clients then pull
/// `/sync/changes`. Announcements carry only a number, never content.
#[utoipa::path(get, path = "/api/v1/sync/events", tag = "sync", responses((status = 200, content_type = "text/event-stream")))]
pub async fn events(State(state): State<AppState>, _principal: Principal) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut latest = state.db.subscribe();
    let stream = async_stream::stream! {
        let seq = *latest.borrow_and_update();
        yield Ok(Event::default().event("seq").data(seq.to_string()));
        while latest.changed().await.is_ok() {
            let seq = *latest.borrow_and_update();
            yield Ok(Event::default().event("seq").data(seq.to_string()));
        }
    };
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
