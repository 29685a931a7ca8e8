//! Talking to the host frame (the Dixa custom card that embeds the app).

pub mod early;
pub mod frame;
pub mod messages;
pub mod use_auto_height;
pub mod use_host_parameters;

pub use frame::HostFrame;
pub use use_auto_height::use_auto_height;
pub use use_host_parameters::use_host_parameters;
