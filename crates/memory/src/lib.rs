//! Giving freed memory back to the operating system.
//!
//! glibc keeps what a thread freed in that thread's arena for later use
//! instead of returning it, so a process that once peaked stays at its peak.
//! The desktop peaks once: downloading an account (batches of documents on
//! one thread, SQLite's page cache and index sorts on another) left ~230 MB
//! resident for the rest of the session. `malloc_trim(0)` walks every arena
//! and returns its free pages. Other platforms' allocators give memory back
//! on their own; there this does nothing.

/// Returns freed heap pages to the system; whether any came back. It locks
/// each arena in turn, so call it after a burst of work, not during one.
pub fn release_freed_memory() -> bool {
    let released = trim();
    tracing::debug!(released, "gave freed memory back to the system");
    released
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code, reason = "malloc_trim is reached through FFI only")]
fn trim() -> bool {
    // SAFETY: malloc_trim takes a plain size, touches only the allocator's
    // own free lists under their locks, and is safe to call from any thread
    // at any time (glibc ≥ 2.8 trims every arena).
    unsafe { libc::malloc_trim(0) != 0 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() -> bool {
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn free_pages_between_live_blocks_are_given_back() {
        // Every other 16 KiB block freed: free pages sandwiched between live
        // ones, which glibc never trims on its own.
        let mut blocks: Vec<Option<Vec<u8>>> = (0..4_000).map(|i| Some(vec![i as u8; 16 * 1024])).collect();
        for block in blocks.iter_mut().step_by(2) {
            *block = None;
        }
        let released = super::release_freed_memory();
        if cfg!(all(target_os = "linux", target_env = "gnu")) {
            assert!(released, "glibc gives the ~32 MB of freed blocks back");
        }
        assert!(blocks.iter().flatten().all(|block| block.len() == 16 * 1024), "live blocks are untouched");
    }
}
