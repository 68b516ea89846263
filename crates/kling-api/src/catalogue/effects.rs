//! The video effects (`effect_scene`, addendum §6.4) as data: `effects.jsonl`, one scene a line,
//! read once. Sources and the rule for retiring scenes: `README.md` beside it.

use crate::params::VideoDuration;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One effect: its `effect_scene` name, how many pictures it takes (`input.image` for 1,
/// `input.images` for 2), and the lengths it makes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    pub scene: String,
    pub pictures: u8,
    pub durations: Vec<VideoDuration>,
}

const DATA: &str = include_str!("effects.jsonl");

/// Every effect, in the file's order.
pub fn effects() -> &'static [Effect] {
    static ALL: OnceLock<Vec<Effect>> = OnceLock::new();
    ALL.get_or_init(|| parse(DATA).unwrap_or_else(|line| panic!("catalogue/effects.jsonl line {line} is not an effect; the unit tests name the fault")))
}

/// The effect named `scene`, if the catalogue knows it.
pub fn effect(scene: &str) -> Option<&'static Effect> {
    effects().iter().find(|e| e.scene == scene)
}

/// The effects of a file, or the number of the first line that is not one.
fn parse(data: &str) -> Result<Vec<Effect>, usize> {
    let mut list = Vec::new();
    for (i, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let effect: Effect = serde_json::from_str(line).map_err(|_| i + 1)?;
        let sane_name = !effect.scene.is_empty() && effect.scene.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !sane_name || !(1..=2).contains(&effect.pictures) || effect.durations.is_empty() {
            return Err(i + 1);
        }
        list.push(effect);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_file_parses_and_names_each_scene_once() {
        let all = parse(DATA).expect("every line is an effect");
        assert_eq!(all.len(), effects().len());
        let names: HashSet<&str> = all.iter().map(|e| e.scene.as_str()).collect();
        assert_eq!(names.len(), all.len(), "a scene is listed twice");
        assert!(all.len() > 200, "{}", all.len());
    }

    #[test]
    fn the_fifteen_dual_scenes_take_two_pictures() {
        let dual: HashSet<&str> = effects().iter().filter(|e| e.pictures == 2).map(|e| e.scene.as_str()).collect();
        let named = [
            "pet_skateboard", "daily_ootd", "toss_run", "switch_to_silk", "studio_look", "french_elegance", "finger_swipe", "smooth_transition", "kiss_pro",
            "snow_night_kiss", "eternal_kiss", "cheers_2026", "fight_pro", "hug_pro", "heart_gesture_pro",
        ];
        assert_eq!(dual, named.into_iter().collect());
        assert_eq!(effect("hug_pro").unwrap().durations, [VideoDuration::FIVE]);
        let single = effect("pet_lion_pro").unwrap();
        assert_eq!((single.pictures, single.durations.as_slice()), (1, [VideoDuration::FIVE, VideoDuration::TEN].as_slice()));
    }

    #[test]
    fn discontinued_and_retired_scenes_are_gone() {
        for gone in ["hug", "kiss", "heart_gesture", "fight", "magic_match_tree"] {
            assert!(effect(gone).is_none(), "{gone}");
        }
    }

    #[test]
    fn a_bad_line_is_named() {
        assert_eq!(parse("{\"scene\":\"a\",\"pictures\":1,\"durations\":[\"5\"]}\n\nnot json"), Err(3));
        assert_eq!(parse("{\"scene\":\"a\",\"pictures\":3,\"durations\":[\"5\"]}"), Err(1));
        assert_eq!(parse("{\"scene\":\"A b\",\"pictures\":1,\"durations\":[\"5\"]}"), Err(1));
        assert_eq!(parse("{\"scene\":\"a\",\"pictures\":1,\"durations\":[]}"), Err(1));
        assert_eq!(parse("").unwrap(), Vec::new());
    }
}
