//! What the agent sees. One concern per file.

pub mod category;
pub mod customer_history;
pub mod focus;
pub mod follow_up;
pub mod live_region;
pub mod personal_page;
pub mod reactive;
pub mod response_item;
pub mod response_list;
pub mod skeleton;
pub mod status;
pub mod summary;
pub mod tabs;
pub mod trend;

pub use customer_history::CustomerPanel;
pub use live_region::LiveRegion;
pub use personal_page::PersonalPanel;
pub use skeleton::Skeleton;
pub use status::StatusMessage;
pub use tabs::{ActiveTab, Tab, Tabs};
