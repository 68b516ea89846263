//! Elements & Voices without the window: a result made with an element names it (still after
//! the element is deleted from the account), one made with an id the library does not keep
//! names that id; form pictures are taken only as files, library paths or links.

use super::*;
use kling_api::{ClientConfig, Credentials, ElementId, ElementRef, ImageRequest, KlingClient};
use kling_sim::{Sim, SimConfig};
use std::time::Duration;
use studio::{Engine, EngineConfig, Library, NewJob};

const AK: &str = "assets-ak";
const SK: &str = "assets-sk-never-shown";

#[tokio::test]
async fn a_result_names_the_elements_it_was_made_with_even_once_deleted() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new(AK, SK))).unwrap();
    let store = AssetStore::new(library.root());
    let spec = ElementSpec {
        name: "Mia".into(),
        description: "a girl".into(),
        pictures: vec!["https://example.com/f.png".into(), "https://example.com/s.png".into()],
        ..ElementSpec::default()
    };
    assets::create_element(&client, &store, &spec).await.unwrap();
    for _ in 0..200 {
        if assets::sync(&client, &store).await.unwrap().making == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mia = store.elements().into_iter().find(|e| !e.preset).expect("made");
    let id: u64 = mia.element_id.parse().unwrap();

    let engine = Engine::new(library.clone(), client.clone(), EngineConfig::fast());
    let request = ImageRequest {
        model_name: "kling-v3".into(),
        element_list: Some(vec![ElementRef { element_id: ElementId(id) }, ElementRef { element_id: ElementId(42) }]),
        ..ImageRequest::new("<<<element_1>>> and <<<element_2>>> at a picnic")
    };
    let job = engine.enqueue(NewJob::Image { request, image: None }).unwrap();
    let done = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.unwrap().unwrap();
    let item = &done[0].item_ids[0];

    let made = made_with_in(&library, item).unwrap();
    assert_eq!(made.elements.iter().map(|e| e.element.name.as_str()).collect::<Vec<_>>(), ["Mia"]);
    assert_eq!(made.unknown_elements, ["42"]);
    assert!(made.elements[0].picture_files[0].ends_with("front.png") && std::path::Path::new(&made.elements[0].picture_files[0]).is_file());

    assets::delete(&client, &store, AssetKindName::Element, &mia.element_id).await.unwrap();
    let made = made_with_in(&library, item).unwrap();
    assert!(made.elements[0].element.deleted, "still named, marked deleted");
    assert!(made_with_in(&library, "no-such-item").is_err());
}

#[test]
fn form_pictures_are_files_library_paths_or_links() {
    let root = std::path::Path::new("/lib");
    assert_eq!(picture(root, "https://example.com/a.png").unwrap(), "https://example.com/a.png");
    assert_eq!(picture(root, "/home/me/a.png").unwrap(), "/home/me/a.png");
    assert_eq!(picture(root, "inputs/abc.png").unwrap(), "/lib/inputs/abc.png");
    for bad in ["", "  ", "../../etc/passwd", "inputs/../../x.png"] {
        let e = picture(root, bad).unwrap_err();
        assert_eq!(e.code, kling_api::ErrorCode::InvalidInput, "{bad:?}");
    }
}
