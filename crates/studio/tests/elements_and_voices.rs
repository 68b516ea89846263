//! Elements and voices kept in the library (issue 14 item 6) against the emulator: a create is
//! remembered until it ends (a restart in between loses nothing), then filed with its pictures;
//! the account's own and Kling's presets are kept with pictures and trial sounds; a delete keeps
//! the sidecar marked deleted, so a result made with the element still names it; the folders
//! are not gallery items; a failed create keeps its reason.

use std::time::Duration;
use studio::assets::{self, AssetKindName, AssetStore, ElementSpec, VoiceSpec};

mod common;

use common::{client, setup};

/// Syncs until nothing is being made (bounded).
async fn synced(client: &kling_api::KlingClient, store: &AssetStore) -> assets::SyncSummary {
    let mut all = assets::SyncSummary::default();
    for _ in 0..200 {
        let summary = tokio::time::timeout(Duration::from_secs(20), assets::sync(client, store)).await.expect("a sync ends in time").unwrap();
        all.made.extend(summary.made);
        all.failed.extend(summary.failed);
        all.warnings.extend(summary.warnings);
        if summary.making == 0 {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("still making after 200 syncs");
}

#[tokio::test]
async fn an_element_made_from_pictures_is_kept_with_them_and_survives_its_deletion() {
    let s = setup().await;
    let front = s.dir.path().join("front.png");
    image::RgbImage::from_pixel(600, 800, image::Rgb([200, 40, 40])).save(&front).unwrap();
    let spec = ElementSpec {
        name: "Mia".into(),
        description: "a girl in a yellow raincoat".into(),
        pictures: vec![front.display().to_string(), "https://example.com/side.png".into()],
        tags: vec!["Character".into()],
        voice_id: Some("preset-voice-1".into()),
        ..ElementSpec::default()
    };
    let store = AssetStore::new(s.library.root());
    let pending = assets::create_element(&client(&s.sim), &store, &spec).await.unwrap();
    assert_eq!((pending.kind, pending.name.as_str()), (AssetKindName::Element, "Mia"));
    // A restart before it is made: the create is still known.
    let store = AssetStore::new(s.library.root());
    assert_eq!(store.pending().len(), 1);
    let summary = synced(&client(&s.sim), &store).await;
    assert_eq!(summary.made, ["Mia"]);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert!(store.pending().is_empty());

    let elements = store.elements();
    let mia = elements.iter().find(|e| !e.preset).expect("the account's element");
    assert_eq!((mia.name.as_str(), mia.tags.as_slice(), mia.voice_name.as_deref()), ("Mia", &["o_102".to_string()][..], Some("Warm narrator")));
    assert_eq!(mia.pictures, ["front.png", "refer-1.png"]);
    let kept = image::open(store.picture_path(&mia.element_id, "front.png").unwrap()).unwrap().to_rgb8();
    assert_eq!((kept.dimensions(), kept.get_pixel(10, 10).0), ((600, 800), [200, 40, 40]), "the front picture as given");
    let presets: Vec<_> = elements.iter().filter(|e| e.preset).collect();
    assert!(presets.len() >= 4 && presets.iter().all(|p| p.pictures == ["front.png"]), "{presets:?}");
    let voices = store.voices();
    assert!(voices.len() >= 4 && voices.iter().all(|v| v.preset && v.trial.as_deref() == Some("trial.mp3")), "{voices:?}");

    // Not gallery items.
    s.library.rescan().unwrap();
    assert_eq!(s.library.count().unwrap(), 0);

    // Deleted from the account: kept here, marked; a second sync keeps it so.
    assets::delete(&client(&s.sim), &store, AssetKindName::Element, &mia.element_id).await.unwrap();
    synced(&client(&s.sim), &store).await;
    let after = store.element(&mia.element_id).unwrap();
    assert!(after.deleted && after.pictures.len() == 2);
    let preset = &presets[0].element_id;
    let refused = assets::delete(&client(&s.sim), &store, AssetKindName::Element, preset).await.unwrap_err();
    assert_eq!(refused.code(), kling_api::ErrorCode::InvalidInput);
    assert!(refused.user_message().contains("presets"), "{}", refused.user_message());
}

#[tokio::test]
async fn a_voice_is_made_and_a_failed_create_keeps_its_reason() {
    let s = setup().await;
    s.sim.update(|c| c.failing_word = Some("doomed".into()));
    let store = AssetStore::new(s.library.root());
    let c = client(&s.sim);
    assets::create_voice(&c, &store, &VoiceSpec { name: "Narrator".into(), url: Some("https://example.com/me.wav".into()), video_id: None }).await.unwrap();
    let doomed = ElementSpec {
        name: "Doomed".into(),
        description: "a doomed thing".into(),
        pictures: vec!["https://example.com/f.png".into(), "https://example.com/s.png".into()],
        ..ElementSpec::default()
    };
    assets::create_element(&c, &store, &doomed).await.unwrap();
    let summary = synced(&c, &store).await;
    assert_eq!(summary.made, ["Narrator"]);
    assert_eq!(summary.failed.len(), 1);
    assert!(summary.failed[0].1.contains("risk control"), "{:?}", summary.failed);
    assert_eq!(store.pending()[0].failure.as_deref(), Some(summary.failed[0].1.as_str()), "kept to be shown");
    let narrator = store.voices().into_iter().find(|v| !v.preset).unwrap();
    assert_eq!((narrator.name.as_str(), narrator.trial.as_deref()), ("Narrator", Some("trial.mp3")));

    // Refused before anything is sent, nothing remembered.
    let before = s.sim.requests().len();
    let bad = ElementSpec { pictures: vec!["https://example.com/f.png".into()], ..doomed };
    let e = assets::create_element(&c, &store, &bad).await.unwrap_err();
    assert!(e.user_message().contains("refer_images"), "{}", e.user_message());
    assert_eq!(s.sim.requests().len(), before);
    assert_eq!(store.pending().len(), 1);
}
