//! Boards: ready-made systems assembled from components, and the building blocks
//! (CPU kinds, cache hierarchies, memories) they and the Python layer share.

pub mod fs;
pub mod limits;
pub mod se;
pub mod session;
pub mod spec;
