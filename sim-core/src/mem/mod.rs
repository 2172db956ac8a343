//! Memory-side pieces every model shares: the backing store and packets.

pub mod store;

pub use store::{BackingStore, OutOfRange};
