//! Rate limiting in memory, per client address: a fixed window of attempts
//! shared by everything a stranger can try without an account (sign-in,
//! sign-up, password reset) and by re-entering a password while signed in.
//! Per-account lockout (which must hold across provider processes) lives in
//! the database; see `sign_in`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ApiError;

/// Attempts allowed per address per window.
pub const ATTEMPTS_PER_WINDOW: u32 = 20;
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct SignInLimiter {
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl SignInLimiter {
    /// Counts an attempt; `Err(seconds)` to wait when over the limit.
    pub fn attempt(&self, address: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(address).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > ATTEMPTS_PER_WINDOW {
            let wait = WINDOW.saturating_sub(now.duration_since(entry.0)).as_secs().max(1);
            return Err(wait);
        }
        Ok(())
    }

    /// [`SignInLimiter::attempt`] as the API's 429 `rate_limited`.
    pub fn check(&self, address: IpAddr) -> Result<(), ApiError> {
        self.attempt(address).map_err(|retry_after_seconds| ApiError::TooManyRequests {
            code: "rate_limited",
            detail: "too many attempts from this address; wait a minute".into(),
            retry_after_seconds,
        })
    }
}
