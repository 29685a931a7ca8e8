//! What an IVR mapping must hold before it is saved (the IVR set-up screen,
//! `PUT /ivr/{queueId}` and the config file share these rules).

/// Dixa's queue ids are UUIDs; letters, digits, `-` and `_` cover them and
/// keep the id usable in a URL path.
pub fn check_queue_id(queue_id: &str) -> Result<(), String> {
    let ok = !queue_id.is_empty()
        && queue_id.len() <= 100
        && queue_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "queue id {queue_id:?} is not a Dixa queue id: copy it from Dixa's Settings → Queues \
             (letters, digits and dashes, at most 100)"
        ))
    }
}

/// The Dixa API key is write-only: an edit that leaves it empty keeps the
/// stored one; a new mapping needs one, since P-GAP is read with it.
pub fn dixa_api_key_to_store(given: &str, stored: Option<String>) -> Result<String, String> {
    let given = given.trim();
    if given.is_empty() {
        return stored
            .filter(|k| !k.is_empty())
            .ok_or_else(|| "the Dixa API key is required: nps.today reads the agent's P-GAP from Dixa with it".into());
    }
    if given.len() > 4096 || given.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b >= 0x80) {
        return Err("the Dixa API key has spaces or characters an API token does not have; paste it again".into());
    }
    Ok(given.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_ids() {
        assert!(check_queue_id("986359e5-e201-48ab-84af-c7799e03e58c").is_ok());
        for bad in ["", "a/b", "q 1", "ø", &"x".repeat(101)] {
            assert!(check_queue_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_are_write_only() {
        assert_eq!(dixa_api_key_to_store("", Some("old".into())), Ok("old".into()));
        assert_eq!(dixa_api_key_to_store(" new ", Some("old".into())), Ok("new".into()));
        assert!(dixa_api_key_to_store("", None).is_err());
        assert!(dixa_api_key_to_store("  ", Some(String::new())).is_err());
        assert!(dixa_api_key_to_store("two words", None).is_err());
    }
}
