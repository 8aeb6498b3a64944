//! A plain phone browser (and the fallback for everything else): no bridge, no title bar
//! of its own, so our NavBar shows and `document.title` is the whole story.

use citizen_core::api::Channel;

use super::bridge::{HostBridge, HostError};

/// A browser: every bridge feature is absent, nothing to wait for.
pub struct Browser;

impl HostBridge for Browser {
    fn channel(&self) -> Channel {
        Channel::Browser
    }

    fn set_title(&self, _title: &str) -> Result<(), HostError> {
        Ok(())
    }
}
