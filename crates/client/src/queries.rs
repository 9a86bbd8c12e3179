//! What the screens read, all from the cache.
