//! What the agent sees.

pub mod response_list;
pub mod status;
