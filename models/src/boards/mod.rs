//! Boards: ready-made systems assembled from components.

pub mod se;
