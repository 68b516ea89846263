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
    /// Units left in the packs currently in force.
    pub fn remaining(&self) -> f64 {
        self.packs.iter().filter(|p| p.status == "online").map(|p| p.remaining_quantity).sum()
    }
}

#[derive(Deserialize)]
pub(crate) struct CostsData {
    #[serde(default)]
    pub resource_pack_subscribe_infos: Vec<ResourcePack>,
}
