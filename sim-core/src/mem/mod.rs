//! Memory-side pieces every model shares: the backing store and packets.

pub mod store;

pub mod packet;

pub use packet::{MemCmd, Packet, PacketPtr, ReqFlags, Requestor, Route};
pub use store::{BackingStore, MapError, OutOfRange};
