//! What the app's log keeps: our crates at info, every dependency at warn
//! (so no D-Bus or HTTP internals at the default level). `HJS_LOG` changes
//! that: a level alone (`HJS_LOG=debug`) applies to our crates, and
//! `target=level` items (`HJS_LOG=debug,zbus=trace`) to any module.

use log::LevelFilter;

/// The crates whose messages are the app's own.
const OURS: [&str; 5] = ["hjs_desk", "hjs_client", "hjs_provider", "hjs_model", "hjs_memory"];

/// The log's filter: the level for everything else, then per-module levels.
#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    pub default: LevelFilter,
    pub modules: Vec<(String, LevelFilter)>,
}

impl Levels {
    /// The levels `HJS_LOG` asks for (unset: the defaults). An item that is
    /// not a level is reported and skipped, so a typo never silences the log.
    pub fn from_spec(spec: Option<&str>) -> (Levels, Vec<String>) {
        let mut ours = LevelFilter::Info;
        let mut others = Vec::new();
        let mut refused = Vec::new();
        for item in spec.unwrap_or_default().split(',').map(str::trim).filter(|item| !item.is_empty()) {
            match item.split_once('=') {
                None => match item.parse() {
                    Ok(level) => ours = level,
                    Err(_) => refused.push(item.to_string()),
                },
                Some((target, level)) => match level.trim().parse() {
                    Ok(level) if !target.trim().is_empty() => others.push((target.trim().replace('-', "_"), level)),
                    _ => refused.push(item.to_string()),
                },
            }
        }
        let mut modules: Vec<(String, LevelFilter)> = OURS.iter().map(|name| (name.to_string(), ours)).collect();
        for (target, level) in others {
            modules.retain(|(name, _)| *name != target);
            modules.push((target, level));
        }
        (Levels { default: LevelFilter::Warn, modules }, refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level_of(levels: &Levels, target: &str) -> LevelFilter {
        levels.modules.iter().find(|(name, _)| name == target).map(|(_, level)| *level).unwrap_or(levels.default)
    }

    #[test]
    fn by_default_our_crates_log_info_and_dependencies_only_warnings() {
        let (levels, refused) = Levels::from_spec(None);
        assert!(refused.is_empty());
        assert_eq!(level_of(&levels, "hjs_client"), LevelFilter::Info);
        assert_eq!(level_of(&levels, "hjs_desk"), LevelFilter::Info);
        assert_eq!(level_of(&levels, "zbus"), LevelFilter::Warn, "D-Bus internals stay out of the log");
    }

    #[test]
    fn a_level_alone_applies_to_our_crates_and_targets_to_their_modules() {
        let (levels, refused) = Levels::from_spec(Some(" debug , zbus=trace, hjs-client=warn"));
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(level_of(&levels, "hjs_desk"), LevelFilter::Debug);
        assert_eq!(level_of(&levels, "hjs_client"), LevelFilter::Warn, "a named crate wins over the level for ours");
        assert_eq!(level_of(&levels, "zbus"), LevelFilter::Trace);
        assert_eq!(level_of(&levels, "hyper"), LevelFilter::Warn);
    }

    #[test]
    fn items_that_are_not_levels_are_reported_and_change_nothing() {
        let (levels, refused) = Levels::from_spec(Some("loud,zbus=,=debug,hyper=verbose"));
        assert_eq!(refused, ["loud", "zbus=", "=debug", "hyper=verbose"]);
        assert_eq!(levels, Levels::from_spec(None).0);
    }
}
