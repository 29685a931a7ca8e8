//! What the agent sees. One concern per file.

pub mod customer_history;
pub mod more_pages;
pub mod personal_page;
pub mod response_item;
pub mod skeleton;
pub mod status;
pub mod summary;
pub mod tabs;
pub mod trend;
