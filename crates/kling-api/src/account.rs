use crate::pricing::Pack;
use serde::{Deserialize, Serialize};

/// The account's API resource packs (`GET /account/costs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountCosts {
    pub packs: Vec<ResourcePack>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourcePack {
    #[serde(rename = "resource_pack_name", default)]
    pub name: String,
    #[serde(rename = "resource_pack_id", default)]
    pub id: String,
    #[serde(rename = "resource_pack_type", default)]
    pub pack_type: String,
    #[serde(default)]
    pub total_quantity: f64,
    #[serde(default)]
    pub remaining_quantity: f64,
    #[serde(default)]
    pub purchase_time: i64,
    #[serde(default)]
    pub effective_time: i64,
    #[serde(default)]
    pub invalid_time: i64,
    #[serde(default)]
    pub status: String,
}

impl AccountCosts {
    /// Units left in the packs currently in force. Only meaningful for packs of one kind: a video
    /// unit is worth about forty image units (addendum §7.1); the faces show packs one by one.
    pub fn remaining(&self) -> f64 {
        self.packs.iter().filter(|p| p.status == "online").map(|p| p.remaining_quantity).sum()
    }
}

impl ResourcePack {
    /// The kind of units the pack holds, guessed from its name ("Video Generation - 10,000
    /// entries"): `/account/costs` has no field for it (addendum §7.4). None when the name says
    /// neither.
    pub fn kind_guess(&self) -> Option<Pack> {
        let name = self.name.to_lowercase();
        if name.contains("try-on") || name.contains("try on") || name.contains("tryon") {
            return Some(Pack::TryOn);
        }
        match (name.contains("video"), name.contains("image") || name.contains("picture")) {
            (true, false) => Some(Pack::Video),
            (false, true) => Some(Pack::Image),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CostsData {
    #[serde(default)]
    pub resource_pack_subscribe_infos: Vec<ResourcePack>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_parse_and_only_online_ones_count() {
        let data: CostsData = serde_json::from_str(
            r#"{"code":0,"msg":"ok","resource_pack_subscribe_infos":[
                {"resource_pack_name":"Video Pack","resource_pack_id":"p1","resource_pack_type":"decreasing_total",
                 "total_quantity":200.0,"remaining_quantity":118.5,"purchase_time":1,"effective_time":2,"invalid_time":3,"status":"online","extra":1},
                {"resource_pack_name":"Old","resource_pack_id":"p2","resource_pack_type":"constant_period",
                 "total_quantity":10,"remaining_quantity":10,"purchase_time":1,"effective_time":2,"invalid_time":3,"status":"expired"}]}"#,
        )
        .unwrap();
        let costs = AccountCosts { packs: data.resource_pack_subscribe_infos };
        assert_eq!(costs.packs[0].name, "Video Pack");
        assert_eq!(costs.packs[0].pack_type, "decreasing_total");
        assert_eq!(costs.packs[1].remaining_quantity, 10.0);
        assert_eq!(costs.remaining(), 118.5);
        assert_eq!(costs.packs[0].kind_guess(), Some(Pack::Video));
        let named = |name: &str| ResourcePack { name: name.into(), ..costs.packs[0].clone() };
        assert_eq!(named("Image Generation - 50,000 entries").kind_guess(), Some(Pack::Image));
        assert_eq!(named("Virtual Try-On Pack").kind_guess(), Some(Pack::TryOn));
        assert_eq!(named("Kolors virtual try on - 1,000 entries").kind_guess(), Some(Pack::TryOn));
        assert_eq!(named("Trial pack").kind_guess(), None);
        assert_eq!(named("Video and image bundle").kind_guess(), None);
        let empty: CostsData = serde_json::from_str("{}").unwrap();
        assert!(empty.resource_pack_subscribe_infos.is_empty());
    }
}
